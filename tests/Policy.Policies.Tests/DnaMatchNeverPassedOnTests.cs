using Force.Policies;
using Microsoft.Extensions.Time.Testing;
using Policy.Policies.Tests.Infrastructure;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;
using static Force.Policies.RassoInvestigation;

namespace Policy.Policies.Tests;

/// <summary>
/// 000_ce23a0f7471565bd.txt, "Recommendations - Metropolitan Police Service, November 2024", Recommendation 1: "a victim
/// of a sexual assault had not been provided with a significant key update of the investigation, which was that a
/// positive DNA match was identified. The victim subsequently withdrew their statement, and the investigation was closed."
/// Policy: policies/rasso-investigation.policy, deadline DnaMatchToVictim and rule VictimToldBeforeClosure.
/// </summary>
public sealed class DnaMatchNeverPassedOnTests
{
    private const string CaseId = "RASSO-2025-0142";
    private static readonly Actor Supervisor = new("ds-patel", Roles.Supervisor);
    private static readonly Actor Oic = new("dc-jones", Roles.OIC);
    private static readonly Actor Soit = new("pc-khan", Roles.SOIT);

    private readonly FakeTimeProvider _time = new(London.At(2025, 3, 3, 9, 0));
    private readonly InMemoryCaseStore _store = new();
    private readonly RecordingSink _sink = new();
    private readonly CaseService _service;

    public DnaMatchNeverPassedOnTests()
    {
        _service = new CaseService(_store, new PolicyCatalog([RassoInvestigation.Policy]), _time, notifications: _sink);
    }

    // 000, Recommendation 1 (the DNA match never passed on). The match is reported on Friday 7 March 2025 at 15:00:
    // "within 1 working day" ends at midnight at the end of Monday. The SOIT is alerted and the supervisor escalated to
    // then; a working day later, at the end of Tuesday (the working day after the breach at the end of Monday), the BCU
    // Crime Manager.
    [Fact]
    public async Task DNA_match_never_passed_on_breaches_after_one_working_day_alerts_supervisor_then_crime_manager_and_closure_is_refused()
    {
        await InvestigationUnderWayAsync();

        At(2025, 3, 7, 15, 0);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.RaiseDnaMatch("Positive DNA match to a named male on the national database")));
        var opened = Results.OpenDeadline(await ReadAsync(), "DnaMatchToVictim");
        Assert.Equal((Roles.SOIT, "pc-khan", London.At(2025, 3, 11, 0, 0)), (opened.Role, opened.AssignedOfficer, opened.DueAt));

        // The SOIT's routine weekly update is made; the match is not mentioned. Nothing is due yet at 23:59 on Monday.
        At(2025, 3, 10, 16, 0);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.UpdateVictim(Soit, "Weekly call: no news given")));
        At(2025, 3, 10, 23, 59);
        await _service.RecordDueDeadlinesAsync(CaseId);
        Assert.Empty(await DnaMatchStepsAsync());

        // Midnight at the end of Monday: breached (the SOIT is told) and escalated to the supervisor at once.
        At(2025, 3, 11, 0, 0);
        await _service.RecordDueDeadlinesAsync(CaseId);
        At(2025, 3, 11, 23, 59);
        await _service.RecordDueDeadlinesAsync(CaseId);
        Assert.Equal(
            [
                (CaseEventKind.DeadlineBreached, Roles.SOIT, London.At(2025, 3, 11, 0, 0)),
                (CaseEventKind.DeadlineEscalated, Roles.Supervisor, London.At(2025, 3, 11, 0, 0)),
            ],
            await DnaMatchStepsAsync());

        // The end of the next working day after the breach (Tuesday): the BCU Crime Manager.
        At(2025, 3, 12, 0, 0);
        await _service.RecordDueDeadlinesAsync(CaseId);
        Assert.Equal(
            [
                (CaseEventKind.DeadlineBreached, Roles.SOIT, London.At(2025, 3, 11, 0, 0)),
                (CaseEventKind.DeadlineEscalated, Roles.Supervisor, London.At(2025, 3, 11, 0, 0)),
                (CaseEventKind.DeadlineEscalated, Roles.CrimeManager, London.At(2025, 3, 12, 0, 0)),
            ],
            await DnaMatchStepsAsync());

        // Each step was sent through the case service, to the SOIT by name and to the two roles.
        var alerts = _sink.Sent.Where(n => n.Deadline == "DnaMatchToVictim").ToList();
        Assert.Equal(
            [
                (NotificationKind.DeadlineBreached, Roles.SOIT, (string?)"pc-khan", London.At(2025, 3, 11, 0, 0)),
                (NotificationKind.DeadlineEscalated, Roles.Supervisor, null, London.At(2025, 3, 11, 0, 0)),
                (NotificationKind.DeadlineEscalated, Roles.CrimeManager, null, London.At(2025, 3, 12, 0, 0)),
            ],
            alerts.Select(n => (n.Kind, n.Role, n.OfficerId, n.At)).ToList());
        Assert.Equal(
            "DnaMatchToVictim (The victim is told of a DNA match within 1 working day) was due at 2025-03-11 00:00 UTC and has not been met: SOIT must TellVictimOfKeyUpdate.",
            alerts[0].Message);
        Assert.Equal(
            "DnaMatchToVictim (The victim is told of a DNA match within 1 working day) was due at 2025-03-11 00:00 UTC and is still not met: escalated to CrimeManager.",
            alerts[2].Message);
        Assert.All(alerts, a => Assert.Contains(a.Citations, c => c.SourceId == "IOPC_RASSO"));

        // The victim withdraws her statement; the investigation may not be closed while she has not been told.
        At(2025, 3, 14, 11, 0);
        var closing = await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.Close(Supervisor, CaseOutcome.NoFurtherAction, false, "Victim withdrew her statement"));
        var refusal = Results.Refused(closing);
        Assert.Equal((RefusalKind.Rule, "VictimToldBeforeClosure"), (refusal.Kind, refusal.RuleName));
        Assert.Equal("The victim has not yet been told of a key update. The SOIT must tell them before the investigation is closed.", refusal.Message);
        Assert.Contains(refusal.Citations, c => c.SourceId == "IOPC_RASSO");

        var after = await ReadAsync();
        Assert.Equal(RassoInvestigationState.Investigating, after.State);
        var overdue = Results.OpenDeadline(after, "DnaMatchToVictim");
        Assert.Equal((DeadlineStatusKind.Overdue, 3), (overdue.Status, overdue.Stage));
    }

    /// <summary>Report created Monday 3 March 2025 09:00; assessed, allocated, reviewed, agreed and MARAC decided by Wednesday.</summary>
    private async Task InvestigationUnderWayAsync()
    {
        Results.Accepted(await _service.OpenAsync<RassoInvestigation>(CaseId, Supervisor));
        At(2025, 3, 3, 9, 30);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.AssessRisk(Supervisor, Rag.Red, "Suspect unknown to the victim", false)));
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.CompleteIntelligencePackage(Supervisor, "PNC, PND and local checks")));
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.AssignOfficers(Supervisor, "dc-jones", "pc-khan")));
        At(2025, 3, 3, 21, 0);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.ReviewInvestigation(Supervisor, "10-18 hour review", null, null)));
        At(2025, 3, 4, 10, 0);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.AgreeVictimContact(
            Oic, "SOIT passes on every update", "Calls to the victim's mobile", "Work phone call from the SOIT", UpdateInterval.Weekly, "OIC e-mails the SOIT with every key update")));
        At(2025, 3, 5, 9, 0);
        Results.Accepted(await _service.ExecuteAsync<RassoInvestigation>(CaseId, c => c.RecordMaracDecision(Oic, new MaracDecision.Referred())));
    }

    private void At(int year, int month, int day, int hour, int minute) => _time.SetUtcNow(London.At(year, month, day, hour, minute));

    private async Task<RassoInvestigation> ReadAsync()
    {
        var read = await _service.ReadAsync<RassoInvestigation>(CaseId, Supervisor, "Supervising the investigation");
        Assert.True(read.IsRead);
        return read.Workflow!;
    }

    private async Task<List<(CaseEventKind Kind, string? Role, DateTimeOffset At)>> DnaMatchStepsAsync() =>
        (await _store.ReadCaseAsync(CaseId))
            .Where(e => e.Name == "DnaMatchToVictim" && e.Kind is CaseEventKind.DeadlineBreached or CaseEventKind.DeadlineEscalated)
            .Select(e => (e.Kind, e.Role, e.At))
            .ToList();
}
