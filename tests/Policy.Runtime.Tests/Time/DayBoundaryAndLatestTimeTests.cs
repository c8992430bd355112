using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>
/// Deadlines counted from a day's boundary (<c>from the start of the day</c>, <c>from the end of the day</c>, of the
/// day a deadline opens or of a recorded date) and from the latest time another deadline could have been met, compiled
/// from policy text and run on the runtime. Times are London times; the expected values are what the law's words give.
/// </summary>
public sealed class DayBoundaryAndLatestTimeTests
{
    private const string Policy = """
        policy Orders "Orders and reviews" {
          version "2026.01"
          calendar england-and-wales
          source LAW "A statute"
          role Officer "Officer"
          role Inspector "Inspector"
          state Open "Open" initial
          state Closed "Closed" final

          calendar NoSundays "Every day but Sundays" {
            counts every day except Sundays
            cite LAW "s.1"
          }

          action Report "Report the incident" by Officer in Open
          action Serve "Serve the notice" by Officer in Open
          action Decide "Record the decision" by Inspector in Open
          action MakeOrder "Record the order" by Inspector in Open {
            record madeOn: date, madeAt: date-time
          }
          action Review "Review the order" by Inspector in Open
          action Suspend "Suspend the clock" by Inspector in Open
          action Restart "Restart the clock" by Inspector in Open
          action Close "Close" by Officer from Open to Closed

          deadline NextDay "Served by the end of the day after the report" {
            starts when Report
            Officer must Serve within 1 day from the end of the day
            cite LAW "s.2"
          }
          deadline CountedAfter "24 hours not counting Sundays, from the end of the day of the report" {
            starts when Report
            counted on NoSundays
            Officer must Close within 24 hours from the end of the day
            cite LAW "s.3"
          }
          deadline MonthAfter "Reviewed within a month after the day the order was made" {
            starts when MakeOrder
            Inspector must Review within 1 month from the end of the day of madeOn
            cite LAW "s.4"
          }
          deadline HoursFromStart "Decided within 48 hours from the start of the day of the order" {
            starts when MakeOrder
            Inspector must Decide within 48 hours from the start of the day of madeAt
            cite LAW "s.5"
          }
          deadline DayAfterRecorded "Closed within a day after the day the order was made" {
            starts when MakeOrder
            Officer must Close within 1 day from the end of the day of madeAt
            cite LAW "s.6"
          }
          deadline Limit "Decided within 6 hours of the report" {
            starts when Report
            Inspector must Decide within 6 hours
            pauses when Suspend
            resumes when Restart
            cite LAW "s.7"
          }
          deadline FromDue "Reviewed within 2 hours of when the decision was due" {
            starts when Decide
            Inspector must Review within 2 hours from when Limit was due
            cite LAW "s.8"
          }
          deadline FromLatest "Reviewed within 2 hours of the latest time the decision could have been made" {
            starts each Decide
            Inspector must Review within 2 hours from the latest time Limit could have been met
            cite LAW "s.9"
          }
        }
        """;

    private static readonly Actor Officer = new("pc", "Officer");
    private static readonly Actor Inspector = new("insp", "Inspector");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero));
    private readonly PolicyWorkflow _workflow;

    public DayBoundaryAndLatestTimeTests()
    {
        _workflow = new PolicyWorkflow(PolicyText.Compile("orders.policy", Policy)) { TimeProvider = _time };
        _workflow.OpenCase("case-1");
    }

    [Fact]
    public void From_the_end_of_the_day_the_day_itself_does_not_count()
    {
        // Reported Friday 6 March at 18:00: the day after ends at midnight ending Saturday 7 March.
        Accept(Officer, "Report");
        Assert.Equal(Utc(2026, 3, 8, 0), Due("NextDay"));
    }

    [Fact]
    public void From_the_end_of_the_day_counted_hours_skip_a_Sunday_that_follows()
    {
        // Reported Saturday 7 March: the day ends at midnight into Sunday, which is not counted; 24 counted hours run
        // from the start of Monday 9 March.
        _time.SetUtcNow(Utc(2026, 3, 7, 15));
        Accept(Officer, "Report");
        Assert.Equal(Utc(2026, 3, 10, 0), Due("CountedAfter"));
    }

    [Theory]
    [InlineData("2026-01-15", "2026-02-16T00:00:00Z")] // the corresponding date: the end of 15 February
    [InlineData("2026-01-30", "2026-03-01T00:00:00Z")] // no 30 February: the end of the month
    [InlineData("2026-01-31", "2026-03-01T00:00:00Z")]
    [InlineData("2026-02-28", "2026-03-29T00:00:00Z")] // the end of 28 March, still GMT
    [InlineData("2026-03-28", "2026-04-28T23:00:00Z")] // the end of 28 April, in British Summer Time
    public void A_month_from_the_end_of_a_recorded_day_ends_at_the_end_of_the_corresponding_date(string madeOn, string due)
    {
        MakeOrder(DateOnly.Parse(madeOn, System.Globalization.CultureInfo.InvariantCulture), Utc(2026, 3, 6, 9));
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Due("MonthAfter"));
    }

    [Fact]
    public void From_the_start_of_a_recorded_day_the_hours_count_from_its_midnight_across_a_clock_change()
    {
        // Made at 14:00 on Saturday 28 March 2026; the clocks go forward at 01:00 on Sunday 29 March. 48 hours from
        // the start of 28 March (midnight GMT) are elapsed hours: 00:00 GMT on Monday 30 March, 01:00 BST.
        MakeOrder(new DateOnly(2026, 3, 28), Utc(2026, 3, 28, 14));
        Assert.Equal(Utc(2026, 3, 30, 0), Due("HoursFromStart"));
    }

    [Fact]
    public void From_the_end_of_a_recorded_day_is_the_local_midnight_after_it()
    {
        // Made at 23:30 BST on Saturday 4 April (22:30 UTC): the day ends at midnight BST, so the next day ends at
        // 23:00 UTC on Sunday 5 April.
        MakeOrder(new DateOnly(2026, 4, 4), Utc(2026, 4, 4, 22, 30));
        Assert.Equal(Utc(2026, 4, 5, 23), Due("DayAfterRecorded"));
    }

    [Fact]
    public void From_the_latest_time_counts_from_the_due_time_with_the_stopped_time_added()
    {
        var reported = Utc(2026, 3, 6, 18);
        Accept(Officer, "Report"); // Limit due at 00:00
        _time.Advance(TimeSpan.FromHours(1));
        Accept(Inspector, "Suspend");
        _time.Advance(TimeSpan.FromHours(3));
        Accept(Inspector, "Restart"); // stopped 3 hours: Limit now due at 03:00
        Assert.Equal(reported.AddHours(9), Due("Limit"));
        Accept(Inspector, "Decide");

        // When it was due (as it opened) is 00:00; the latest time it could have been met is 03:00.
        Assert.Equal(reported.AddHours(6 + 2), Due("FromDue"));
        Assert.Equal(reported.AddHours(9 + 2), Due("FromLatest"));
    }

    [Fact]
    public void From_the_latest_time_does_not_open_while_that_deadline_is_stopped()
    {
        Accept(Officer, "Report");
        Accept(Inspector, "Suspend");
        Accept(Inspector, "Decide");

        // Limit's clock is stopped: there is no latest time it could be met, so FromLatest does not open; FromDue does.
        Assert.DoesNotContain(_workflow.OpenDeadlines, d => d.Deadline == "FromLatest");
        Assert.Contains(_workflow.OpenDeadlines, d => d.Deadline == "FromDue");
    }

    [Fact]
    public void The_due_times_are_the_same_after_the_case_is_replayed()
    {
        Accept(Officer, "Report");
        Accept(Inspector, "Suspend");
        _time.Advance(TimeSpan.FromHours(2));
        Accept(Inspector, "Restart");
        MakeOrder(new DateOnly(2026, 1, 31), Utc(2026, 3, 6, 20));
        Accept(Inspector, "Decide");
        var before = _workflow.OpenDeadlines.Select(d => (d.Deadline, d.DueAt)).ToList();

        var replayed = new PolicyWorkflow(_workflow.CompiledPolicy) { TimeProvider = _time };
        replayed.Replay(_workflow.PendingEvents);
        Assert.Equal(before, replayed.OpenDeadlines.Select(d => (d.Deadline, d.DueAt)).ToList());
    }

    private void MakeOrder(DateOnly madeOn, DateTimeOffset madeAt) =>
        Accept(Inspector, "MakeOrder", ("madeOn", FieldValues.Date(madeOn)), ("madeAt", FieldValues.DateTime(madeAt)));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private void Accept(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var result = _workflow.Perform(action, actor, FieldValues.Fields(fields));
        Assert.True(result.IsAccepted, $"{action} was refused: {result.Refusal?.Message}");
    }

    private DateTimeOffset Due(string deadline) => Assert.Single(_workflow.OpenDeadlines, d => d.Deadline == deadline).DueAt;
}
