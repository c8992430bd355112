using Force.Policies;
using Microsoft.Extensions.Time.Testing;
using Policy.Policies.Tests.Infrastructure;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;
using static Force.Policies.IncidentAttendance;

namespace Policy.Policies.Tests;

/// <summary>
/// 003_c3ac3317820b860c.txt, "Response to calls for assistance - Metropolitan Police Service, June 2018", Recommendation 2:
/// "if a unit deployed to an incident is diverted, the original incident is still attended", and Recommendation 3: "a
/// countdown or flagging system to highlight when attendance at an incident is delayed".
/// Policy: policies/incident-attendance.policy, deadline Attendance and rule NoClosureAsAttendedWithoutArrival.
/// </summary>
public sealed class DivertedUnitTests
{
    private static readonly Actor CallHandler = new("op-reid", Roles.CallHandler);
    private static readonly Actor Dispatcher = new("disp-shah", Roles.Dispatcher);
    private static readonly Actor Bx21 = new("bx21", Roles.Unit);

    private readonly FakeTimeProvider _time = new(London.At(2025, 5, 31, 23, 54));

    // 003, Recommendations 2 and 3 (the diverted unit). A Significant call (target 60 minutes) graded at 23:55; its
    // unit is diverted at 00:14. The incident waits for a unit again with its clock still running; at 00:55 it is
    // flagged overdue and escalated to the dispatch supervisor; it cannot be closed as attended when nobody arrived.
    [Fact]
    public void Diverted_unit_leaves_the_original_incident_open_flagged_overdue_at_its_target_escalated_and_not_closable_as_attended()
    {
        var incident = new IncidentAttendance { TimeProvider = _time };
        incident.OpenCase("CAD-7781-31MAY");
        At(2025, 5, 31, 23, 55);
        Results.Accepted(incident.GradeCall(CallHandler, Grade.Significant, "12 Acacia Road", "Someone banging on the door; caller has asked for help before"));
        At(2025, 5, 31, 23, 59);
        Results.Accepted(incident.DeployUnit(Dispatcher, "bx21"));
        incident.MarkSaved();

        At(2025, 6, 1, 0, 14);
        Results.Accepted(incident.DivertUnit(Bx21, "Immediate: road traffic collision, A40", "Nearest unit to an injury collision"));
        Assert.Equal(IncidentAttendanceState.AwaitingUnit, incident.State);
        var attendance = Results.OpenDeadline(incident, "Attendance");
        Assert.Equal((London.At(2025, 5, 31, 23, 55), London.At(2025, 6, 1, 0, 55), DeadlineStatusKind.Open), (attendance.OpenedAt, attendance.DueAt, attendance.Status));
        Assert.Equal(
            [
                (Roles.DispatchSupervisor, "A unit was diverted from this incident. It is waiting for a unit again and its attendance time is still running: deploy another unit."),
                (Roles.QART, "A unit was diverted from this incident: it is on the DIVERT tag list for review."),
            ],
            incident.PendingNotifications.Select(n => (n.Role, n.Message)).ToList());
        incident.MarkSaved();

        // No unit is sent. At the target the flag turns overdue, the breach is recorded and the dispatch supervisor alerted.
        At(2025, 6, 1, 0, 54);
        Assert.Empty(incident.RecordDueDeadlines());
        At(2025, 6, 1, 0, 55);
        Assert.Equal(DeadlineStatusKind.Overdue, Results.OpenDeadline(incident, "Attendance").Status);
        Assert.Equal(
            [
                (CaseEventKind.DeadlineBreached, Roles.Unit, London.At(2025, 6, 1, 0, 55)),
                (CaseEventKind.DeadlineEscalated, Roles.DispatchSupervisor, London.At(2025, 6, 1, 0, 55)),
            ],
            incident.RecordDueDeadlines().Select(e => (e.Kind, e.Role, e.At)).ToList());
        Assert.Contains(incident.PendingNotifications, n => n.Kind == NotificationKind.DeadlineEscalated && n.Role == Roles.DispatchSupervisor && n.Deadline == "Attendance");

        // Nobody arrived, so it cannot be closed as attended; it stays open and overdue.
        At(2025, 6, 1, 1, 5);
        var refusal = Results.Refused(incident.CloseIncident(Dispatcher, new Closure.Attended("Words of advice given by phone")));
        Assert.Equal((RefusalKind.Rule, "NoClosureAsAttendedWithoutArrival"), (refusal.Kind, refusal.RuleName));
        Assert.Equal("No unit has recorded arriving at this incident. Record the arrival, or close it as not attended and give the reason.", refusal.Message);
        Assert.Equal(IncidentAttendanceState.AwaitingUnit, incident.State);
        var stillOpen = Results.OpenDeadline(incident, "Attendance");
        Assert.Equal((DeadlineStatusKind.Overdue, 2), (stillOpen.Status, stillOpen.Stage));
    }

    private void At(int year, int month, int day, int hour, int minute) => _time.SetUtcNow(London.At(year, month, day, hour, minute));
}
