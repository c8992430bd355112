using CaseManagement.Cases;
using Microsoft.AspNetCore.Diagnostics;

namespace CaseManagement.Security;

/// <summary>
/// Refuses a request that says it is larger than <see cref="InputLimits.RequestBodyBytes"/> with 413 before any of it
/// is read, so the officer is told it was too large (Kestrel's own limit, for a body that does not say its length,
/// stops the read part-way and the form is refused as unreadable).
/// </summary>
public static class RequestSizeLimit
{
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // The status code page is shown by running the request again; let that run.
            if (context.Request.ContentLength > InputLimits.RequestBodyBytes && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            await next();
        });
}
