using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Policy.Sample.Tests;

/// <summary>
/// Supervision over a force's caseload: 100,000 general investigations in the store, the 300 oldest with their first
/// meeting overdue and the rest opened in the last ten days. The page must show every one of the overdue ones, the
/// oldest cases, first, and must find them from the store's due-work index, reading no more cases than it shows.
/// </summary>
public sealed partial class WorkAtScaleTests(ScaleApp app, ITestOutputHelper output) : IClassFixture<ScaleApp>
{
    private const int Cases = 100_000;
    private const int Overdue = 300;

    [Fact]
    public async Task Supervision_shows_the_overdue_deadlines_of_the_oldest_of_100000_cases_reading_only_what_it_shows()
    {
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var clock = Stopwatch.StartNew();
        var seeded = await anonymous.PostAsync($"/testing/scale/seed?cases={Cases}&overdue={Overdue}", null);
        Assert.True(seeded.IsSuccessStatusCode, await seeded.Content.ReadAsStringAsync() + app.Output);
        var imported = await seeded.Content.ReadFromJsonAsync<ImportResult>();
        Assert.Equal((Cases, 0), (imported!.Imported, imported.Refused));
        output.WriteLine($"Imported {Cases:N0} cases in {clock.Elapsed.TotalSeconds:F1} s.");

        using var shah = await SignedInClient.SignInAsync(app, "ps.shah");
        var before = await ReadsAsync(anonymous);
        clock.Restart();
        var page = WebUtility.HtmlDecode(await shah.GetStringAsync("/supervision"));
        output.WriteLine($"Supervision in {clock.Elapsed.TotalMilliseconds:F0} ms.");
        var reads = await ReadsAsync(anonymous) - before;

        var overdue = page[page.IndexOf("id=\"overdue\"", StringComparison.Ordinal)..page.IndexOf("id=\"due-soon\"", StringComparison.Ordinal)];
        var listed = CaseOf().Matches(overdue).Select(m => m.Groups["case"].Value).Where(c => c.StartsWith("GI-SCALE-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, Overdue).Select(i => $"GI-SCALE-{i:D7}"), listed);
        Assert.All(CaseOf().Matches(overdue).Where(m => m.Groups["case"].Value.StartsWith("GI-SCALE-", StringComparison.Ordinal)), m => Assert.Equal("FirstMeeting", m.Groups["deadline"].Value));

        // There are 100,000 open deadlines: the page says it lists the most urgent, and it read at most the cases it
        // lists (and the demonstration's own), never the rest.
        Assert.Contains("id=\"work-incomplete\"", page);
        Assert.InRange(reads, Overdue, 600);

        // The supervisor's own work finds the same overdue meetings first, from the same index.
        var work = WebUtility.HtmlDecode(await shah.GetStringAsync("/work"));
        var mine = CaseOf().Matches(work).Select(m => m.Groups["case"].Value).Where(c => c.StartsWith("GI-SCALE-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"GI-SCALE-{i:D7}"), mine); // the page shows the 200 most urgent
        Assert.Contains("You have more than", work);
    }

    private static async Task<long> ReadsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Reads>("/testing/scale/reads"))!.CasesRead;

    private sealed record ImportResult(int Imported, int Refused);

    private sealed record Reads(long CasesRead);

    [GeneratedRegex("data-case=\"(?<case>[^\"]+)\" data-deadline=\"(?<deadline>[^\"]+)\"")]
    private static partial Regex CaseOf();
}
