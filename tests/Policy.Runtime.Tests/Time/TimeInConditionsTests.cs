using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>
/// Time in conditions, compiled from policy text and run: <c>now</c>, a date-time plus or minus a duration, a deadline's
/// status (<c>is overdue</c>, <c>was breached</c>, <c>was met</c>) and how often an action happened.
/// </summary>
public sealed class TimeInConditionsTests
{
    private const string Policy = """
        policy Custody "Detention" {
          version "1"
          calendar england-and-wales
          source PACE "PACE"
          role CustodyOfficer "Custody officer"
          role Superintendent "Superintendent"
          state Detained "Detained" initial
          state Released "Released" final
          action BookIn "Book in" by CustodyOfficer in Detained {
            record arrivedAt: date-time
          }
          action Review "Review detention" by CustodyOfficer in Detained
          action Extend "Authorise continued detention" by Superintendent in Detained {
            require now <= arrivedAt + 24 hours "Within 24 hours of the relevant time." cite PACE "s.42(4)"
            require Review happened at least twice "Not before the second review." cite PACE "s.42(4)(b)"
          }
          action Note "Note the detention" by CustodyOfficer in Detained {
            require arrivedAt >= now - 1 day "Only a detention that began in the last day." cite PACE "note"
            require Review happened fewer than twice "Only before the second review." cite PACE "note"
          }
          action Release "Release" by CustodyOfficer from Detained to Released
          deadline FirstReview "First review" {
            starts when BookIn
            CustodyOfficer must Review within 6 hours from arrivedAt
            cite PACE "s.40"
          }
          rule ExplainLateReview "x" {
            forbid Release when FirstReview is overdue or FirstReview was breached "A late review must be explained first."
            cite PACE "s.40"
          }
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);
    private static readonly Actor Sergeant = new("sgt", "CustodyOfficer");
    private static readonly Actor Superintendent = new("supt", "Superintendent");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PolicyWorkflow _workflow;

    public TimeInConditionsTests()
    {
        _workflow = new PolicyWorkflow(PolicyText.Compile("custody.policy", Policy)) { TimeProvider = _time };
        _workflow.OpenCase("case-1");
        Assert.True(_workflow.Perform("BookIn", Sergeant, FieldValues.Fields(("arrivedAt", FieldValues.DateTime(Start)))).IsAccepted);
    }

    [Theory]
    [InlineData(23, true)]
    [InlineData(24, true)]
    [InlineData(25, false)]
    public void Now_is_compared_with_a_recorded_time_plus_a_duration(int hours, bool accepted)
    {
        Review();
        Review();
        _time.SetUtcNow(Start.AddHours(hours));
        var result = _workflow.Perform("Extend", Superintendent);
        Assert.True(accepted == result.IsAccepted, $"{hours} hours: {result.Refusal?.Message}");
    }

    [Fact]
    public void An_action_can_require_another_to_have_happened_a_number_of_times()
    {
        Review();
        var once = _workflow.Perform("Extend", Superintendent);
        Assert.Equal("Not before the second review.", once.Refusal?.Message);
        Assert.True(_workflow.Perform("Note", Sergeant).IsAccepted);

        Review();
        Assert.True(_workflow.Perform("Extend", Superintendent).IsAccepted);
        Assert.Equal("Only before the second review.", _workflow.Perform("Note", Sergeant).Refusal?.Message);
    }

    [Fact]
    public void A_duration_taken_from_now_is_compared_with_a_recorded_time()
    {
        _time.SetUtcNow(Start.AddHours(23));
        Assert.True(_workflow.Perform("Note", Sergeant).IsAccepted);
        _time.SetUtcNow(Start.AddHours(25));
        Assert.Equal("Only a detention that began in the last day.", _workflow.Perform("Note", Sergeant).Refusal?.Message);
    }

    [Fact]
    public void A_rule_can_forbid_while_a_deadline_is_overdue_and_after_it_was_breached()
    {
        // Not yet due: release is allowed (checked, not done).
        Assert.True(_workflow.Can("Release", Sergeant));

        // Due at 00:00; at 00:01 it is overdue even before the monitor records the breach.
        _time.SetUtcNow(Start.AddHours(6).AddMinutes(1));
        Assert.Equal("A late review must be explained first.", _workflow.Perform("Release", Sergeant).Refusal?.Message);

        // Breached, then met late: no longer overdue, but it was breached.
        _workflow.RecordDueDeadlines();
        Review();
        Assert.DoesNotContain(_workflow.OpenDeadlines, d => d.Deadline == "FirstReview");
        Assert.Equal("A late review must be explained first.", _workflow.Perform("Release", Sergeant).Refusal?.Message);
    }

    private void Review() => Assert.True(_workflow.Perform("Review", Sergeant).IsAccepted);
}
