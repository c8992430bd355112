using Force.Policies;
using Microsoft.Extensions.Time.Testing;
using Policy.Policies.Tests.Infrastructure;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;
using static Force.Policies.GeneralInvestigation;

namespace Policy.Policies.Tests;

/// <summary>
/// 001_c56e1e346fa882f6.txt, "Recommendation - Metropolitan Police Service, October 2024": investigators "on long-term
/// sick leave, or away from their role on a secondment, were expected to retain their investigations while away. In some
/// cases, they were allocated further work in their absence." The recommendation: "re-allocate workloads where there is
/// confirmation of an investigator's absence ... not allocating those individuals new cases until they are back in work";
/// the draft General Investigations Policy, "Crime Allocation": "Officers should not be allocated files for further
/// investigation when they are knowingly absent from work."
/// Policy: policies/general-investigation.policy, the requirement of Allocate and deadline Reallocation.
/// </summary>
public sealed class AbsentInvestigatorTests
{
    private static readonly Actor Supervisor = new("ds-okafor", Roles.Supervisor);

    private readonly FakeTimeProvider _time = new(London.At(2025, 4, 7, 9, 0));
    private readonly InMemoryCaseStore _store = new();
    private readonly RecordingSink _sink = new();
    private readonly CaseService _service;

    public AbsentInvestigatorTests()
    {
        _service = new CaseService(_store, new PolicyCatalog([GeneralInvestigation.Policy]), _time, notifications: _sink);
    }

    // 001, Recommendation and "Crime Allocation". DC Jones holds two investigations and DC Ali one. DC Jones's long-term
    // sick leave is confirmed on Monday 14 April 2025: each of his investigations (and only his) must be handed over
    // within 5 working days (the setting ReallocationTime). Good Friday and Easter Monday do not count, so the fifth
    // working day is Wednesday 23 April, ending at midnight. A new investigation cannot be allocated to him.
    [Fact]
    public async Task Officer_on_long_term_sick_leave_gets_no_new_investigation_and_each_of_their_investigations_must_be_reallocated()
    {
        await AllocatedAsync("GI-0311", "dc-jones");
        await AllocatedAsync("GI-0312", "dc-jones");
        Results.Accepted(await _service.ExecuteAsync<GeneralInvestigation>("GI-0312", c => c.HoldFirstMeeting(new Actor("dc-jones", Roles.OIC), "Lines of enquiry agreed")));
        await AllocatedAsync("GI-0313", "dc-ali");

        At(2025, 4, 14, 10, 0);
        var signals = await _service.RecordAbsenceAsync(new OfficerAbsence("dc-jones", London.At(2025, 4, 14, 8, 0), null, IsConfirmed: true, Reason: "Long-term sick leave", RecordedBy: "hr-bcu"));

        // The absence reaches DC Jones's two investigations, not DC Ali's.
        Assert.Equal(
            [("GI-0311", "OicAbsenceConfirmed", CaseResultStatus.Accepted), ("GI-0312", "OicAbsenceConfirmed", CaseResultStatus.Accepted)],
            signals.Select(s => (s.CaseId, s.Signal, s.Result.Status)).ToList());
        foreach (var caseId in new[] { "GI-0311", "GI-0312" })
        {
            var reallocation = Results.OpenDeadline(await ReadAsync(caseId), "Reallocation");
            Assert.Equal((Roles.Supervisor, "SupervisorHandOver", London.At(2025, 4, 14, 10, 0), London.At(2025, 4, 24, 0, 0)), (reallocation.Role, reallocation.Action, reallocation.OpenedAt, reallocation.DueAt));
        }

        Assert.DoesNotContain((await ReadAsync("GI-0313")).OpenDeadlines, d => d.Deadline == "Reallocation");

        // No new investigation for him while he is away.
        At(2025, 4, 15, 9, 0);
        Results.Accepted(await _service.OpenAsync<GeneralInvestigation>("GI-0320", Supervisor));
        var refusal = Results.Refused(await _service.ExecuteAsync<GeneralInvestigation>("GI-0320", c => c.Allocate(Supervisor, "dc-jones", null)));
        Assert.Equal(RefusalKind.Precondition, refusal.Kind);
        Assert.Equal("This officer is recorded as absent from work. Do not allocate investigations to an officer who is knowingly absent: choose an officer who is at work.", refusal.Message);
        Assert.Contains(refusal.Citations, c => c.SourceId == "IOPC_GI");
        Assert.Equal(GeneralInvestigationState.Reported, (await ReadAsync("GI-0320")).State);

        // The supervisor reviews GI-0311 and hands it to DC Ali, who is told: that reallocation is met.
        At(2025, 4, 16, 14, 0);
        Results.Accepted(await _service.ExecuteAsync<GeneralInvestigation>("GI-0311", c => c.SupervisorHandOver(Supervisor, "dc-ali", "Reviewed: CCTV outstanding")));
        var handedOver = await ReadAsync("GI-0311");
        Assert.Equal("dc-ali", handedOver.AssignedOfficer(Roles.OIC));
        Assert.Contains(handedOver.DeadlineHistory, d => d.Deadline == "Reallocation" && d.Outcome == DeadlineOutcome.Met);
        Assert.Contains(_sink.Sent, n => n.Kind == NotificationKind.Action && n.OfficerId == "dc-ali"
            && n.Message == "This investigation has been handed over to you. Read the supervisor's review on the crime report.");

        // GI-0312 is left with the absent officer: at the due time the breach is recorded and the Crime Manager alerted.
        At(2025, 4, 24, 0, 0);
        await _service.RecordDueDeadlinesAsync("GI-0312");
        Assert.Equal(
            [
                (CaseEventKind.DeadlineBreached, Roles.Supervisor, London.At(2025, 4, 24, 0, 0)),
                (CaseEventKind.DeadlineEscalated, Roles.CrimeManager, London.At(2025, 4, 24, 0, 0)),
            ],
            (await _store.ReadCaseAsync("GI-0312"))
                .Where(e => e.Name == "Reallocation" && e.Kind is CaseEventKind.DeadlineBreached or CaseEventKind.DeadlineEscalated)
                .Select(e => (e.Kind, e.Role, e.At))
                .ToList());
    }

    private async Task AllocatedAsync(string caseId, string oic)
    {
        Results.Accepted(await _service.OpenAsync<GeneralInvestigation>(caseId, Supervisor));
        Results.Accepted(await _service.ExecuteAsync<GeneralInvestigation>(caseId, c => c.Allocate(Supervisor, oic, GeneralInvestigation.Complexity.Standard)));
    }

    private void At(int year, int month, int day, int hour, int minute) => _time.SetUtcNow(London.At(year, month, day, hour, minute));

    private async Task<GeneralInvestigation> ReadAsync(string caseId)
    {
        var read = await _service.ReadAsync<GeneralInvestigation>(caseId, Supervisor, "Managing the team's caseload");
        Assert.True(read.IsRead);
        return read.Workflow!;
    }
}
