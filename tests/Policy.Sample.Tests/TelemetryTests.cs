using System.Diagnostics;

namespace Policy.Sample.Tests;

/// <summary>The sample exports the runtime's meter and activity source with OpenTelemetry; here to the console.</summary>
public sealed class TelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task The_runtimes_counters_gauge_and_activities_reach_the_OpenTelemetry_exporter()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var page = await client.GetAsync("/cases/" + SignedInClient.RassoCase + "?purpose=Checking%20the%20exporter");
        Assert.True(page.IsSuccessStatusCode, app.Output);

        // The seeded cases' past breaches are history; moving the clock an hour makes the incidents' attendance
        // deadlines fall due, so the monitor records breaches and escalations. The case page is a read.
        using (var clockClient = app.CreateClient())
        {
            (await clockClient.PostAsync("/testing/clock/advance?by=01:00:00", null)).EnsureSuccessStatusCode();
        }

        string[] expected = ["policy.deadlines.breached", "policy.deadlines.escalated", "policy.reads", "policy.monitor.lag", "policy.store.load.duration", "policy.case.save", "policy.monitor.pass"];
        var clock = Stopwatch.StartNew();
        while (expected.Any(name => !app.Output.Contains(name, StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        var output = app.Output;
        Assert.All(expected, name => Assert.True(output.Contains(name, StringComparison.Ordinal), $"'{name}' was never exported:\n{output}"));

        // The read's purpose is recorded in the audit trail, never in telemetry.
        Assert.DoesNotContain("Checking the exporter", output, StringComparison.Ordinal);
    }
}
