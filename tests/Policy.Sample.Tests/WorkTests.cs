using System.Net;
using System.Text.RegularExpressions;

namespace Policy.Sample.Tests;

/// <summary>
/// My work and supervision over HTTP: each officer sees what is theirs to do, most urgent first; a supervisor sees
/// their team's cases, all of them, and the escalations that name them, which they acknowledge and take ownership of,
/// each step on the case's history.
/// </summary>
public sealed partial class WorkTests(TestingApp app) : IClassFixture<TestingApp>
{
    [Fact]
    public async Task A_SOITs_work_lists_her_own_tasks_most_urgent_first_and_nobody_elses()
    {
        using var soit = await SignedInClient.SignInAsync(app, "pc.okafor");
        var before = Items(await soit.GetStringAsync("/work"));
        Assert.Contains(before, i => i.Case == SignedInClient.RassoCase && i.Deadline == "RoutineVictimUpdate" && i.Reason == "Assigned");
        Assert.DoesNotContain(before, i => i.Case.StartsWith("INC-", StringComparison.Ordinal) || i.Case.StartsWith("GI-", StringComparison.Ordinal));
        Assert.DoesNotContain(before, i => i.Deadline == "FirstReview");

        // The OIC records a DNA match: telling the victim within a working day becomes her most urgent task.
        using var oic = await SignedInClient.SignInAsync(app, "dc.patel");
        await SignedInClient.RecordKeyUpdateAsync(oic);

        var page = WebUtility.HtmlDecode(await soit.GetStringAsync("/work"));
        var after = Items(page);
        Assert.Equal(("KeyUpdateToVictim", "Assigned"), (after[0].Deadline, after[0].Reason));
        Assert.Equal(after.OrderBy(i => i.Due).Select(i => i.Deadline), after.Select(i => i.Deadline));
        Assert.Contains("Tell the victim of a key update", page);
        Assert.Contains("assigned to you as Sexual Offences Investigative Trained officer", page);
    }

    [Fact]
    public async Task An_escalation_goes_to_the_named_supervisor_who_acknowledges_it_and_takes_ownership_on_the_cases_history()
    {
        // INC-2026-0003's unit was diverted; its attendance was escalated to the dispatch supervisor: PS Khan.
        const string incident = "INC-2026-0003";
        using var khan = await SignedInClient.SignInAsync(app, "ps.khan");
        var work = WebUtility.HtmlDecode(await khan.GetStringAsync("/work"));
        var item = Items(work).Single(i => i.Case == incident);
        Assert.Equal("Escalated", item.Reason);
        Assert.Contains("Escalated at", work);
        Assert.Contains("to PS Imran Khan (Dispatch supervisor (MetCC))", work);
        Assert.Contains("Not yet acknowledged.", work);

        // The investigations supervisor neither sees it nor may act on it, even with a hand-made post.
        using var shah = await SignedInClient.SignInAsync(app, "ps.shah");
        Assert.DoesNotContain($"data-case=\"{incident}\"", await shah.GetStringAsync("/supervision"));
        var forged = await PostStepAsync(shah, incident, "Attendance", 1, "OwnershipTaken");
        Assert.Contains("is for a supervisor of Response and control room holding the role Dispatch supervisor (MetCC). Nothing was recorded.", forged);

        var acknowledged = await PostStepAsync(khan, incident, "Attendance", 1, "Acknowledged");
        Assert.Contains("You acknowledged the escalation of A unit attends within the target for the call's grade on INC-2026-0003.", acknowledged);
        Assert.Contains("Acknowledged by PS Imran Khan at", acknowledged);
        var owned = await PostStepAsync(khan, incident, "Attendance", 1, "OwnershipTaken");
        Assert.Contains("Owned by PS Imran Khan since", owned);
        var again = await PostStepAsync(khan, incident, "Attendance", 1, "Acknowledged");
        Assert.Contains("was already owned by PS Imran Khan. Nothing more was recorded.", again);

        // Both steps, once each, on the case's history, after the escalation.
        var timeline = WebUtility.HtmlDecode(await khan.GetStringAsync($"/cases/{incident}?purpose=Supervisory%20review"));
        var titles = Regex.Matches(timeline, "<div class=\"entry-title\">([^<]*)</div>").Select(m => m.Groups[1].Value).Reverse().ToList();
        var escalatedAt = titles.FindIndex(t => t.StartsWith("Escalated to Dispatch supervisor (MetCC)", StringComparison.Ordinal));
        var acknowledgedAt = titles.FindIndex(t => t == "Escalation acknowledged by PS Imran Khan: A unit attends within the target for the call's grade");
        var ownedAt = titles.FindIndex(t => t == "PS Imran Khan took ownership of the escalation: A unit attends within the target for the call's grade");
        Assert.True(escalatedAt >= 0 && acknowledgedAt > escalatedAt && ownedAt > acknowledgedAt, string.Join("\n", titles));
        Assert.Single(titles, t => t.StartsWith("Escalation acknowledged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervision_shows_an_overdue_deadline_on_a_case_older_than_the_newest_200()
    {
        // 210 newer cases: the case list reads the newest 200, so the overdue RASSO-2026-0002 drops off it...
        using var shah = await SignedInClient.SignInAsync(app, "ps.shah");
        var token = await SignedInClient.TokenAsync(shah, "/");
        for (var i = 0; i < 210; i++)
        {
            var opened = await shah.PostAsync("/?handler=Open", SignedInClient.Form(("__RequestVerificationToken", token), ("policy", "GeneralInvestigation")));
            Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        }

        Assert.DoesNotContain("data-case=\"RASSO-2026-0002\"", await shah.GetStringAsync("/"));

        // ...but supervision reads every case of the team: it is there, overdue and escalated to the crime manager.
        var supervision = WebUtility.HtmlDecode(await shah.GetStringAsync("/supervision"));
        var overdue = supervision[supervision.IndexOf("id=\"overdue\"", StringComparison.Ordinal)..supervision.IndexOf("id=\"due-soon\"", StringComparison.Ordinal)];
        Assert.Contains("data-case=\"RASSO-2026-0002\" data-deadline=\"FirstReview\"", overdue);
        Assert.Contains("to DI Helen Walsh (BCU Crime Manager)", overdue);
    }

    private static async Task<string> PostStepAsync(HttpClient client, string caseId, string deadline, int instance, string step)
    {
        var token = await SignedInClient.TokenAsync(client, "/work");
        var response = await client.PostAsync("/work?handler=Escalation", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("caseId", caseId), ("deadline", deadline), ("instance", instance.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("step", step), ("returnUrl", "/work")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    private sealed record Item(string Case, string Deadline, string Reason, DateTimeOffset Due);

    private static List<Item> Items(string page) =>
        ItemPattern().Matches(page).Select(m => new Item(
            m.Groups["case"].Value, m.Groups["deadline"].Value, m.Groups["reason"].Value,
            DateTimeOffset.Parse(m.Groups["due"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex("<li class=\"work-item deadline\" data-case=\"(?<case>[^\"]+)\" data-deadline=\"(?<deadline>[^\"]+)\"(?:(?!</li>).)*?data-due=\"(?<due>[^\"]+)\"(?:(?!</li>).)*?data-reason=\"(?<reason>[^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex ItemPattern();
}
