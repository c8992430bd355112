using Microsoft.Extensions.Diagnostics.HealthChecks;
using Policy.Runtime.Audit;

namespace CaseManagement.Storage;

/// <summary>Healthy while the audit monitor's last run verified the record; unhealthy once it found tampering or could not read the store.</summary>
public sealed class AuditHealthCheck(AuditMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = monitor.Status;
        var result = status switch
        {
            { Failure: { } failure } => HealthCheckResult.Unhealthy($"The audit record could not be verified: {failure}"),
            { Report: null } => HealthCheckResult.Degraded("The audit record has not been verified yet."),
            { Report.IsClean: true } => HealthCheckResult.Healthy($"The audit record verified at {status.Report.At:u}; last checkpoint {status.LastCheckpoint?.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}."),
            // Which cases are affected is in the log, for those entitled to read it; not on an anonymous endpoint.
            _ => HealthCheckResult.Unhealthy($"The audit record does not verify: {status.Report.Problems.Count} problems found at {status.Report.At:u}."),
        };
        return Task.FromResult(result);
    }
}
