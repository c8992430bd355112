using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>
/// Deadlines counted from where the law counts them (a recorded date-time, a recorded date, another deadline's due
/// time) and for durations the case records, compiled from policy text and run on the runtime; and durations in
/// different units compared at the real dates.
/// </summary>
public sealed class AnchorAndRecordedDurationTests
{
    private const string Policy = """
        policy Custody "Detention reviews" {
          version "2026.01"
          calendar england-and-wales
          source PACE "Police and Criminal Evidence Act 1984"
          role CustodyOfficer "Custody officer"
          role Inspector "Review officer"
          state Detained "Detained" initial
          state Released "Released" final
          action BookIn "Book the person in" by CustodyOfficer in Detained {
            record arrivedAt: date-time
          }
          action FirstReview "First review" by Inspector in Detained
          action SecondReview "Second review" by Inspector in Detained
          action Note "Note the next step" by Inspector in Detained
          action GrantWarrant "Record a warrant" by Inspector in Detained {
            record period: duration
            require period <= 28 days "A warrant is for at most 28 days." cite PACE "s.44"
          }
          action MakeOrder "Record an order" by Inspector in Detained {
            record madeOn: date
          }
          action Release "Release" by CustodyOfficer from Detained to Released
          deadline Limit "Within 24 hours of the relevant time" {
            starts when BookIn
            CustodyOfficer must Release within 24 hours from arrivedAt
            cite PACE "s.41(1)"
          }
          deadline First "First review within 6 hours of the relevant time" {
            starts when BookIn
            Inspector must FirstReview within 6 hours from arrivedAt
            cite PACE "s.40(3)(a)"
          }
          deadline Second "Second review within 9 hours of the first review being due" {
            starts when FirstReview
            Inspector must SecondReview within 9 hours from when First was due
            cite PACE "s.40(3)(b)"
          }
          deadline AfterNote "From the relevant time, once noted" {
            starts when Note
            Inspector must SecondReview within 1 hour from arrivedAt
            cite PACE "s.40"
          }
          deadline Warrant "Released when the warrant ends" {
            starts when GrantWarrant
            CustodyOfficer must Release within period
            cite PACE "s.43(12)"
          }
          deadline Order "The order lasts 28 days beginning with the day it is made" {
            starts when MakeOrder
            Inspector must Note within 28 days beginning with madeOn
            cite PACE "order"
          }
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);
    private static readonly Actor Sergeant = new("sgt", "CustodyOfficer");
    private static readonly Actor Inspector = new("insp", "Inspector");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PolicyWorkflow _workflow;

    public AnchorAndRecordedDurationTests()
    {
        // AfterNote counts from a time that Note does not record: the checker's warning (POL0059) is the point of it.
        _workflow = new PolicyWorkflow(PolicyText.Compile("custody.policy", Policy, allowWarnings: true)) { TimeProvider = _time };
        _workflow.OpenCase("case-1");
    }

    [Fact]
    public void A_deadline_from_a_recorded_date_time_is_due_from_that_time_not_from_when_it_was_recorded()
    {
        var arrived = Start.AddMinutes(-50);
        Accept(Sergeant, "BookIn", ("arrivedAt", FieldValues.DateTime(arrived)));

        Assert.Equal(arrived.AddHours(24), Due("Limit"));
        Assert.Equal(arrived.AddHours(6), Due("First"));
    }

    [Fact]
    public void A_deadline_whose_anchor_is_not_recorded_does_not_open()
    {
        Accept(Inspector, "Note");
        Assert.DoesNotContain(_workflow.OpenDeadlines, d => d.Deadline == "AfterNote");

        Accept(Sergeant, "BookIn", ("arrivedAt", FieldValues.DateTime(Start)));
        Accept(Inspector, "Note");
        Assert.Equal(Start.AddHours(1), Due("AfterNote"));
    }

    [Fact]
    public void A_deadline_from_when_another_was_due_counts_from_that_due_time_even_when_it_was_met_early()
    {
        Accept(Sergeant, "BookIn", ("arrivedAt", FieldValues.DateTime(Start)));
        _time.Advance(TimeSpan.FromHours(2));
        Accept(Inspector, "FirstReview");

        // First was due at 00:00 (6 hours from the relevant time) and met at 20:00; the second review is due 9 hours
        // after 00:00, not after the first review.
        Assert.Equal(Start.AddHours(6 + 9), Due("Second"));
    }

    [Fact]
    public void A_recorded_duration_gives_the_due_time()
    {
        Accept(Inspector, "GrantWarrant", ("period", FieldValues.Duration(new Duration(3, DurationUnit.Days))));
        Assert.Equal(Start.AddDays(3), Due("Warrant"));
    }

    [Theory]
    [InlineData(25, DurationUnit.WorkingDays, false)] // five weeks: more than 28 days, though 25 < 28
    [InlineData(20, DurationUnit.WorkingDays, false)] // the end of Friday 3 April, after 18:00 that day (28 days from Friday 18:00)
    [InlineData(19, DurationUnit.WorkingDays, true)]  // the end of Thursday 2 April
    [InlineData(4, DurationUnit.Weeks, true)]
    [InlineData(1, DurationUnit.Months, false)]        // March has 31 days
    [InlineData(28, DurationUnit.Days, true)]
    [InlineData(673, DurationUnit.Hours, false)]       // 28 days and an hour
    public void Durations_in_different_units_are_compared_at_the_real_dates(int amount, DurationUnit unit, bool accepted)
    {
        var result = _workflow.Perform("GrantWarrant", Inspector, FieldValues.Fields(("period", FieldValues.Duration(new Duration(amount, unit)))));
        Assert.True(accepted == result.IsAccepted, $"{amount} {unit}: {(result.IsAccepted ? "accepted" : result.Refusal!.Message)}");
    }

    [Fact]
    public void A_period_beginning_with_a_recorded_date_counts_that_day_as_the_first()
    {
        // Made on 2 March; recorded on 6 March. 28 days beginning with 2 March end at the end of 29 March (BST by then).
        Accept(Inspector, "MakeOrder", ("madeOn", FieldValues.Date(new DateOnly(2026, 3, 2))));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero), Due("Order"));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1900-02-28T12:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Anchors_and_recorded_durations_at_the_ends_of_the_calendar_never_throw(string arrived)
    {
        // Whatever an officer records, the due times saturate or come out in range; nothing throws out of an action.
        var at = DateTimeOffset.Parse(arrived, System.Globalization.CultureInfo.InvariantCulture);
        Accept(Sergeant, "BookIn", ("arrivedAt", FieldValues.DateTime(at)));
        Accept(Inspector, "MakeOrder", ("madeOn", FieldValues.Date(DateOnly.FromDateTime(at.UtcDateTime))));
        Accept(Inspector, "GrantWarrant", ("period", FieldValues.Duration(new Duration(28, DurationUnit.Days))));
        Assert.All(_workflow.OpenDeadlines, d => Assert.True(d.DueAt <= global::Policy.Runtime.Time.ZonedCalendar.EndOfTime));
        _time.SetUtcNow(Start.AddYears(1));
        _workflow.RecordDueDeadlines();
    }

    private void Accept(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var result = _workflow.Perform(action, actor, FieldValues.Fields(fields));
        Assert.True(result.IsAccepted, $"{action} was refused: {result.Refusal?.Message}");
    }

    private DateTimeOffset Due(string deadline) => Assert.Single(_workflow.OpenDeadlines, d => d.Deadline == deadline).DueAt;
}
