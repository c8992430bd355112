using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Time;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Engine;

public sealed class CompiledPolicyTests
{
    [Fact]
    public void Names_become_indices_in_declaration_order()
    {
        var policy = Rasso;

        Assert.Equal(0, policy.IndexOfState("Reported"));
        Assert.Equal(4, policy.IndexOfState("Closed"));
        Assert.Equal(1, policy.IndexOfRole("OIC"));
        Assert.Equal(-1, policy.IndexOfAction("Dance"));
        Assert.Equal(0, policy.InitialState);
        Assert.Equal("Assign", policy.ActionName(policy.IndexOfAction("Assign")));
    }

    [Fact]
    public void Each_action_knows_its_states_roles_rules_and_deadlines()
    {
        var policy = Rasso;
        var close = policy.Actions[policy.IndexOfAction("Close")];
        var keyUpdate = policy.Actions[policy.IndexOfAction("RecordKeyUpdate")];
        var investigating = policy.States[policy.IndexOfState("Investigating")];

        Assert.Equal([false, false, true, true, false], close.AllowedFrom);
        Assert.Equal(policy.IndexOfState("Closed"), close.ToState);
        Assert.Equal((1UL << 1) | (1UL << 0), close.RoleMask);
        Assert.Equal("NoClosureWhileVictimUninformed", Assert.Single(close.Rules).Definition.Name);
        Assert.Equal([policy.IndexOfDeadline("VictimUpdate")], keyUpdate.StartsEach);
        Assert.Equal(
            [policy.IndexOfDeadline("SupervisorReview"), policy.IndexOfDeadline("IntelligenceReview"), policy.IndexOfDeadline("MaracReferral")],
            investigating.OpensOnEntering);
        Assert.Equal([policy.IndexOfDeadline("SupervisorReview"), policy.IndexOfDeadline("IntelligenceReview")], investigating.StopsOnLeaving);
    }

    [Fact]
    public void The_calendar_is_the_one_the_policy_names_unless_one_is_given()
    {
        Assert.Same(EnglandAndWalesCalendar.Instance, Rasso.Calendar);
        Assert.Same(CalendarDaysOnlyCalendar.Instance, ControlRoom.Calendar);

        var calendar = new FakeCalendar();
        var policy = CompiledPolicy.Compile(RassoDefinition(), calendar);
        var harness = new CaseHarness(policy);
        harness.Accept(Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("r")));

        Assert.Same(calendar, policy.Calendar);
        Assert.True(calendar.Additions > 0);
    }

    [Fact]
    public void A_policy_naming_an_unknown_calendar_is_not_compiled_silently()
    {
        Assert.Throws<ArgumentException>(() => CompiledPolicy.Compile(RassoDefinition("atlantis")));
    }

    [Theory]
    [InlineData("14 days", 14, DurationUnit.Days)]
    [InlineData("1 working day", 1, DurationUnit.WorkingDays)]
    [InlineData("3 working days", 3, DurationUnit.WorkingDays)]
    [InlineData("90 minutes", 90, DurationUnit.Minutes)]
    [InlineData("1 month", 1, DurationUnit.Months)]
    public void Recorded_durations_read_back(string text, int amount, DurationUnit unit)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(new Duration(amount, unit), duration);
        Assert.Equal(text, FieldValues.Duration(duration)!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("days")]
    [InlineData("-1 days")]
    [InlineData("2 fortnights")]
    public void Garbled_durations_do_not_read(string text) => Assert.False(DurationText.TryParse(text, out _));
}
