using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Policy.Sample.Tests;

/// <summary>
/// Deadlines in the words officers use, in UK time: "due by end of Monday 7 December" for a deadline at midnight,
/// "2 hours 11 minutes overdue", the policy's titles rather than its internal names, and why each deadline is due
/// when it is, down to the weekend days a working-day count skipped.
/// </summary>
public sealed partial class WordsTests(TestingApp app) : IClassFixture<TestingApp>
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task A_working_day_counted_from_a_Friday_is_due_by_the_end_of_the_next_working_day_and_says_it_skipped_the_weekend()
    {
        // Move the application's clock to next Friday, 10:00 in London, and record a key update on the RASSO case then.
        using var anonymous = app.CreateClient();
        var now = (await anonymous.GetFromJsonAsync<ClockReading>("/testing/clock"))!.Now;
        var local = TimeZoneInfo.ConvertTime(now, London);
        var friday = local.Date.AddDays(((int)DayOfWeek.Friday - (int)local.DayOfWeek + 7) % 7 + 7).AddHours(10);
        var target = new DateTimeOffset(friday, London.GetUtcOffset(friday));
        (await anonymous.PostAsync($"/testing/clock/advance?by={(target - now).ToString("c", CultureInfo.InvariantCulture)}", null)).EnsureSuccessStatusCode();

        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        const string path = "/cases/" + SignedInClient.RassoCase + "?purpose=Investigating%20this%20case";
        await SignedInClient.RecordKeyUpdateAsync(client);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var deadline = DeadlinePattern().Match(page);
        Assert.True(deadline.Success, "The key update's deadline is on the case page.");
        var line = deadline.Value;

        // Due by the end of the first working day after Friday: a Monday, or later when Monday is a bank holiday.
        var due = Regex.Match(line, "due by end of (\\w+day) (\\d+ \\w+)");
        Assert.True(due.Success, line);
        Assert.NotEqual("Saturday", due.Groups[1].Value);
        Assert.NotEqual("Sunday", due.Groups[1].Value);
        Assert.Contains($"It started at {friday.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}, 10:0", line);
        Assert.Contains("when \"Record a key update in the investigation\" was recorded by DC Ravi Patel", line);
        Assert.Contains("The policy's rule: Sexual Offences Investigative Trained officer must tell the victim of a key update within 1 working day.", line);
        var saturday = friday.AddDays(1).ToString("dddd d MMMM", CultureInfo.GetCultureInfo("en-GB"));
        var sunday = friday.AddDays(2).ToString("dddd d MMMM", CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains($"on the England and Wales calendar, which skipped: {saturday} (Saturday); {sunday} (Sunday)", line);
        Assert.Contains($"So it is due by end of {due.Groups[1].Value} {due.Groups[2].Value}.", line);
        Assert.Contains("VICTIMS_CODE:", line);

        // The policy's titles, not its internal names.
        Assert.DoesNotContain("TellVictimOfKeyUpdate", StripAttributes(line));
        Assert.DoesNotContain("SOIT must", StripAttributes(line));
    }

    private static string StripAttributes(string html) => Regex.Replace(html, "<[^>]+>", " ");

    [GeneratedRegex("<li class=\"deadline\">(?:(?!</details>).)*data-deadline=\"KeyUpdateToVictim\"(?:(?!</details>).)*</details>", RegexOptions.Singleline)]
    private static partial Regex DeadlinePattern();

    private sealed record ClockReading(DateTimeOffset Now, TimeSpan Offset, int Recorded);
}

/// <summary>An overdue deadline's words, on an application of its own (its clock is moved by hours, not days).</summary>
public sealed class OverdueWordsTests(TestingApp app) : IClassFixture<TestingApp>
{
    [Fact]
    public async Task An_overdue_deadline_says_how_long_overdue_in_hours_and_minutes()
    {
        // INC-2026-0002's Significant call was graded 45 minutes before the application started: due 15 minutes after.
        using var anonymous = app.CreateClient();
        (await anonymous.PostAsync("/testing/clock/advance?by=02:26:00", null)).EnsureSuccessStatusCode();
        using var client = await SignedInClient.SignInAsync(app, "op.reid");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/cases/INC-2026-0002?purpose=Responding%20to%20the%20incident"));
        Assert.Matches("<time datetime=\"[^\"]+\">2 hours 1[12] minutes overdue</time>", page);
        Assert.Contains("Officer or unit deployed to the incident: record that the unit has arrived at the scene, due by", Regex.Replace(page, "<[^>]+>", ""));

        // Why: the grade chose the Significant target, a setting, counted in calendar time from the grading.
        Assert.Contains("when \"Grade the call\" was recorded by Operator Jo Reid.", page);
        Assert.Contains("The policy's rule: Officer or unit deployed to the incident must record that the unit has arrived at the scene within 60 minutes (the setting \"Attendance target for Significant (S) calls\"), the time the policy gives when the grade is Significant.", page);
        Assert.Contains("It is counted in calendar time: every day counts", page);
    }
}
