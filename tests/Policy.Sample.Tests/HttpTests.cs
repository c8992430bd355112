using System.Net;

namespace Policy.Sample.Tests;

/// <summary>Sign-in, forgery protection and runtime authorisation, over plain HTTP (no browser), as deployed.</summary>
public sealed class HttpTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private const string CasePath = "/cases/" + SignedInClient.RassoCase + "?purpose=Investigating%20this%20case";

    [Fact]
    public async Task The_case_list_and_a_case_require_signing_in()
    {
        using var client = app.CreateClient();
        foreach (var path in new[] { "/", CasePath, "/supervision", "/officers" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin", new Uri(app.BaseAddress, response.Headers.Location!).AbsolutePath);
        }
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_rejected_and_changes_nothing()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var before = await client.GetStringAsync(CasePath);
        Assert.DoesNotContain("KeyUpdateToVictim", before);

        var forged = await client.PostAsync(
            $"/cases/{SignedInClient.RassoCase}?handler=Act",
            SignedInClient.Form(("purpose", "x"), ("action", "RecordKeyUpdate"), ("v.keyUpdate", "DnaMatch"), ("v.detail", "forged")));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("KeyUpdateToVictim", await client.GetStringAsync(CasePath));

        // Signing in is a form too.
        using var anonymous = app.CreateClient();
        var signIn = await anonymous.PostAsync("/signin", SignedInClient.Form(("officer", "ps.shah"), ("password", SignedInClient.Password)));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task The_runtime_refuses_an_action_outside_the_officers_roles_whatever_the_form_says()
    {
        // The page offers the OIC no "Close" form; post one anyway, with a valid token. The runtime decides.
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var token = await SignedInClient.TokenAsync(client, CasePath);
        var response = await client.PostAsync(
            $"/cases/{SignedInClient.RassoCase}?handler=Act",
            SignedInClient.Form(
                ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("action", "Close"),
                ("v.outcome", "Charged"), ("v.peopleCameToNotice", "no"), ("v.rationale", "Trying it on.")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Only Supervisor may perform Close.", WebUtility.HtmlDecode(page));
        Assert.Contains("<p class=\"state\">Under investigation</p>", page);
    }

    [Fact]
    public async Task A_choice_options_own_fields_reach_the_runtime_which_applies_the_policys_requirement()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var page = await client.GetStringAsync(CasePath);
        Assert.Contains("name=\"v.marac.NotReferred.reason\"", page);

        var token = await SignedInClient.TokenAsync(client, CasePath);
        var response = await client.PostAsync($"/cases/{SignedInClient.RassoCase}?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("action", "RecordMaracDecision"),
            ("v.marac", "NotReferred"), ("v.marac.NotReferred.reason", "VictimWithdrew"), ("v.marac.NotReferred.detail", "She no longer supports a prosecution.")));
        Assert.Contains(
            "A victim withdrawing or retracting is not on its own a reason not to refer to MARAC.",
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Input_that_cannot_be_read_gets_a_message_beside_its_field_and_changes_nothing()
    {
        // The supervisor may plan a transfer; 30 February is not a date, so nothing is recorded.
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        const string path = "/cases/GI-2026-0001?purpose=Investigating%20this%20case";
        var token = await SignedInClient.TokenAsync(client, path);
        var response = await client.PostAsync("/cases/GI-2026-0001?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("action", "PlanTransfer"),
            ("v.transferReason", "Secondment"), ("v.leavingOn", "2026-02-30")));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches("data-field=\"v.leavingOn\"[^§]*?<p class=\"field-error\"[^>]*>Enter a date, such as 2026-03-31.</p>", page);
        Assert.DoesNotContain("data-deadline=\"PlannedHandover\"", WebUtility.HtmlDecode(await client.GetStringAsync(path)));
    }

    [Fact]
    public async Task Professional_Standards_pages_are_only_for_Professional_Standards_and_a_reader_the_policy_leaves_out_is_refused()
    {
        using var oic = await SignedInClient.SignInAsync(app, "dc.patel");
        var denied = await oic.GetAsync("/standards");
        Assert.DoesNotContain("Flagged reads", await denied.Content.ReadAsStringAsync());

        // A control-room operator holds no role the RASSO policy lets read a victim's case, whatever the purpose.
        using var operatorClient = await SignedInClient.SignInAsync(app, "op.reid");
        var response = await operatorClient.GetAsync($"/cases/{SignedInClient.RassoCase}?purpose=Safeguarding");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refused = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"read-refused\"", refused);
        Assert.Contains("Only the case's OIC, the case's SOIT, Supervisor, CrimeManager or Officer may read this case.", refused);
        Assert.DoesNotContain("id=\"deadlines\"", refused);

        using var standards = await SignedInClient.SignInAsync(app, "ds.morgan");
        var page = WebUtility.HtmlDecode(await standards.GetStringAsync($"/standards?case={SignedInClient.RassoCase}"));
        Assert.Contains("Refused read", page);
        Assert.Contains("Operator Jo Reid", page);
    }

    [Fact]
    public async Task A_read_without_a_purpose_is_refused()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/cases/{SignedInClient.RassoCase}?purpose=%20"));
        Assert.Contains("A case can only be read for a stated purpose", page);
        Assert.DoesNotContain("id=\"timeline\"", page);
    }

    [Fact]
    public async Task Recording_an_absence_starts_reallocation_and_refuses_allocation_to_the_absent_officer()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        var token = await SignedInClient.TokenAsync(client, "/officers");
        var recorded = await client.PostAsync("/officers?handler=Absence", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("officer", "dc.jones"), ("from", "2020-01-01T09:00"), ("until", ""), ("confirmed", "yes"), ("reason", "Long-term sick")));
        var page = WebUtility.HtmlDecode(await recorded.Content.ReadAsStringAsync());
        Assert.Contains("GI-2026-0001</a>: OIC absence confirmed (OIC) — reallocation started", page);

        // The case DC Jones held now has a reallocation deadline...
        var held = WebUtility.HtmlDecode(await client.GetStringAsync("/cases/GI-2026-0001?purpose=Allocating%20or%20reallocating%20the%20case"));
        Assert.Contains("data-deadline=\"Reallocation\"", held);

        // ...and the policy refuses to allocate a new one to him.
        const string unallocated = "/cases/GI-2026-0002?purpose=Allocating%20or%20reallocating%20the%20case";
        token = await SignedInClient.TokenAsync(client, unallocated);
        var allocate = await client.PostAsync("/cases/GI-2026-0002?handler=Act", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", "Allocating or reallocating the case"), ("action", "Allocate"), ("v.oic", "dc.jones")));
        Assert.Contains("This officer is recorded as absent from work.", WebUtility.HtmlDecode(await allocate.Content.ReadAsStringAsync()));
        Assert.Contains("<p class=\"state\">Reported: not yet allocated</p>", WebUtility.HtmlDecode(await client.GetStringAsync(unallocated)));
    }

    [Fact]
    public async Task Only_supervisors_record_absences()
    {
        using var client = await SignedInClient.SignInAsync(app, "pc.okafor");
        var supervision = await client.GetAsync("/supervision");
        Assert.Equal("/denied", new Uri(app.BaseAddress, supervision.Headers.Location!).AbsolutePath);
        var officers = await client.GetStringAsync("/officers");
        Assert.DoesNotContain("handler=Absence", officers);
        var token = await SignedInClient.TokenAsync(client, "/cases/" + SignedInClient.RassoCase + "?purpose=Updating%20the%20victim");
        var response = await client.PostAsync("/officers?handler=Absence", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("officer", "dc.patel"), ("from", "2020-01-01T09:00"), ("confirmed", "yes")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", new Uri(app.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task The_test_clock_does_not_exist_outside_the_Testing_environment()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/testing/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/testing/clock/advance?by=1.00:00:00", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/testing/monitor/stop", null)).StatusCode);
    }
}

/// <summary>The other side of the last test: in the Testing environment the clock is there and moves.</summary>
public sealed class TestClockTests(TestingApp app) : IClassFixture<TestingApp>
{
    [Fact]
    public async Task The_test_clock_exists_in_the_Testing_environment_and_only_moves_forward()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/testing/clock")).StatusCode);
        var moved = await client.PostAsync("/testing/clock/advance?by=01:00:00", null);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("\"offset\":\"01:00:00\"", await moved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/testing/clock/advance?by=-01:00:00", null)).StatusCode);
    }
}
