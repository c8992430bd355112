using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Policy.Runtime.Hosting;

namespace CaseManagement.Security;

/// <summary>
/// Throttles sign-in attempts by client address with ASP.NET Core's rate limiter: at most
/// <c>SignIn:AttemptsPerMinute</c> posts a minute from one address (default 20); more get the "too many attempts" page
/// (429). Reading the sign-in page is not limited. Behind a proxy, configure forwarded headers so the address is the client's.
/// </summary>
public static class SignInThrottle
{
    public const string PolicyName = "signin";

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = PolicySettings.Get(configuration, "SignIn:AttemptsPerMinute", 20);
        if (perMinute < 1)
        {
            throw new OptionsValidationException("SignIn", typeof(int), [string.Create(CultureInfo.InvariantCulture, $"The setting SignIn:AttemptsPerMinute is {perMinute}: it must be at least 1.")]);
        }

        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("read"));
        });
    }
}
