using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Policy.Sample.Tests;

/// <summary>
/// The sample as officers use it, in Chromium: an OIC records a key update on the RASSO case; the test clock moves
/// to just before it is due, and the countdown turns overdue in the page by itself; the monitor escalates it to the
/// supervisor; the supervisor's attempt to close the case is refused with the policy's rule. Screenshots of each step
/// are kept in the test's output folder (screenshots/), at a desktop's width and a phone's.
/// </summary>
public sealed class BrowserTests(TestingApp app, ITestOutputHelper output) : BrowserSession(app), IClassFixture<TestingApp>
{
    private const string Purpose = "Investigating this case";
    private static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    [BrowserFact]
    public async Task A_key_update_falls_overdue_is_escalated_to_the_supervisor_and_blocks_closure()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await RunScenarioAsync();
        }
        catch
        {
            output.WriteLine(app.Output);
            throw;
        }

        output.WriteLine($"Browser scenario took {watch.Elapsed.TotalSeconds:0.0} s; screenshots in {Screenshots}");
    }

    private async Task RunScenarioAsync()
    {
        await using var desktop = await NewContextAsync(1280, 800);
        var page = await desktop.NewPageAsync();

        // Nothing without signing in: the case list sends the officer to sign in.
        await page.GotoAsync(app.BaseAddress.ToString());
        Assert.Contains("/signin", page.Url);
        await ShotAsync(page, "01-sign-in-desktop");
        await SignInAsync(page, "dc.patel");
        await Expect(page.Locator($"[data-case='{SignedInClient.RassoCase}']")).ToBeVisibleAsync();
        await ShotAsync(page, "02-case-list-desktop");

        // Reading the case asks why.
        await page.ClickAsync($"a.case-id:text('{SignedInClient.RassoCase}')");
        await Expect(page.Locator("#purpose")).ToBeVisibleAsync();
        await page.FillAsync("#purpose-input", Purpose);
        await page.ClickAsync("#purpose button[type=submit]");
        await Expect(page.Locator("#timeline")).ToBeVisibleAsync();
        await Expect(page.Locator(".entry-read").First).ToContainTextAsync(Purpose);

        // Bad input: a message beside the field, and nothing recorded.
        var keyUpdate = page.Locator("details[data-action='RecordKeyUpdate']");
        await keyUpdate.Locator("summary").ClickAsync();
        await keyUpdate.Locator("select[name='v.keyUpdate']").SelectOptionAsync("DnaMatch");
        await keyUpdate.Locator("button[type=submit]").ClickAsync();
        keyUpdate = page.Locator("details[data-action='RecordKeyUpdate']");
        await Expect(keyUpdate.Locator("[data-field='v.detail'] .field-error")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-deadline='KeyUpdateToVictim']")).ToHaveCountAsync(0);
        await ShotAsync(page, "03-bad-input-desktop");

        // Record the DNA match as a key update: the victim must be told within 1 working day.
        await keyUpdate.Locator("textarea[name='v.detail']").FillAsync("Forensic lab reports a DNA match to the suspect.");
        await keyUpdate.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Recorded");
        var flag = page.Locator("#deadlines [data-deadline='KeyUpdateToVictim']");
        await Expect(flag).ToHaveClassAsync("flag flag-open");
        await ShotAsync(page, "04-key-update-recorded-desktop");

        // Move the clock to an hour before it is due. Once more than 8 hours have passed the officer's session
        // has expired (sessions run on the application's clock too), so they sign in again and come back to the case.
        var due = DateTimeOffset.Parse((await flag.GetAttributeAsync("data-due"))!, CultureInfo.InvariantCulture);
        await AdvanceAsync(due - await ClockAsync() - TimeSpan.FromHours(1));
        await page.ReloadAsync();
        if (page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await SignInAsync(page, "dc.patel");
        }

        flag = page.Locator("#deadlines [data-deadline='KeyUpdateToVictim']");
        await Expect(flag).ToHaveClassAsync("flag flag-due-soon");

        // Then to a few seconds before: the page's own countdown turns it overdue, without reloading.
        await AdvanceAsync(due - await ClockAsync() - TimeSpan.FromSeconds(12));
        await page.ReloadAsync();
        await Expect(flag).ToHaveClassAsync("flag flag-due-soon");
        await ShotAsync(page, "05-due-soon-desktop");
        await Expect(flag).ToHaveClassAsync("flag flag-overdue", new() { Timeout = 30_000 });
        await Expect(flag.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+ seconds? overdue$"));
        await ShotAsync(page, "06-overdue-desktop");

        // A minute later the monitor has recorded the breach and escalated it to the supervisor.
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await SignOutAsync(page);
        await SignInAsync(page, "ps.shah");
        await page.GotoAsync(new Uri(app.BaseAddress, "/supervision").ToString());
        var escalation = page.Locator($"#overdue li.work-item[data-case='{SignedInClient.RassoCase}'][data-deadline='KeyUpdateToVictim']");
        await Expect(escalation.Locator(".escalated-to")).ToContainTextAsync("to DS Amira Shah (Investigation supervisor (PS/DS))");
        await Expect(escalation.Locator(".unacknowledged")).ToBeVisibleAsync();
        await ShotAsync(page, "07-supervision-desktop");

        // She acknowledges it, then takes ownership: each step is shown, and goes on the case's history.
        await escalation.Locator("button[value='Acknowledged']").ClickAsync();
        escalation = page.Locator($"#overdue li.work-item[data-case='{SignedInClient.RassoCase}'][data-deadline='KeyUpdateToVictim']");
        await Expect(escalation.Locator(".acknowledged")).ToContainTextAsync("Acknowledged by DS Amira Shah");
        await escalation.Locator("button[value='OwnershipTaken']").ClickAsync();
        escalation = page.Locator($"#overdue li.work-item[data-case='{SignedInClient.RassoCase}'][data-deadline='KeyUpdateToVictim']");
        await Expect(escalation.Locator(".owned")).ToContainTextAsync("Owned by DS Amira Shah");
        await Expect(escalation.Locator("button")).ToHaveCountAsync(0);

        // The supervisor tries to close the case: the rule refuses, in the policy's words.
        await page.GotoAsync(new Uri(app.BaseAddress, $"/cases/{SignedInClient.RassoCase}?purpose={Uri.EscapeDataString("Supervisory review")}").ToString());
        var close = page.Locator("details[data-action='Close']");
        await close.Locator("summary").ClickAsync();
        await close.Locator("select[name='v.outcome']").SelectOptionAsync("Charged");
        await close.Locator("input[name='v.peopleCameToNotice'][value='no']").CheckAsync();
        await close.Locator("textarea[name='v.rationale']").FillAsync("Suspect charged; file complete.");
        await close.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("details[data-action='Close'] .refusal"))
            .ToContainTextAsync("The victim has not yet been told of a key update. The SOIT must tell them before the investigation is closed.");
        await Expect(page.Locator(".state")).ToHaveTextAsync("Under investigation");
        await Expect(page.Locator("#timeline .entry-refusal").First).ToContainTextAsync("Refused: DS Amira Shah tried to close the investigation");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("DS Amira Shah took ownership of the escalation: The victim is told of each key update within 1 working day");
        await page.Locator("details[data-action='Close']").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "08-closure-refused-desktop", fullPage: false);
        await ShotAsync(page, "09-case-full-desktop");

        // The same pages at a phone's width, as the phone shows them (one screen at a time).
        await using var phone = await NewContextAsync(390, 844);
        var small = await phone.NewPageAsync();
        await small.GotoAsync(app.BaseAddress.ToString());
        await ShotAsync(small, "10-sign-in-phone", fullPage: false);
        await SignInAsync(small, "ps.shah");
        await ShotAsync(small, "11-case-list-phone", fullPage: false);
        await small.GotoAsync(new Uri(app.BaseAddress, $"/cases/{SignedInClient.RassoCase}?purpose={Uri.EscapeDataString("Supervisory review")}").ToString());
        await ShotAsync(small, "12-case-phone", fullPage: false);
        await small.Locator("details[data-action='Close'] summary").ClickAsync();
        await small.Locator("details[data-action='Close'] summary").ScrollIntoViewIfNeededAsync();
        await ShotAsync(small, "13-case-action-phone", fullPage: false);
        await small.Locator("#timeline").ScrollIntoViewIfNeededAsync();
        await ShotAsync(small, "14-case-timeline-phone", fullPage: false);
        await small.GotoAsync(new Uri(app.BaseAddress, "/supervision").ToString());
        await ShotAsync(small, "15-supervision-phone", fullPage: false);
        await small.GotoAsync(new Uri(app.BaseAddress, "/work").ToString());
        await ShotAsync(small, "16-my-work-phone", fullPage: false);
        await small.GotoAsync(new Uri(app.BaseAddress, "/officers").ToString());
        await ShotAsync(small, "17-officers-phone", fullPage: false);
    }

    private async Task<DateTimeOffset> ClockAsync()
    {
        using var client = app.CreateClient();
        var reading = await client.GetFromJsonAsync<ClockReading>("/testing/clock");
        return reading!.Now;
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync($"/testing/clock/advance?by={by.ToString("c", CultureInfo.InvariantCulture)}", null);
        response.EnsureSuccessStatusCode();
    }

    private static async Task ShotAsync(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });


    private sealed record ClockReading(DateTimeOffset Now, TimeSpan Offset, int Recorded);
}
