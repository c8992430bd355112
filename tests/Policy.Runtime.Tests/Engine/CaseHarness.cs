using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Availability;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Engine;

/// <summary>One case under a test policy, on a fake clock, driven by action names.</summary>
internal sealed class CaseHarness
{
    public CaseHarness(CompiledPolicy policy, IOfficerAvailability? availability = null, string caseId = "case-1")
    {
        Workflow = new PolicyWorkflow(policy) { TimeProvider = Time, Availability = availability };
        Workflow.OpenCase(caseId, "creator");
    }

    public FakeTimeProvider Time { get; } = new(TestPolicies.Start);

    public PolicyWorkflow Workflow { get; }

    public CaseState Case => Workflow.Case;

    public static CaseHarness Rasso(IOfficerAvailability? availability = null) => new(TestPolicies.Rasso, availability);

    /// <summary>A RASSO case assessed and assigned to <see cref="TestPolicies.Oic"/> and <see cref="TestPolicies.Soit"/>.</summary>
    public static CaseHarness RassoInvestigating(IOfficerAvailability? availability = null)
    {
        var harness = Rasso(availability);
        harness.Accept(TestPolicies.Supervisor, "AssessRisk", ("rating", FieldValues.Choice("Red")), ("risks", FieldValues.Text("risk to children")));
        harness.Accept(TestPolicies.Supervisor, "Assign", ("oic", FieldValues.Officer("oic-1")), ("soit", FieldValues.Officer("soit-1")));
        return harness;
    }

    public ActionResult Do(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var map = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                map[name] = value;
            }
        }

        return Workflow.Perform(action, actor, map);
    }

    public CaseEvent Accept(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var result = Do(actor, action, fields);
        Assert.True(result.IsAccepted, $"{action} by {actor}: {result}");
        return result.Event!;
    }

    public Refusal Refuse(Actor actor, string action, params (string Name, FieldValue? Value)[] fields)
    {
        var result = Do(actor, action, fields);
        Assert.True(result.IsRefused, $"{action} by {actor} was accepted");
        return result.Refusal!;
    }

    public void Advance(TimeSpan by) => Time.Advance(by);

    public DeadlineStatus Open(string deadline) => Assert.Single(Workflow.OpenDeadlines, d => d.Deadline == deadline);

    public IReadOnlyList<DeadlineStatus> AllOpen(string deadline) => Workflow.OpenDeadlines.Where(d => d.Deadline == deadline).ToList();
}
