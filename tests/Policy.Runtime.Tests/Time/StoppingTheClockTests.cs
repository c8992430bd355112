using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>
/// Stopping the clock, compiled from policy text and run: a deadline paused on entering a state keeps the time it had
/// left, is never breached while paused, and falls due that long after it resumes; an action that records why excuses
/// it within the window the policy sets, and not after.
/// </summary>
public sealed class StoppingTheClockTests
{
    private const string Policy = """
        policy Custody "Detention" {
          version "1"
          source PACE "PACE"
          role CustodyOfficer "Custody officer"
          role Inspector "Review officer"
          state Detained "Detained" initial
          state InHospital "In hospital"
          state Released "Released" final
          action BookIn "Book in" by CustodyOfficer in Detained
          action TakeToHospital "Take to hospital" by CustodyOfficer from Detained to InHospital
          action ReturnFromHospital "Return from hospital" by CustodyOfficer from InHospital to Detained
          action Review "Review detention" by Inspector in Detained, InHospital
          action PostponeReview "Postpone the review" by Inspector in Detained, InHospital {
            record reason: text
          }
          action Release "Release" by CustodyOfficer from Detained, InHospital to Released
          signal Suspend "The clock is suspended"
          signal Restart "The clock restarts"
          deadline Limit "Within 24 hours, not counting time in hospital" {
            starts when BookIn
            CustodyOfficer must Release within 24 hours
            pauses on entering InHospital
            pauses when Suspend
            resumes on leaving InHospital
            resumes when Restart
            cite PACE "s.41(6)"
          }
          deadline FirstReview "First review within 6 hours" {
            starts when ReturnFromHospital
            Inspector must Review within 6 hours
            excused by PostponeReview until 1 hour after due
            cite PACE "s.40(4)"
          }
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Sergeant = new("sgt", "CustodyOfficer");
    private static readonly Actor Inspector = new("insp", "Inspector");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PolicyWorkflow _workflow;

    public StoppingTheClockTests()
    {
        _workflow = new PolicyWorkflow(PolicyText.Compile("custody.policy", Policy)) { TimeProvider = _time };
        _workflow.OpenCase("case-1");
        Accept(Sergeant, "BookIn");
    }

    [Fact]
    public void A_paused_deadline_keeps_its_time_is_not_breached_and_falls_due_that_long_after_it_resumes()
    {
        At(4);
        Accept(Sergeant, "TakeToHospital");
        var paused = Limit();
        Assert.Equal((DeadlineStatusKind.Paused, TimeSpan.FromHours(20)), (paused.Status, paused.Remaining));

        // Two days in hospital: long past the original due time, and nothing is breached or due in the store's index.
        At(52);
        Assert.Empty(_workflow.RecordDueDeadlines());
        // A stopped clock is nothing for the monitor to act on, though the deadline is still open.
        Assert.Null(Assert.Single(_workflow.DueDeadlineRows(), r => r.Deadline == "Limit").NextActionAt);

        Accept(Sergeant, "ReturnFromHospital");
        Assert.Equal(Start.AddHours(52 + 20), Limit().DueAt);
        Assert.NotNull(Assert.Single(_workflow.DueDeadlineRows(), r => r.Deadline == "Limit").NextActionAt);

        At(52 + 20);
        var breach = Assert.Single(_workflow.RecordDueDeadlines(), e => e.Name == "Limit");
        Assert.Equal((CaseEventKind.DeadlineBreached, "Limit", Start.AddHours(72)), (breach.Kind, breach.Name, breach.At));
    }

    [Fact]
    public void A_signal_pauses_and_another_resumes_and_pausing_twice_keeps_the_first_pause()
    {
        At(2);
        Assert.True(_workflow.RaiseSignal("Suspend").IsAccepted);
        At(3);
        Assert.True(_workflow.RaiseSignal("Suspend").IsAccepted);
        Assert.Equal(TimeSpan.FromHours(22), Limit().Remaining);
        At(10);
        Assert.True(_workflow.RaiseSignal("Restart").IsAccepted);
        Assert.Equal(Start.AddHours(10 + 22), Limit().DueAt);
    }

    [Fact]
    public void An_excuse_closes_the_deadline_within_its_window_and_not_after()
    {
        Accept(Sergeant, "TakeToHospital");
        Accept(Sergeant, "ReturnFromHospital");

        // Due at 16:00; excused at 16:30, within an hour after due: closed as excused, with its breach on record.
        At(6);
        _workflow.RecordDueDeadlines();
        _time.Advance(TimeSpan.FromMinutes(30));
        Accept(Inspector, "PostponeReview", ("reason", FieldValues.Text("The detainee is asleep")));
        var closed = Assert.Single(_workflow.DeadlineHistory, d => d.Deadline == "FirstReview");
        Assert.Equal(DeadlineOutcome.Excused, closed.Outcome);

        // The next instance, left two hours past due: the excuse comes too late and the deadline stays open.
        Accept(Sergeant, "TakeToHospital");
        Accept(Sergeant, "ReturnFromHospital");
        _time.Advance(TimeSpan.FromHours(8));
        Accept(Inspector, "PostponeReview", ("reason", FieldValues.Text("Too late")));
        Assert.Contains(_workflow.OpenDeadlines, d => d.Deadline == "FirstReview");
    }

    private DeadlineStatus Limit() => Assert.Single(_workflow.OpenDeadlines, d => d.Deadline == "Limit");

    private void At(int hours) => _time.SetUtcNow(Start.AddHours(hours));

    private void Accept(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var result = _workflow.Perform(action, actor, FieldValues.Fields(fields));
        Assert.True(result.IsAccepted, $"{action} was refused: {result.Refusal?.Message}");
    }

    [Fact]
    public void A_deadline_counted_on_a_calendar_keeps_its_counted_time_left_while_paused()
    {
        var policy = PolicyText.Compile("court.policy", """
            policy Court "Before the court" {
              version "1"
              source PACE "PACE"
              role CustodyOfficer "Custody officer"
              state Charged "Charged" initial
              state Released "Released" final
              calendar NoSundays "Every day but Sundays" {
                counts every day except Sundays
                cite PACE "s.46(7)"
              }
              action Charge "Charge" by CustodyOfficer in Charged
              action Suspend "Suspend the clock" by CustodyOfficer in Charged
              action Restart "Restart the clock" by CustodyOfficer in Charged
              action Appear "Bring before the court" by CustodyOfficer from Charged to Released
              deadline BeforeCourt "Within 48 hours, Sundays not counted" {
                starts when Charge
                counted on NoSundays
                CustodyOfficer must Appear within 48 hours
                pauses when Suspend
                resumes when Restart
                cite PACE "s.46(2)"
              }
            }
            """);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero));
        var workflow = new PolicyWorkflow(policy) { TimeProvider = time };
        workflow.OpenCase("case-1");
        Assert.True(workflow.Perform("Charge", Sergeant).IsAccepted);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 18, 0, 0, TimeSpan.Zero), Assert.Single(workflow.OpenDeadlines).DueAt);

        // Stopped at 14:00 on Saturday after 20 counted hours (6 on Friday, 14 on Saturday): 28 counted hours are left,
        // not the 52 elapsed hours to Monday 18:00, which take in the Sunday that would not have counted.
        time.SetUtcNow(new DateTimeOffset(2026, 3, 7, 14, 0, 0, TimeSpan.Zero));
        Assert.True(workflow.Perform("Suspend", Sergeant).IsAccepted);
        Assert.Equal(TimeSpan.FromHours(28), Assert.Single(workflow.OpenDeadlines).Remaining);

        // Started again at 10:00 on Tuesday: 14 hours to the end of Tuesday, 14 on Wednesday.
        time.SetUtcNow(new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero));
        Assert.True(workflow.Perform("Restart", Sergeant).IsAccepted);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 14, 0, 0, TimeSpan.Zero), Assert.Single(workflow.OpenDeadlines).DueAt);
    }
}
