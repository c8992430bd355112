using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Workflows;

namespace Policy.Policies.Tests.Infrastructure;

/// <summary>Assertions that say what was refused, and why, when a step that should succeed does not.</summary>
internal static class Results
{
    public static void Accepted(ActionResult result)
    {
        Assert.True(result.IsAccepted, $"Expected the step to be accepted, but it was {result}.");
    }

    public static void Accepted(CaseResult result)
    {
        Assert.True(result.IsAccepted, $"Expected the step to be accepted, but it was {result.Status}: {result.Refusal}.");
    }

    public static Refusal Refused(ActionResult result)
    {
        Assert.True(result.IsRefused, $"Expected the step to be refused, but it was {result}.");
        return result.Refusal!;
    }

    public static Refusal Refused(CaseResult result)
    {
        Assert.True(
            result.Status == CaseResultStatus.Refused,
            $"Expected the step to be refused, but it was {result.Status}, saving {string.Join(", ", result.Events.Select(e => e.Name))}.");
        return result.Refusal!;
    }

    /// <summary>The one open instance of <paramref name="deadline"/>, or a failure saying which deadlines are open instead.</summary>
    public static DeadlineStatus OpenDeadline(PolicyWorkflow workflow, string deadline)
    {
        var open = workflow.OpenDeadlines.Where(d => d.Deadline == deadline).ToList();
        var all = workflow.OpenDeadlines.Select(d => d.Deadline).ToList();
        Assert.True(
            open.Count == 1,
            $"Expected one open {deadline} deadline, but {open.Count} are open. Open deadlines: {(all.Count == 0 ? "none" : string.Join(", ", all))}.");
        return open[0];
    }
}
