using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Policy.Runtime.Diagnostics;
using Policy.Runtime.Hosting;

namespace CaseManagement.Telemetry;

/// <summary>
/// Exports the runtime's metrics and traces (meter and activity source "Policy") with OpenTelemetry: over OTLP when
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, to the console when <c>Telemetry:Console</c> is true.
/// <c>dotnet-counters monitor -n CaseManagement --counters Policy</c> reads the same meter without either (see docs/operations.md).
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddPolicyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = PolicySettings.Get(configuration, "Telemetry:Console", false);
        if (!otlp && !console)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("CaseManagement"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PolicyDiagnostics.Name);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(PolicyDiagnostics.Name);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        return services;
    }
}
