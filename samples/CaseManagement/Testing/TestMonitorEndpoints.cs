using Policy.Runtime.Monitoring;

namespace CaseManagement.Testing;

/// <summary>
/// <c>/testing/monitor/stop</c>: stops the deadline monitor, as a crash would, so that a test can watch /health turn
/// unhealthy. Mapped only in the Testing environment.
/// </summary>
public static class TestMonitorEndpoints
{
    public const string Path = "/testing/monitor";

    public static void MapTestMonitor(this WebApplication app)
    {
        var group = app.MapGroup(Path).AllowAnonymous().DisableAntiforgery();
        group.MapPost("/stop", async (DeadlineMonitor monitor, CancellationToken cancellationToken) =>
        {
            await monitor.StopAsync(cancellationToken);
            return Results.Ok(new { monitor.IsRunning });
        });
    }
}
