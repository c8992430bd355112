using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Health;

/// <summary>Healthy when the case store answers and, for a database store, its schema is the version this code writes.</summary>
public sealed class CaseStoreHealthCheck(ICaseStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (store is ICaseStoreSchema schema)
            {
                var version = await schema.ReadSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
                if (version != schema.ExpectedSchemaVersion)
                {
                    return HealthCheckResult.Unhealthy(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The case store's schema is at version {version}, not {schema.ExpectedSchemaVersion}: it has not been migrated (InitializeAsync runs when the application starts)."));
                }

                return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The case store answers; schema version {version}."));
            }

            await store.NextDueAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The case store answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception's type only: a driver's message can hold a host name or a file path, and /health is often anonymous.
            return HealthCheckResult.Unhealthy($"The case store cannot be reached ({exception.GetType().Name}).");
        }
    }
}
