using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Tests.Workflows.Generated;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Cases;

public sealed class CaseServiceTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestCaseStore _store = new();
    private readonly RecordingSink _sink = new();
    private readonly CaseService _service;

    public CaseServiceTests()
    {
        _service = new CaseService(_store, new PolicyCatalog([RassoInvestigation.Policy, ControlRoom]), _time, notifications: _sink);
    }

    [Fact]
    public async Task Opening_a_case_saves_it_in_its_initial_state_with_its_deadlines_indexed()
    {
        var opened = await _service.OpenAsync("RassoInvestigation", "case-1", Supervisor);

        Assert.True(opened.IsAccepted);
        Assert.Equal(1, opened.Version);
        var stored = Assert.Single(_store.Events("case-1"));
        Assert.Equal((CaseEventKind.Opened, "Reported", "sup-1"), (stored.Kind, stored.Name, stored.ActorId));
        var row = Assert.Single(await _store.FindDueAsync(Start.AddYears(1), 10));
        Assert.Equal(("InitialAssessment", Start.AddDays(3)), (row.Deadline, row.NextActionAt));

        var again = await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);
        Assert.True(again.IsConflict);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\0")]
    [InlineData("\u200D\u2060 \t")]
    [InlineData("lone high surrogate")]
    [InlineData("lone low surrogate")]
    public async Task A_purpose_that_says_nothing_or_cannot_be_stored_is_refused_and_nothing_is_read(string purpose)
    {
        // An attribute cannot carry half a surrogate pair (it arrives as U+FFFD), so those two are made here.
        purpose = purpose switch
        {
            "lone high surrogate" => "checking \uD800 the file",
            "lone low surrogate" => "checking \uDC00",
            _ => purpose,
        };
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);
        var auditBefore = _store.Audit.Count;

        var read = await _service.ReadAsync<RassoInvestigation>("case-1", Oic, purpose);

        Assert.Equal(CaseReadStatus.PurposeInvalid, read.Status);
        Assert.Null(read.Workflow);
        Assert.Equal(auditBefore, _store.Audit.Count);
    }

    [Fact]
    public async Task A_purpose_longer_than_the_limit_is_refused_and_one_at_the_limit_is_read()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);

        var tooLong = await _service.ReadAsync<RassoInvestigation>("case-1", Oic, new string('p', 1_000_000));
        var atLimit = await _service.ReadAsync<RassoInvestigation>("case-1", Oic, new string('p', CaseService.MaximumPurposeLength));

        Assert.Equal(CaseReadStatus.PurposeInvalid, tooLong.Status);
        Assert.True(atLimit.IsRead);
        Assert.Equal(CaseService.MaximumPurposeLength, _store.Audit[^1].Purpose!.Length);
    }

    [Fact]
    public async Task A_read_without_a_purpose_is_refused_and_every_read_is_audited_with_who_when_and_why()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);
        var auditBefore = _store.Audit.Count;

        var noPurpose = await _service.ReadAsync("case-1", Oic, purpose: null);
        var blankPurpose = await _service.ReadAsync<RassoInvestigation>("case-1", Oic, "  ");
        Assert.Equal(CaseReadStatus.PurposeRequired, noPurpose.Status);
        Assert.Null(noPurpose.Workflow);
        Assert.Equal(CaseReadStatus.PurposeRequired, blankPurpose.Status);
        Assert.Equal(auditBefore, _store.Audit.Count);

        _time.Advance(TimeSpan.FromMinutes(5));
        var read = await _service.ReadAsync<RassoInvestigation>("case-1", Oic, "Preparing the case file for CPS");

        Assert.True(read.IsRead);
        Assert.Equal(RassoInvestigationState.Reported, read.Workflow!.State);
        var entry = _store.Audit[^1];
        Assert.Equal((AuditKind.Read, "case-1", "oic-1", "Preparing the case file for CPS", Start.AddMinutes(5)), (entry.Kind, entry.CaseId, entry.ActorId, entry.Purpose, entry.At));
        Assert.Equal(CaseReadStatus.NotFound, (await _service.ReadAsync("no-such-case", Oic, "checking")).Status);
    }

    [Fact]
    public async Task Performing_saves_the_event_then_sends_and_audits_its_notifications()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);
        await _service.ExecuteAsync<RassoInvestigation>("case-1", c => c.AssessRisk(Supervisor, RassoInvestigation.Rag.Amber, "r"));

        var assigned = await _service.PerformAsync("case-1", Supervisor, "Assign", new Dictionary<string, FieldValue>
        {
            ["oic"] = FieldValues.Officer("oic-1")!,
            ["soit"] = FieldValues.Officer("soit-1")!,
        });

        Assert.True(assigned.IsAccepted);
        Assert.Equal(3, assigned.Version);
        Assert.Equal(3, _store.Events("case-1").Count);
        var notice = Assert.Single(_sink.Sent);
        Assert.Equal((NotificationKind.Action, "OIC", "oic-1"), (notice.Kind, notice.Role, notice.OfficerId));
        Assert.Contains(_store.Audit, a => a.Kind == AuditKind.Notification && a.CaseId == "case-1");
        Assert.Equal(["case-1"], await _store.FindCasesAssignedToAsync("oic-1"));
    }

    [Fact]
    public async Task A_refusal_for_role_is_audited_though_nothing_is_written_to_the_case()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);

        var refused = await _service.ExecuteAsync<RassoInvestigation>("case-1", c => c.AssessRisk(Oic, RassoInvestigation.Rag.Red, "r"));

        Assert.Equal(CaseResultStatus.Refused, refused.Status);
        Assert.Equal(RefusalKind.Role, refused.Refusal!.Kind);
        Assert.Single(_store.Events("case-1"));
        var entry = _store.Audit[^1];
        Assert.Equal((AuditKind.Refusal, "oic-1", "case-1"), (entry.Kind, entry.ActorId, entry.CaseId));
    }

    [Fact]
    public async Task A_premature_closure_refused_for_the_state_is_in_the_case_s_record_though_no_event_is_written()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);

        var refused = await _service.PerformAsync("case-1", Supervisor, "Close", new Dictionary<string, FieldValue> { ["reason"] = FieldValues.Text("no further action")! });

        Assert.Equal(CaseResultStatus.Refused, refused.Status);
        Assert.Equal(RefusalKind.State, refused.Refusal!.Kind);
        Assert.Single(_store.Events("case-1"));
        var history = new List<AuditEntry>();
        await foreach (var entry in _store.ReadAuditAsync("case-1"))
        {
            history.Add(entry);
        }

        var kept = Assert.Single(history, e => e.Kind == AuditKind.Refusal);
        Assert.Equal(Supervisor.Id, kept.ActorId);
        Assert.Contains("\"subject\":\"Close\"", kept.Content, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"State\"", kept.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_that_lost_the_race_is_a_conflict_to_retry_and_writes_nothing()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);
        var first = (await _service.ReadAsync<RassoInvestigation>("case-1", Supervisor, "assessment")).Workflow!;
        var second = (await _service.ReadAsync<RassoInvestigation>("case-1", OtherSupervisor, "assessment")).Workflow!;

        Assert.True(first.AssessRisk(Supervisor, RassoInvestigation.Rag.Red, "first view").IsAccepted);
        Assert.True(second.AssessRisk(OtherSupervisor, RassoInvestigation.Rag.Green, "second view").IsAccepted);
        var won = await _service.SaveAsync(first);
        var lost = await _service.SaveAsync(second);

        Assert.True(won.Succeeded);
        Assert.True(lost.IsConflict);
        Assert.Equal(2, lost.Version);
        Assert.Single(second.PendingEvents);
        var stored = _store.Events("case-1");
        Assert.Equal("Red", stored[^1].Fields["rating"].Text);

        // Retried on the case as it now is, the second assessment is refused: the case has moved on.
        var retried = await _service.ExecuteAsync<RassoInvestigation>("case-1", c => c.AssessRisk(OtherSupervisor, RassoInvestigation.Rag.Green, "second view"));
        Assert.Equal((CaseResultStatus.Refused, RefusalKind.State), (retried.Status, retried.Refusal!.Kind));
    }

    [Fact]
    public async Task Unknown_cases_are_not_found()
    {
        var result = await _service.PerformAsync("nope", Supervisor, "AssessRisk");

        Assert.Equal(CaseResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task A_confirmed_absence_raises_the_absence_signal_on_the_officers_open_cases_and_starts_reallocation()
    {
        await OpenAssigned("case-1", "oic-1");
        await OpenAssigned("case-2", "oic-1");
        await OpenAssigned("case-3", "oic-2");
        await _service.ExecuteAsync<RassoInvestigation>("case-2", c => c.Close(Supervisor, "no further action"));
        _time.Advance(TimeSpan.FromHours(1));

        var tentative = await _service.RecordAbsenceAsync(new OfficerAbsence("oic-1", _time.GetUtcNow(), null, IsConfirmed: false));
        Assert.Empty(tentative);

        var raised = await _service.RecordAbsenceAsync(new OfficerAbsence("oic-1", _time.GetUtcNow(), null, IsConfirmed: true, Reason: "long-term sick"));

        var signal = Assert.Single(raised);
        Assert.Equal(("case-1", "OIC", "OicAbsent", CaseResultStatus.Accepted), (signal.CaseId, signal.Role, signal.Signal, signal.Result.Status));
        var stored = _store.Events("case-1")[^1];
        Assert.Equal((CaseEventKind.SignalRaised, "oic-1"), (stored.Kind, stored.Fields["officer"].Text));
        var reallocation = (await _service.ReadAsync<RassoInvestigation>("case-1", Supervisor, "reallocation")).Workflow!;
        var due = Assert.Single(reallocation.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.Reallocation);
        Assert.Equal(_time.GetUtcNow().AddDays(2), due.DueAt);
        Assert.DoesNotContain(_store.Events("case-3"), e => e.Kind == CaseEventKind.SignalRaised);
        Assert.DoesNotContain(_store.Events("case-2"), e => e.Kind == CaseEventKind.SignalRaised);

        // The absent officer cannot be given the case again; another officer can, which meets the deadline.
        var back = await _service.ExecuteAsync<RassoInvestigation>("case-1", c => c.Reallocate(Supervisor, "oic-1"));
        Assert.Equal(RefusalKind.Precondition, back.Refusal!.Kind);
        var moved = await _service.ExecuteAsync<RassoInvestigation>("case-1", c => c.Reallocate(Supervisor, "oic-2"));
        Assert.True(moved.IsAccepted);
        reallocation = (await _service.ReadAsync<RassoInvestigation>("case-1", Supervisor, "check")).Workflow!;
        Assert.DoesNotContain(reallocation.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.Reallocation);
        Assert.Equal("oic-2", reallocation.AssignedOfficer("OIC"));
        Assert.False(_service.Absences.IsAvailable("oic-1", _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_setting_is_overridden_for_one_case_through_the_service()
    {
        await _service.OpenAsync<RassoInvestigation>("case-1", Supervisor);

        var result = await _service.OverrideSettingAsync("case-1", Supervisor, "SupervisionInterval", FieldValues.Duration(new Definitions.Duration(3, Definitions.DurationUnit.Days))!);

        Assert.True(result.IsAccepted);
        Assert.Equal("3 days", (await _service.ReadAsync("case-1", Supervisor, "check")).Workflow!.Settings["SupervisionInterval"].Text);
    }

    private async Task OpenAssigned(string caseId, string oic)
    {
        Assert.True((await _service.OpenAsync<RassoInvestigation>(caseId, Supervisor)).IsAccepted);
        Assert.True((await _service.ExecuteAsync<RassoInvestigation>(caseId, c => c.AssessRisk(Supervisor, RassoInvestigation.Rag.Red, "r"))).IsAccepted);
        Assert.True((await _service.ExecuteAsync<RassoInvestigation>(caseId, c => c.Assign(Supervisor, oic, "soit-1"))).IsAccepted);
    }
}
