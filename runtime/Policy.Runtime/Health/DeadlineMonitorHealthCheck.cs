using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Policy.Runtime.Cases;
using Policy.Runtime.Hosting;
using Policy.Runtime.Monitoring;

namespace Policy.Runtime.Health;

/// <summary>
/// Unhealthy when this process's deadline monitor has stopped, or when a deadline has been due for longer than
/// <see cref="PolicyHealthOptions.MaxMonitorLag"/> without being recorded (read from the store, so a monitor in another
/// process counts too). Degraded while the monitor catches up after starting.
/// </summary>
public sealed class DeadlineMonitorHealthCheck(CaseService cases, IOptionsMonitor<PolicyOptions> options, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var monitor = services.GetService<DeadlineMonitor>();
        if (monitor is not null && !monitor.IsRunning)
        {
            return HealthCheckResult.Unhealthy("The deadline monitor is not running: breaches and escalations are not being recorded.");
        }

        if (monitor is not null && monitor.LastPassAt is null)
        {
            return HealthCheckResult.Degraded("The deadline monitor is catching up with what fell due while it was down.");
        }

        var limit = options.CurrentValue.Health.MaxMonitorLag;
        var now = cases.TimeProvider.GetUtcNow();
        DateTimeOffset? oldest;
        try
        {
            oldest = await cases.Store.NextDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The deadline monitor's lag cannot be read: the case store cannot be reached ({exception.GetType().Name}).");
        }

        var lag = oldest is { } due && due < now ? now - due : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["lagSeconds"] = lag.TotalSeconds };
        if (lag > limit)
        {
            return HealthCheckResult.Unhealthy(
                $"A deadline has been due for {Describe(lag)} without being recorded, more than {PolicyOptions.SectionName}:Health:MaxMonitorLag ({Describe(limit)}).",
                data: data);
        }

        return HealthCheckResult.Healthy(
            monitor is null ? $"No deadline monitor runs in this process; the oldest due deadline is {Describe(lag)} behind." : $"The deadline monitor runs, {Describe(lag)} behind.",
            data);
    }

    private static string Describe(TimeSpan span) => span.ToString(@"d\.hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
