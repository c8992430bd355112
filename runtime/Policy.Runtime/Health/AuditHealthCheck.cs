using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Policy.Runtime.Audit;
using Policy.Runtime.Hosting;

namespace Policy.Runtime.Health;

/// <summary>
/// Healthy while the audit monitor's last run verified the record, recently (within
/// <see cref="PolicyHealthOptions.MaxAuditAge"/>); unhealthy once it found tampering, could not read the store, stopped,
/// or has not verified for too long. Degraded before its first run.
/// </summary>
public sealed class AuditHealthCheck(AuditMonitor monitor, IOptionsMonitor<PolicyOptions> options, TimeProvider? time = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = monitor.Status;
        var settings = options.CurrentValue;
        var limit = settings.Health.MaxAuditAge ?? (settings.Audit.CheckpointInterval * 2) + settings.Audit.RetryAfterFailure;
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var result = status switch
        {
            _ when monitor.ExecuteTask is { IsCompleted: true } => HealthCheckResult.Unhealthy("The audit monitor is not running: the record is no longer being verified."),
            { Failure: { } failure } => HealthCheckResult.Unhealthy($"The audit record could not be verified: {failure}"),
            { Report: null } => HealthCheckResult.Degraded("The audit record has not been verified yet."),
            // Which cases are affected is in the log, for those entitled to read it; not on an anonymous endpoint.
            { Report.IsClean: false } => HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"The audit record does not verify: {status.Report.Problems.Count} problems found at {status.Report.At:u}.")),
            _ when now - status.Report.At > limit => HealthCheckResult.Unhealthy(string.Create(
                CultureInfo.InvariantCulture,
                $"The audit record was last verified at {status.Report.At:u}, longer ago than {PolicyOptions.SectionName}:Health:MaxAuditAge allows ({limit:c}).")),
            _ => HealthCheckResult.Healthy(string.Create(
                CultureInfo.InvariantCulture,
                $"The audit record verified at {status.Report.At:u}; last checkpoint {status.LastCheckpoint?.Sequence.ToString(CultureInfo.InvariantCulture) ?? "none"}.")),
        };
        return Task.FromResult(result);
    }
}
