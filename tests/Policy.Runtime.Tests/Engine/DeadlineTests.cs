using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Engine;

public sealed class DeadlineTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void Opening_a_case_starts_the_deadlines_of_its_initial_state()
    {
        var harness = CaseHarness.Rasso();

        var initial = harness.Open("InitialAssessment");

        Assert.Equal(1, initial.Instance);
        Assert.Equal(Start, initial.OpenedAt);
        Assert.Equal(Start.AddDays(3), initial.DueAt);
        Assert.Equal("Supervisor", initial.Role);
        Assert.Equal("AssessRisk", initial.Action);
        Assert.Equal("Reported", harness.Workflow.StateName);
    }

    [Fact]
    public void A_when_deadline_opens_on_its_action_and_counts_working_days()
    {
        var harness = CaseHarness.RassoInvestigating();

        var agreement = harness.Open("ContactAgreement");

        // Monday 09:00 plus one working day: by the end of Tuesday.
        Assert.Equal(EndOfTuesday, agreement.DueAt);
        Assert.Equal("oic-1", agreement.AssignedOfficer);
        Assert.Equal("oic-1", harness.Workflow.AssignedOfficer("OIC"));
        Assert.Equal("oic-1", harness.Open("MaracReferral").AssignedOfficer);
        Assert.Equal(DeadlineOutcome.Met, Assert.Single(harness.Workflow.DeadlineHistory).Outcome);
    }

    [Fact]
    public void Working_days_skip_the_weekend()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Advance(TimeSpan.FromDays(4));

        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("Friday update")));

        // Friday plus one working day is the end of Monday.
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero), harness.Open("VictimUpdate").DueAt);
    }

    [Fact]
    public void A_when_deadline_does_not_open_a_second_instance_while_one_is_open()
    {
        var harness = CaseHarness.RassoInvestigating();
        var signal = new Dictionary<string, FieldValue> { ["officer"] = FieldValues.Officer("oic-1")! };

        Assert.True(harness.Workflow.RaiseSignal("OicAbsent", signal).IsAccepted);
        harness.Advance(Hour);
        Assert.True(harness.Workflow.RaiseSignal("OicAbsent", signal).IsAccepted);

        var reallocation = harness.Open("Reallocation");
        Assert.Equal(Start.AddDays(2), reallocation.DueAt);
        Assert.Equal("oic-1", harness.Case.Recorded("officer")!.Text);
    }

    [Fact]
    public void An_each_deadline_opens_an_instance_per_action_and_one_meeting_action_meets_them_all()
    {
        var harness = CaseHarness.RassoInvestigating();

        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("arrest")));
        harness.Advance(Hour);
        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("charge")));

        var updates = harness.AllOpen("VictimUpdate");
        Assert.Equal([1, 2], updates.Select(u => u.Instance));
        Assert.Equal([EndOfTuesday, EndOfTuesday], updates.Select(u => u.DueAt));
        Assert.Equal("soit-1", updates[0].AssignedOfficer);
        Assert.Equal([IopcUpdate], updates[0].Citations);

        harness.Accept(Soit, "InformVictim", ("summary", FieldValues.Text("told of both")));

        Assert.Empty(harness.AllOpen("VictimUpdate"));
        Assert.Equal(2, harness.Workflow.DeadlineHistory.Count(h => h.Deadline == "VictimUpdate" && h.Outcome == DeadlineOutcome.Met));
    }

    [Fact]
    public void A_recurring_deadline_restarts_from_when_it_is_met_and_stops_on_leaving_its_state()
    {
        var harness = CaseHarness.RassoInvestigating();
        Assert.Equal(Start.AddDays(14), harness.Open("SupervisorReview").DueAt);

        harness.Advance(TimeSpan.FromDays(3));
        harness.Accept(Supervisor, "ReviewInvestigation");

        var next = harness.Open("SupervisorReview");
        Assert.Equal(2, next.Instance);
        Assert.Equal(Start.AddDays(3), next.OpenedAt);
        Assert.Equal(Start.AddDays(17), next.DueAt);
        var met = Assert.Single(harness.Workflow.DeadlineHistory, h => h.Deadline == "SupervisorReview");
        Assert.Equal((1, DeadlineOutcome.Met, false), (met.Instance, met.Outcome, met.WasLate));

        harness.Accept(Oic, "SendForReview");

        Assert.Empty(harness.AllOpen("SupervisorReview"));
        Assert.Empty(harness.AllOpen("IntelligenceReview"));
        Assert.Equal(DeadlineOutcome.Cancelled, harness.Workflow.DeadlineHistory.Last(h => h.Deadline == "SupervisorReview").Outcome);
    }

    [Fact]
    public void The_meeting_action_inside_the_window_meets_it_and_before_the_window_does_not()
    {
        var harness = CaseHarness.RassoInvestigating();
        var review = harness.Open("IntelligenceReview");
        Assert.Equal(Start + 10 * Hour, review.WindowStartsAt);
        Assert.Equal(Start + 18 * Hour, review.DueAt);

        harness.Advance(5 * Hour);
        harness.Accept(Supervisor, "ReviewIntelligence");
        Assert.Single(harness.AllOpen("IntelligenceReview"));

        harness.Advance(6 * Hour);
        harness.Accept(Supervisor, "ReviewIntelligence");
        Assert.Empty(harness.AllOpen("IntelligenceReview"));
    }

    [Fact]
    public void A_deadline_with_a_condition_on_what_was_recorded_is_met_only_when_it_holds()
    {
        var harness = CaseHarness.RassoInvestigating();

        harness.Accept(Oic, "RecordMarac", ("decision", FieldValues.Choice("NotReferred", FieldValues.Fields(("reason", FieldValues.Text("low risk"))))));
        Assert.Single(harness.AllOpen("MaracReferral"));

        harness.Accept(Oic, "RecordMarac", ("decision", FieldValues.Choice("Referred")));
        Assert.Empty(harness.AllOpen("MaracReferral"));
    }

    [Theory]
    [InlineData("Immediate", 15)]
    [InlineData("Significant", 60)]
    [InlineData("Extended", 240)]
    public void A_duration_takes_the_first_case_whose_condition_holds(string grade, int minutes)
    {
        var harness = new CaseHarness(ControlRoom);

        harness.Accept(Dispatcher, "GradeCall", ("grade", FieldValues.Choice(grade)));

        Assert.Equal(Start.AddMinutes(minutes), harness.Open("Attendance").DueAt);
    }

    [Fact]
    public void A_setting_overridden_for_the_case_sets_the_durations_of_deadlines_opened_afterwards()
    {
        var control = new CaseHarness(ControlRoom);
        Assert.True(control.Workflow.OverrideSetting("ExtendedTarget", DutyInspector, FieldValues.Duration(new Duration(2, DurationUnit.Hours))!).IsAccepted);
        control.Accept(Dispatcher, "GradeCall", ("grade", FieldValues.Choice("Extended")));
        Assert.Equal(Start.AddHours(2), control.Open("Attendance").DueAt);
        Assert.Equal("2 hours", control.Workflow.Settings["ExtendedTarget"].Text);
        Assert.True(control.Workflow.Settings.IsOverridden("ExtendedTarget"));

        var rasso = CaseHarness.Rasso();
        Assert.Equal(new Duration(14, DurationUnit.Days), rasso.Workflow.Settings.GetDuration(0));
        Assert.True(rasso.Workflow.OverrideSetting("SupervisionInterval", Supervisor, FieldValues.Duration(new Duration(7, DurationUnit.Days))!).IsAccepted);
        rasso.Accept(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Amber")), ("risks", FieldValues.Text("r")));
        rasso.Accept(Supervisor, "Assign", ("oic", FieldValues.Officer("oic-1")), ("soit", FieldValues.Officer("soit-1")));
        Assert.Equal(Start.AddDays(7), rasso.Open("SupervisorReview").DueAt);

        // An override applies from now on; the open instance keeps its due time until it restarts.
        Assert.True(rasso.Workflow.OverrideSetting("SupervisionInterval", Supervisor, FieldValues.Duration(new Duration(21, DurationUnit.Days))!).IsAccepted);
        Assert.Equal(Start.AddDays(7), rasso.Open("SupervisorReview").DueAt);
        rasso.Accept(Supervisor, "ReviewInvestigation");
        Assert.Equal(Start.AddDays(21), rasso.Open("SupervisorReview").DueAt);
    }

    [Fact]
    public void Entering_a_final_state_cancels_every_open_deadline()
    {
        var harness = CaseHarness.RassoInvestigating();
        Assert.NotEmpty(harness.Workflow.OpenDeadlines);

        harness.Advance(Hour);
        harness.Accept(Oic, "Close", ("reason", FieldValues.Text("no further action")));

        Assert.Empty(harness.Workflow.OpenDeadlines);
        Assert.Empty(harness.Workflow.DueDeadlineRows());
        Assert.Empty(harness.Workflow.AssignmentRows());
        Assert.Equal("oic-1", harness.Workflow.AssignedOfficer("OIC"));
        var cancelled = harness.Workflow.DeadlineHistory.Where(h => h.ClosedAt == Start + Hour).ToList();
        Assert.Equal(["SupervisorReview", "IntelligenceReview", "MaracReferral", "ContactAgreement"], cancelled.Select(c => c.Deadline));
        Assert.All(cancelled, c => Assert.Equal(DeadlineOutcome.Cancelled, c.Outcome));
    }

    [Fact]
    public void A_signal_in_stops_when_cancels_the_deadline()
    {
        var harness = CaseHarness.Rasso();

        Assert.True(harness.Workflow.RaiseSignal("DnaMatch", new Dictionary<string, FieldValue> { ["detail"] = FieldValues.Text("match")! }).IsAccepted);

        Assert.Empty(harness.AllOpen("InitialAssessment"));
        Assert.Equal(DeadlineOutcome.Cancelled, Assert.Single(harness.Workflow.DeadlineHistory).Outcome);
    }

    [Fact]
    public void Breach_and_each_escalation_are_recorded_once_at_their_scheduled_times_in_order()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Oic, "AgreeVictimContact", ("method", FieldValues.Text("phone")), ("updateWithin", FieldValues.Duration(new Duration(7, DurationUnit.Days))));
        harness.Accept(Oic, "RecordKeyUpdate", ("detail", FieldValues.Text("arrest")));
        harness.Accept(Supervisor, "ReviewIntelligence");
        harness.Workflow.MarkSaved();

        harness.Advance(40 * Hour);
        var early = harness.Workflow.RecordDueDeadlines();
        Assert.Equal(
            [(CaseEventKind.DeadlineBreached, "IntelligenceReview", Start + 18 * Hour, "Supervisor"),
             (CaseEventKind.DeadlineBreached, "VictimUpdate", EndOfTuesday, "SOIT"),
             (CaseEventKind.DeadlineEscalated, "VictimUpdate", EndOfTuesday, "Supervisor")],
            early.Select(e => (e.Kind, e.Name, e.At, e.Role)));

        // The CrimeManager stage comes 2 working days after the breach at the end of Tuesday, counted as a reader counts
        // them: Wednesday and Thursday, so at the end of Thursday (not of Friday, as when midnight counted as Wednesday).
        var endOfThursday = new DateTimeOffset(2025, 3, 7, 0, 0, 0, TimeSpan.Zero);
        harness.Advance(TimeSpan.FromDays(1));
        Assert.Empty(harness.Workflow.RecordDueDeadlines());
        harness.Advance(TimeSpan.FromDays(1));
        var later = Assert.Single(harness.Workflow.RecordDueDeadlines());
        Assert.Equal((CaseEventKind.DeadlineEscalated, "VictimUpdate", endOfThursday, "CrimeManager", 1), (later.Kind, later.Name, later.At, later.Role, later.Instance));
        Assert.Empty(harness.Workflow.RecordDueDeadlines());
        Assert.Equal(3, harness.Open("VictimUpdate").Stage);

        var versions = harness.Workflow.PendingEvents.Select(e => e.Version).ToList();
        Assert.Equal(Enumerable.Range((int)versions[0], versions.Count).Select(v => (long)v), versions);
        var notices = harness.Workflow.PendingNotifications;
        Assert.Equal(
            [(NotificationKind.DeadlineBreached, "Supervisor", (string?)null), (NotificationKind.DeadlineBreached, "SOIT", "soit-1"), (NotificationKind.DeadlineEscalated, "Supervisor", null), (NotificationKind.DeadlineEscalated, "CrimeManager", null)],
            notices.Select(n => (n.Kind, n.Role, n.OfficerId)));
    }

    [Fact]
    public void Due_rows_follow_the_next_step_of_each_open_instance()
    {
        var harness = new CaseHarness(ControlRoom);
        harness.Accept(Dispatcher, "GradeCall", ("grade", FieldValues.Choice("Immediate")));

        var row = Assert.Single(harness.Workflow.DueDeadlineRows());
        Assert.Equal(("Attendance", 1, Start.AddMinutes(15), Start.AddMinutes(15), 0), (row.Deadline, row.Instance, row.DueAt, row.NextActionAt, row.Stage));

        harness.Advance(TimeSpan.FromMinutes(20));
        Assert.Single(harness.Workflow.RecordDueDeadlines());
        row = Assert.Single(harness.Workflow.DueDeadlineRows());
        Assert.Equal((Start.AddMinutes(45), 1), (row.NextActionAt, row.Stage));

        harness.Advance(TimeSpan.FromMinutes(30));
        var escalation = Assert.Single(harness.Workflow.RecordDueDeadlines());
        Assert.Equal(("Inspector", Start.AddMinutes(45)), (escalation.Role, escalation.At));

        // Still open and still the desk's work, but with no step left for the monitor.
        row = Assert.Single(harness.Workflow.DueDeadlineRows());
        Assert.Equal(((DateTimeOffset?)null, 2, "ResponseDesk"), (row.NextActionAt, row.Stage, row.Role));
    }

    [Fact]
    public void Status_is_open_then_due_soon_then_overdue_with_negative_time_remaining()
    {
        var harness = new CaseHarness(ControlRoom);
        harness.Accept(Dispatcher, "GradeCall", ("grade", FieldValues.Choice("Immediate")));

        harness.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal((DeadlineStatusKind.Open, TimeSpan.FromMinutes(6)), (harness.Open("Attendance").Status, harness.Open("Attendance").Remaining));
        harness.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(DeadlineStatusKind.DueSoon, harness.Open("Attendance").Status);
        harness.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((DeadlineStatusKind.Overdue, TimeSpan.FromMinutes(-1)), (harness.Open("Attendance").Status, harness.Open("Attendance").Remaining));

        // Without a warning period: due soon in the last quarter of its span.
        var rasso = CaseHarness.RassoInvestigating();
        rasso.Advance(TimeSpan.FromHours(17));
        Assert.Equal(DeadlineStatusKind.Open, rasso.Open("ContactAgreement").Status);
        rasso.Advance(TimeSpan.FromHours(13));
        Assert.Equal(DeadlineStatusKind.DueSoon, rasso.Open("ContactAgreement").Status);
    }

    [Fact]
    public void Since_entering_counts_only_what_happened_after_the_latest_entry()
    {
        var harness = CaseHarness.RassoInvestigating();
        harness.Accept(Oic, "SendForReview");
        harness.Advance(Hour);
        harness.Accept(Oic, "ContactVictim", ("outcome", FieldValues.Text("spoke")));
        harness.Advance(Hour);
        harness.Accept(Supervisor, "ReturnToInvestigation");
        harness.Advance(Hour);
        harness.Accept(Oic, "SendForReview");

        Assert.Equal("ContactBeforeWithdrawal", harness.Refuse(Oic, "Withdraw", ("reason", FieldValues.Text("r"))).RuleName);
        Assert.Equal(Start + 3 * Hour, harness.Case.LastEntered("UnderReview"));
        Assert.Equal(Start + Hour, harness.Case.LastPerformed("ContactVictim"));

        harness.Advance(Hour);
        harness.Accept(Oic, "ContactVictim", ("outcome", FieldValues.Text("spoke again")));
        harness.Accept(Oic, "Withdraw", ("reason", FieldValues.Text("r")));
    }

    [Fact]
    public void Notify_lines_are_addressed_to_the_role_and_its_assigned_officer()
    {
        var harness = CaseHarness.RassoInvestigating();

        var notice = Assert.Single(harness.Workflow.PendingNotifications);

        Assert.Equal((NotificationKind.Action, "Assign", "OIC", "oic-1", "case-1"), (notice.Kind, notice.Action, notice.Role, notice.OfficerId, notice.CaseId));
        Assert.Equal("You are the officer in charge of this investigation.", notice.Message);
    }
}
