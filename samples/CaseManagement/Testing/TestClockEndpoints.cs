using System.Globalization;
using Policy.Runtime.Cases;
using Policy.Runtime.Monitoring;

namespace CaseManagement.Testing;

/// <summary>
/// <c>/testing/clock</c>: reads and moves the <see cref="TestClock"/>. Mapped only in the Testing environment, so it
/// does not exist anywhere else (the sample's HTTP tests check that).
/// </summary>
public static class TestClockEndpoints
{
    public const string Path = "/testing/clock";

    public static void MapTestClock(this WebApplication app)
    {
        var group = app.MapGroup(Path).AllowAnonymous().DisableAntiforgery();
        group.MapGet("", (TestClock clock) => Results.Ok(Now(clock)));

        // POST /testing/clock/advance?by=1.02:00:00 (a TimeSpan: days.hours:minutes:seconds)
        group.MapPost("/advance", async (string by, TestClock clock, CaseService cases, DeadlineMonitor monitor, CancellationToken cancellationToken) =>
        {
            if (!TimeSpan.TryParse(by, CultureInfo.InvariantCulture, out var amount) || amount < TimeSpan.Zero)
            {
                return Results.BadRequest("'by' must be a positive time span such as 1.02:00:00.");
            }

            clock.Advance(amount);

            // Record what fell due before answering, so the test sees it at once; then wake the background monitor,
            // whose sleep was planned on the old time, so it plans again.
            // The pass is its own trace, as the background monitor's are, not part of this request's.
            System.Diagnostics.Activity.Current = null;
            var recorded = await monitor.RunOnceAsync(cancellationToken);
            cases.DueTimes.DueAt(clock.GetUtcNow());
            return Results.Ok(Now(clock) with { Recorded = recorded });
        });
    }

    private static ClockReading Now(TestClock clock) => new(clock.GetUtcNow(), clock.Offset, 0);

    private sealed record ClockReading(DateTimeOffset Now, TimeSpan Offset, int Recorded);
}
