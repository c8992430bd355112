using System.Net;
using System.Text.RegularExpressions;

namespace Policy.Sample.Tests;

/// <summary>
/// What an officer, or someone who is not one, can throw at the application over HTTP: oversized and unreadable input,
/// unknown actions, forged posts, officers who do not fit the role, and pages that do not exist. Each gets the
/// application's own page saying what happened, and nothing is stored that should not be.
/// </summary>
public sealed partial class HardeningTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private const string Purpose = "Investigating this case";

    [Fact]
    public async Task Errors_are_shown_in_the_applications_layout_with_what_to_do_and_no_stack_trace()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var cases = new (string Path, HttpStatusCode Status, string Heading)[]
        {
            ("/no-such-page", HttpStatusCode.NotFound, "Page not found"),
            ("/cases/RASSO-1999-9999?purpose=Investigating%20this%20case", HttpStatusCode.NotFound, "Page not found"),
        };
        foreach (var (path, status, heading) in cases)
        {
            var response = await client.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            AssertBranded(await response.Content.ReadAsStringAsync(), heading);
        }

        // A post without its antiforgery token (made on another site, say) is refused on the application's page.
        var forged = await client.PostAsync($"/cases/{SignedInClient.RassoCase}?handler=Act", SignedInClient.Form(("purpose", Purpose), ("action", "Close")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        AssertBranded(await forged.Content.ReadAsStringAsync(), "The form could not be accepted");

        // 2 MB in one field is refused before it is read: none of it reaches the record.
        var token = await SignedInClient.TokenAsync(client, CasePath(SignedInClient.RassoCase));
        var huge = await client.PostAsync($"/cases/{SignedInClient.RassoCase}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "RecordKeyUpdate"), ("v.keyUpdate", "DnaMatch"), ("v.detail", new string('x', 2_000_000))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        AssertBranded(await huge.Content.ReadAsStringAsync(), "Too much to send at once");
        Assert.DoesNotContain("data-deadline=\"KeyUpdateToVictim\"", await client.GetStringAsync(CasePath(SignedInClient.RassoCase)));
    }

    [Fact]
    public async Task Text_over_its_limit_is_refused_beside_the_field_kept_in_the_form_and_not_recorded()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var page = await client.GetStringAsync(CasePath(SignedInClient.RassoCase));
        Assert.Contains("At most 4,000 characters", page);

        var typed = "Forensic lab reports a DNA match. " + new string('y', 4_000);
        var token = await SignedInClient.TokenAsync(client, CasePath(SignedInClient.RassoCase));
        var response = await client.PostAsync($"/cases/{SignedInClient.RassoCase}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "RecordKeyUpdate"), ("v.keyUpdate", "DnaMatch"), ("v.detail", typed)));
        var answer = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches("data-field=\"v.detail\"[^§]*?<p class=\"field-error\"[^>]*>This is 4,034 characters; at most 4,000 can be kept.", answer);
        Assert.Contains(typed + "</textarea>", answer);
        Assert.DoesNotContain("data-deadline=\"KeyUpdateToVictim\"", await client.GetStringAsync(CasePath(SignedInClient.RassoCase)));
    }

    [Fact]
    public async Task An_unknown_action_is_answered_with_a_message_and_records_nothing()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var before = Entries(WebUtility.HtmlDecode(await client.GetStringAsync(CasePath(SignedInClient.RassoCase))));
        var token = await SignedInClient.TokenAsync(client, CasePath(SignedInClient.RassoCase));
        var response = await client.PostAsync($"/cases/{SignedInClient.RassoCase}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "DeleteTheCase")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("has no action called \"DeleteTheCase\". Nothing was recorded.", page);
        Assert.Equal(before.Where(e => !e.StartsWith("Read", StringComparison.Ordinal)), Entries(page).Where(e => !e.StartsWith("Read", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refusal_by_the_policys_rule_is_on_the_cases_timeline()
    {
        // Closing an incident as attended when no unit arrived is forbidden by the policy's rule.
        using var client = await SignedInClient.SignInAsync(app, "op.reid");
        const string incident = "INC-2026-0002";
        var token = await SignedInClient.TokenAsync(client, CasePath(incident));
        var response = await client.PostAsync($"/cases/{incident}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "CloseIncident"),
            ("v.closure", "Attended"), ("v.closure.Attended.result", "Words of advice given.")));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        const string rule = "No unit has recorded arriving at this incident.";
        Assert.Contains(rule, page);
        Assert.Contains("<p class=\"state\">Waiting for a unit to be deployed</p>", page);

        var timeline = Entries(WebUtility.HtmlDecode(await client.GetStringAsync(CasePath(incident))));
        // Once: the runtime keeps every refusal in the case's record, and the page adds none of its own.
        Assert.Single(timeline, e => e.StartsWith("Refused: Operator Jo Reid", StringComparison.Ordinal) && e.Contains("tried to close the incident", StringComparison.Ordinal) && e.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_officers_who_hold_the_role_are_offered_for_it_and_a_forged_choice_is_refused()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        const string unallocated = "GI-2026-0002";
        var page = await client.GetStringAsync(CasePath(unallocated));
        var select = SelectPattern().Match(page);
        Assert.True(select.Success, "The Allocate form has an OIC select.");
        Assert.Contains("value=\"dc.patel\"", select.Value);
        Assert.Contains("value=\"dc.jones\"", select.Value);
        Assert.DoesNotContain("value=\"op.reid\"", select.Value);
        Assert.DoesNotContain("value=\"pc.okafor\"", select.Value);

        var token = await SignedInClient.TokenAsync(client, CasePath(unallocated));
        var response = await client.PostAsync($"/cases/{unallocated}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "Allocate"), ("v.oic", "op.reid")));
        var answer = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Operator Jo Reid does not hold the role Officer in charge of the investigation.", answer);
        Assert.Contains("<p class=\"state\">Reported: not yet allocated</p>", WebUtility.HtmlDecode(await client.GetStringAsync(CasePath(unallocated))));
    }

    [Fact]
    public async Task A_SOIT_is_not_offered_and_cannot_open_an_incident()
    {
        using var client = await SignedInClient.SignInAsync(app, "pc.okafor");
        var list = await client.GetStringAsync("/");
        Assert.DoesNotContain("value=\"IncidentAttendance\"", list);

        var token = await SignedInClient.TokenAsync(client, "/");
        var response = await client.PostAsync("/?handler=Open", SignedInClient.Form(("__RequestVerificationToken", token), ("policy", "IncidentAttendance")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("case is opened by: Call handler (MetCC)", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));

        // The call handler can.
        using var operatorClient = await SignedInClient.SignInAsync(app, "op.reid");
        token = await SignedInClient.TokenAsync(operatorClient, "/");
        var opened = await operatorClient.PostAsync("/?handler=Open", SignedInClient.Form(("__RequestVerificationToken", token), ("policy", "IncidentAttendance")));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("/cases/IA-", opened.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absence_can_be_corrected_and_ended_and_the_officer_is_then_available()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        var token = await SignedInClient.TokenAsync(client, "/officers");
        await client.PostAsync("/officers?handler=Absence", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("officer", "dc.patel"), ("from", "2020-01-01T09:00"), ("until", ""), ("confirmed", "no"), ("reason", "Sick")));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/officers"));
        Assert.Matches("data-officer=\"dc.patel\"[^§]*?Absent", page);
        var key = AbsenceKeyPattern().Match(page[page.IndexOf("data-officer=\"dc.patel\"", StringComparison.Ordinal)..]).Groups[1].Value;

        // A correction over its limit is refused beside the field; a valid one is kept.
        token = await SignedInClient.TokenAsync(client, "/officers");
        var tooLong = await client.PostAsync("/officers?handler=Correct", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("officer", "dc.patel"), ("absence", key), ("from", "2020-01-01T09:00"), ("confirmed", "no"), ("reason", new string('r', 201))));
        Assert.Contains("This is 201 characters; at most 200 can be kept.", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()));
        var corrected = await client.PostAsync("/officers?handler=Correct", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("officer", "dc.patel"), ("absence", key), ("from", "2020-01-01T09:00"), ("confirmed", "no"), ("reason", "Annual leave")));
        Assert.Contains("(Annual leave), not confirmed", WebUtility.HtmlDecode(await corrected.Content.ReadAsStringAsync()));

        // While absent, the policy refuses to allocate to him; once the absence is ended, it accepts.
        const string unallocated = "GI-2026-0002";
        token = await SignedInClient.TokenAsync(client, CasePath(unallocated));
        var refused = await client.PostAsync($"/cases/{unallocated}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "Allocate"), ("v.oic", "dc.patel")));
        Assert.Contains("This officer is recorded as absent from work.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        token = await SignedInClient.TokenAsync(client, "/officers");
        var ended = await client.PostAsync("/officers?handler=End", SignedInClient.Form(("__RequestVerificationToken", token), ("officer", "dc.patel"), ("absence", key)));
        var endedPage = WebUtility.HtmlDecode(await ended.Content.ReadAsStringAsync());
        Assert.Contains("The absence of DC Ravi Patel ended at", endedPage);
        Assert.Matches("data-officer=\"dc.patel\"[^§]*?At work", endedPage);

        token = await SignedInClient.TokenAsync(client, CasePath(unallocated));
        var allocated = await client.PostAsync($"/cases/{unallocated}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", Purpose), ("action", "Allocate"), ("v.oic", "dc.patel")));
        Assert.Equal(HttpStatusCode.Redirect, allocated.StatusCode);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        foreach (var path in new[] { "/", "/signin", "/no-such-page" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        }
    }

    private static string CasePath(string caseId) => $"/cases/{caseId}?purpose={Uri.EscapeDataString(Purpose)}";

    private static void AssertBranded(string page, string heading)
    {
        Assert.Contains("<a class=\"brand\" href=\"/\">Case management</a>", page);
        Assert.Contains($"<h1>{heading}</h1>", WebUtility.HtmlDecode(page));
        Assert.DoesNotContain("Exception", page);
        Assert.DoesNotContain("   at ", page);
    }

    /// <summary>The timeline's entries, as "title detail" lines.</summary>
    private static List<string> Entries(string page) =>
        EntryPattern().Matches(page).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ").Trim()).Select(t => Regex.Replace(t, "\\s+", " ")).ToList();

    [GeneratedRegex("<div class=\"entry-title\">(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex EntryPattern();

    [GeneratedRegex("<select id=\"Allocate-v-oic\"[^§]*?</select>")]
    private static partial Regex SelectPattern();

    [GeneratedRegex("name=\"absence\" value=\"(\\d+)\"")]
    private static partial Regex AbsenceKeyPattern();
}

/// <summary>Sign-in is locked by officer ID after repeated wrong passwords.</summary>
public sealed class SignInLockoutTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_id_even_against_the_right_one_and_other_officers_still_sign_in()
    {
        using var client = app.CreateClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (status, page) = await SignInPosts.PostAsync(client, "di.walsh", "wrong-" + attempt);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(attempt < 5 ? "That officer ID and password do not match." : "locked after 5 wrong passwords in a row", page);
        }

        var (rightStatus, right) = await SignInPosts.PostAsync(client, "di.walsh", SignedInClient.Password);
        Assert.Equal(HttpStatusCode.OK, rightStatus);
        Assert.Contains("locked after 5 wrong passwords in a row", right);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        using var other = await SignedInClient.SignInAsync(app, "ps.shah");
        Assert.Contains("data-officer=\"ps.shah\"", await other.GetStringAsync("/"));
    }
}

/// <summary>A lockout is kept in the data folder: stopping the application, as a crash or a deployment would, does not lift it.</summary>
public sealed class SignInLockoutRestartTests(RestartedApp app) : IClassFixture<RestartedApp>
{
    [Fact]
    public async Task A_locked_id_stays_locked_after_the_application_restarts_and_a_count_under_the_limit_carries_on()
    {
        using (var client = app.CreateClient())
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await SignInPosts.PostAsync(client, "di.walsh", "wrong-" + attempt);
            }

            // Four wrong passwords for another officer: under the limit.
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await SignInPosts.PostAsync(client, "dc.jones", "wrong-" + attempt);
            }
        }

        await app.RestartAsync();

        using var after = app.CreateClient();
        var (_, locked) = await SignInPosts.PostAsync(after, "di.walsh", SignedInClient.Password);
        Assert.Contains("locked after 5 wrong passwords in a row", locked);
        var (_, fifth) = await SignInPosts.PostAsync(after, "dc.jones", "wrong-5");
        Assert.Contains("locked after 5 wrong passwords in a row", fifth);
        using var other = await SignedInClient.SignInAsync(app, "ps.shah");
        Assert.Contains("data-officer=\"ps.shah\"", await other.GetStringAsync("/"));
    }
}

/// <summary>Sign-in is throttled by address with ASP.NET Core's rate limiter.</summary>
public sealed class SignInThrottleTests(ThrottledApp app) : IClassFixture<ThrottledApp>
{
    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_the_too_many_attempts_page()
    {
        // ThrottledApp allows 12 posts a minute from one address; the 13th is refused, whatever the officer ID.
        using var client = app.CreateClient();
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var (status, _) = await SignInPosts.PostAsync(client, $"nobody{attempt}", "x");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var (refused, page) = await SignInPosts.PostAsync(client, "ps.shah", SignedInClient.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("<h1>Too many sign-in attempts</h1>", page);
        Assert.Contains("<a class=\"brand\" href=\"/\">Case management</a>", page);
    }
}

internal static class SignInPosts
{
    public static async Task<(HttpStatusCode Status, string Page)> PostAsync(HttpClient client, string officer, string password)
    {
        var token = await SignedInClient.TokenAsync(client, "/signin");
        var response = await client.PostAsync("/signin", SignedInClient.Form(("officer", officer), ("password", password), ("__RequestVerificationToken", token)));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
