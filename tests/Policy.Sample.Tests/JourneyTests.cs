using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Policy.Sample.Tests;

/// <summary>
/// Journeys in Chromium, each page checked with axe-core and kept as a screenshot (screenshots/journeys/): a SOIT
/// finds her own task on her work page and opens it; an officer searches for a case; every page of the application,
/// the error pages included, for each kind of user.
/// </summary>
public sealed class JourneyTests(TestingApp app, ITestOutputHelper output) : BrowserSession(app), IClassFixture<TestingApp>
{
    private static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots", "journeys")).FullName;

    [BrowserFact]
    public async Task A_SOIT_signs_in_to_her_work_sees_her_task_count_down_and_opens_its_case()
    {
        try
        {
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseAddress, "/signin").ToString());
            await SignInAsync(page, "pc.okafor");

            // Signing in lands on her work: her task on the RASSO case, and nothing of anyone else's.
            Assert.EndsWith("/work", page.Url, StringComparison.Ordinal);
            var task = page.Locator($"#my-work li.work-item[data-case='{SignedInClient.RassoCase}'][data-deadline='RoutineVictimUpdate']");
            await Expect(task).ToContainTextAsync("Give the victim a routine update");
            await Expect(task.Locator(".reason")).ToContainTextAsync("assigned to you as Sexual Offences Investigative Trained officer");
            await Expect(page.Locator("#my-work li.work-item[data-case^='INC-']")).ToHaveCountAsync(0);

            await Expect(task.Locator("[data-countdown] time")).ToHaveTextAsync(new Regex("^\\d+ days? \\d+ hours? left$"));
            await CheckAsync(page, "01-soit-my-work");

            // She opens the case from her task, states why, and sees why the task is due when it is.
            await task.Locator($"a[data-case='{SignedInClient.RassoCase}']").First.ClickAsync();
            await page.FillAsync("#purpose-input", "Updating the victim");
            await page.ClickAsync("#purpose button[type=submit]");
            var why = page.Locator("#deadlines details.why[data-why='RoutineVictimUpdate']");
            await why.Locator("summary").ClickAsync();
            await Expect(why).ToContainTextAsync("The policy's rule: Sexual Offences Investigative Trained officer must give the victim a routine update within");
            await CheckAsync(page, "02-soit-case-why-due");
        }
        catch
        {
            output.WriteLine(app.Output);
            throw;
        }
    }

    [BrowserFact]
    public async Task Every_page_passes_axe_for_each_kind_of_user()
    {
        try
        {
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseAddress, "/signin").ToString());
            await CheckAsync(page, "10-sign-in");

            // An officer: their work, the case list, a search, a case (asked why first), an unknown page.
            await SignInAsync(page, "dc.patel");
            await CheckAsync(page, "11-officer-my-work");
            await GoAsync(page, "/");
            await CheckAsync(page, "12-officer-cases");
            await page.FillAsync("#q", "burglary");
            await page.ClickAsync("#search button[type=submit]");
            await Expect(page.Locator("#search-result")).ToContainTextAsync("1 case match");
            await CheckAsync(page, "13-officer-search");
            await GoAsync(page, $"/cases/{SignedInClient.RassoCase}");
            await CheckAsync(page, "14-officer-purpose");
            await GoAsync(page, $"/cases/{SignedInClient.RassoCase}?purpose=Investigating%20this%20case");
            await page.Locator("details[data-action='RecordKeyUpdate'] summary").ClickAsync();
            await page.Locator("details.correct summary").First.ClickAsync();
            await CheckAsync(page, "15-officer-case");
            await GoAsync(page, "/no-such-page");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
            await CheckAsync(page, "16-not-found");
            await GoAsync(page, "/inbox");
            await CheckAsync(page, "17-officer-inbox");
            await SignOutAsync(page);

            // A supervisor: supervision, officers with the absence forms, the team's escalation.
            await SignInAsync(page, "ps.shah");
            await GoAsync(page, "/supervision");
            await Expect(page.Locator("#overdue li.work-item[data-case='RASSO-2026-0002']")).ToBeVisibleAsync();
            await CheckAsync(page, "20-supervisor-supervision");
            await GoAsync(page, "/officers");
            await CheckAsync(page, "21-supervisor-officers");
            await SignOutAsync(page);

            // The control room: an incident, and the dispatch supervisor's escalated work.
            await SignInAsync(page, "op.reid");
            await GoAsync(page, "/cases/INC-2026-0002?purpose=Responding%20to%20the%20incident");
            await CheckAsync(page, "30-control-room-incident");
            await SignOutAsync(page);
            // Twenty minutes on, INC-2026-0001's attendance falls due: the dispatch supervisor is told in his inbox.
            using (var clock = app.CreateClient())
            {
                (await clock.PostAsync("/testing/clock/advance?by=00:20:00", null)).EnsureSuccessStatusCode();
            }

            await SignInAsync(page, "ps.khan");
            var escalated = page.Locator("#my-work li.work-item[data-case='INC-2026-0003']");
            await Expect(escalated.Locator(".escalated-to")).ToContainTextAsync("PS Imran Khan");

            // Its countdown runs in the page by itself, second by second.
            var countdown = escalated.Locator("[data-countdown] time");
            var first = await countdown.TextContentAsync();
            Assert.Matches("^\\d+ minutes? \\d+ seconds? overdue$", first);
            await Expect(countdown).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
            await CheckAsync(page, "31-dispatch-supervisor-my-work");

            await page.ClickAsync("#inbox-link");
            await Expect(page.Locator("#unread-count")).ToBeVisibleAsync();
            await Expect(page.Locator("#inbox li.unread[data-case='INC-2026-0001']").First).ToContainTextAsync("Escalated to you on INC-2026-0001");
            await CheckAsync(page, "32-dispatch-supervisor-inbox");
            await page.ClickAsync("form button.secondary:text('Mark all as read')");
            await Expect(page.Locator("#unread-count")).ToHaveCountAsync(0);
            await Expect(page.Locator("#inbox li.unread")).ToHaveCountAsync(0);
        }
        catch
        {
            output.WriteLine(app.Output);
            throw;
        }
    }

    [BrowserFact]
    public async Task A_read_with_no_part_in_the_case_is_refused_or_flagged_and_Professional_Standards_sees_both_queries()
    {
        try
        {
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            var casePage = new Uri(app.BaseAddress, $"/cases/{SignedInClient.RassoCase}").ToString();

            // A SOIT with no part in this victim's case: a purpose of his own is refused, and nothing of the case is shown.
            await page.GotoAsync(new Uri(app.BaseAddress, "/signin").ToString());
            await SignInAsync(page, "pc.lee");
            await page.GotoAsync(casePage);
            await page.FillAsync("#purpose-input", "Checking on her");
            await page.ClickAsync("#purpose button[type=submit]");
            await Expect(page.Locator("#read-refused [role=alert]")).ToContainTextAsync("may be read only for one of these purposes: Linked investigation, Safeguarding, Disclosure, Supervision review");
            await Expect(page.Locator("#deadlines")).ToHaveCountAsync(0);
            await CheckAsync(page, "40-read-refused");

            // One of the policy's purposes: he may read it, and the read is flagged to Professional Standards.
            await page.GotoAsync(casePage);
            await page.FillAsync("#purpose-input", "Safeguarding");
            await page.ClickAsync("#purpose button[type=submit]");
            await Expect(page.Locator("#deadlines")).ToHaveCountAsync(1);
            await page.ClickAsync("form.signout button");

            // Professional Standards sees the flagged read, who read the case, and what the officer read.
            await page.GotoAsync(new Uri(app.BaseAddress, "/signin").ToString());
            await SignInAsync(page, "ds.morgan");
            await page.GotoAsync(new Uri(app.BaseAddress, "/standards").ToString());
            var flagged = page.Locator("#flagged tr.flagged").Filter(new LocatorFilterOptions { HasText = "PC Tom Lee" });
            await Expect(flagged.First).ToContainTextAsync("Safeguarding");
            await Expect(flagged.First).ToContainTextAsync(SignedInClient.RassoCase);
            await CheckAsync(page, "41-standards-flagged");

            await page.FillAsync("#case-input", SignedInClient.RassoCase);
            await page.ClickAsync("#who-read button[type=submit]");
            await Expect(page.Locator("#who-read tr.refused").Filter(new LocatorFilterOptions { HasText = "PC Tom Lee" })).ToContainTextAsync("Checking on her");
            await Expect(page.Locator("#who-read tr.flagged").Filter(new LocatorFilterOptions { HasText = "PC Tom Lee" })).ToContainTextAsync("flagged to ProfessionalStandards");
            await CheckAsync(page, "42-standards-who-read");

            await page.SelectOptionAsync("#officer-input", "pc.lee");
            await page.ClickAsync("#what-read button[type=submit]");
            await Expect(page.Locator("#what-read tbody tr")).ToHaveCountAsync(2);
            await CheckAsync(page, "43-standards-what-read");
        }
        catch
        {
            output.WriteLine(app.Output);
            throw;
        }
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        await Accessibility.AssertNoSeriousViolationsAsync(page, name, Screenshots);
    }

}
