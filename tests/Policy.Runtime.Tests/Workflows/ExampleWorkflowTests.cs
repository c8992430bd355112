using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Tests.Workflows.Generated;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Workflows;

public sealed class ExampleWorkflowTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void A_generated_workflow_runs_a_case_through_its_typed_methods()
    {
        var rasso = Open();

        Assert.Equal(RassoInvestigationState.Reported, rasso.State);
        Assert.True(rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Red, "children in the household").IsAccepted);
        Assert.Equal(RassoInvestigationState.Assessed, rasso.State);
        Assert.False(rasso.CanRecordKeyUpdate(Oic));

        Assert.True(rasso.Assign(Supervisor, "oic-1", "soit-1").IsAccepted);
        Assert.Equal(RassoInvestigationState.Investigating, rasso.State);
        Assert.True(rasso.CanRecordKeyUpdate(Oic));
        Assert.False(rasso.CanRecordKeyUpdate(OtherOic));
        Assert.Equal("oic-1", rasso.AssignedOfficer(RassoInvestigation.Roles.OIC));
        Assert.Contains(rasso.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.ContactAgreement);

        Assert.True(rasso.RecordMarac(Oic, new RassoInvestigation.MaracDecision.NotReferred("victim declined a referral")).IsAccepted);
        var decision = rasso.Recorded("decision")!;
        Assert.Equal(("NotReferred", "victim declined a referral"), (decision.Text, decision.Fields!["reason"].Text));
        Assert.Contains(rasso.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.MaracReferral);
        Assert.True(rasso.RecordMarac(Oic, new RassoInvestigation.MaracDecision.Referred()).IsAccepted);
        Assert.DoesNotContain(rasso.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.MaracReferral);

        Assert.True(rasso.RecordKeyUpdate(Oic, "suspect arrested").IsAccepted);
        var refused = rasso.Close(Oic, "no further action");
        Assert.Equal((RefusalKind.Rule, "NoClosureWhileVictimUninformed"), (refused.Refusal!.Kind, refused.Refusal.RuleName));
        Assert.True(rasso.InformVictim(Soit, "told of the arrest").IsAccepted);
        Assert.True(rasso.Close(Oic, "no further action").IsAccepted);
        Assert.Equal(RassoInvestigationState.Closed, rasso.State);
        Assert.Empty(rasso.OpenDeadlines);
    }

    [Fact]
    public void Typed_methods_refuse_bad_arguments_instead_of_throwing()
    {
        var rasso = Open();

        var blank = rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Amber, "  ");
        var missing = rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Amber, null!);
        rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Amber, "r");
        var noOfficer = rasso.Assign(Supervisor, null!, "soit-1");
        rasso.Assign(Supervisor, "oic-1", "soit-1");
        var noDecision = rasso.RecordMarac(Oic, null!);
        var noReason = rasso.RecordMarac(Oic, new RassoInvestigation.MaracDecision.NotReferred(""));

        Assert.All([blank, missing, noOfficer, noDecision, noReason], r => Assert.Equal(RefusalKind.InvalidInput, r.Refusal!.Kind));
        Assert.Equal("decision.reason must not be empty.", noReason.Refusal!.Message);
    }

    [Fact]
    public void A_generated_workflow_is_rehydrated_from_its_events()
    {
        var rasso = Open();
        rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Green, "low");
        rasso.Assign(Supervisor, "oic-1", "soit-1");
        Assert.True(rasso.OverrideSupervisionInterval(Supervisor, new Duration(7, DurationUnit.Days)).IsAccepted);
        _time.Advance(TimeSpan.FromDays(2));
        Assert.True(rasso.RaiseOicAbsent("oic-1", Start).IsAccepted);
        rasso.RecordDueDeadlines();

        var copy = PolicyWorkflow.Rehydrate<RassoInvestigation>(rasso.PendingEvents);

        Assert.Equal(RassoInvestigationState.Investigating, copy.State);
        Assert.Equal(new Duration(7, DurationUnit.Days), copy.SupervisionInterval);
        Assert.Equal(rasso.Case.Describe(), copy.Case.Describe());
        Assert.Equal(rasso.Version, copy.Version);
        Assert.Equal(copy.Version, copy.SavedVersion);
        Assert.Contains(copy.Case.OpenDeadlines, d => d.Deadline == RassoInvestigation.Deadlines.Reallocation);
    }

    [Fact]
    public void Pending_events_carry_who_acted_in_which_role_and_the_policy_version()
    {
        var rasso = Open();
        rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Red, "r");

        var performed = rasso.PendingEvents[^1];

        Assert.Equal((CaseEventKind.ActionPerformed, "AssessRisk", "sup-1", "Supervisor", "RassoInvestigation", "2025.02", 2L),
            (performed.Kind, performed.Name, performed.ActorId, performed.Role, performed.PolicyName, performed.PolicyVersion, performed.Version));
        Assert.Equal("Red", performed.Fields["rating"].Text);
        Assert.Equal(2, performed.Fields.Count);
        Assert.Equal(2, rasso.PendingEvents.Count);
        rasso.MarkSaved();
        Assert.Empty(rasso.PendingEvents);
        Assert.Equal(2, rasso.SavedVersion);
    }

    [Fact]
    public void Deciding_allocates_nothing_and_an_accepted_action_little_beyond_its_event()
    {
        var rasso = Open();
        rasso.AssessRisk(Supervisor, RassoInvestigation.Rag.Red, "r");
        rasso.Assign(Supervisor, "oic-1", "soit-1");
        for (var i = 0; i < 50; i++)
        {
            rasso.CanInformVictim(Soit);
            rasso.AgreeVictimContact(Oic, "phone", new Duration(7, DurationUnit.Days));
        }

        rasso.MarkSaved();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            rasso.CanInformVictim(Soit);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            rasso.ReviewIntelligence(Supervisor);
        }

        // The event record itself (about 100 bytes) and a share of the pending list's growth.
        var perAction = (GC.GetAllocatedBytesForCurrentThread() - before) / 50;
        Assert.True(perAction <= 160, $"{perAction} bytes per action");
    }

    private RassoInvestigation Open()
    {
        var rasso = new RassoInvestigation { TimeProvider = _time };
        rasso.OpenCase("rasso-1", "creator");
        return rasso;
    }
}
