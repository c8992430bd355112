using System.Net;

namespace Policy.Sample.Tests;

/// <summary>/health as an operator's probe sees it: healthy while the deadline monitor runs, unhealthy once it stops.</summary>
public sealed class HealthTests(TestingApp app) : IClassFixture<TestingApp>
{
    [Fact]
    public async Task Health_turns_unhealthy_when_the_deadline_monitor_stops()
    {
        using var client = app.CreateClient();

        // The monitors catch up as the application starts; until then the checks say "Degraded".
        var (status, body) = (HttpStatusCode.OK, "");
        for (var attempt = 0; attempt < 100 && body is "" or "Degraded"; attempt++)
        {
            using var response = await client.GetAsync("/health");
            (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            if (body == "Degraded")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));

        var stopped = await client.PostAsync("/testing/monitor/stop", null);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Contains("\"isRunning\":false", await stopped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var after = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal("Unhealthy", await after.Content.ReadAsStringAsync());
    }
}
