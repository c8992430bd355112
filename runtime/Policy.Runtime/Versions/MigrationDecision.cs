using System.Collections.ObjectModel;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Versions;

/// <summary>
/// What a plan decides for one case, as the fields of its <see cref="CaseEventKind.Migrated"/> event: <c>from</c> (the
/// version it leaves), <c>state</c> (the state it is in after), <c>deadline:Name</c> (keep, restart, recompute or
/// close, for each deadline open on it) and <c>open:Name</c> (each new deadline that opens). The event alone is
/// replayed, so a plan edited or lost after it ran changes nothing in the case.
/// </summary>
internal sealed record MigrationDecision(IReadOnlyDictionary<string, FieldValue> Fields, Refusal? Refusal)
{
    public const string FromField = "from";
    public const string StateField = "state";
    public const string DeadlinePrefix = "deadline:";
    public const string OpenPrefix = "open:";
    public const string OpenValue = "open";

    public static string DeadlineField(string deadline) => DeadlinePrefix + deadline;

    public static bool TryParseChoice(string text, out DeadlineMigration choice) => MigrationPlan.TryParseWord(text, out choice);

    public static MigrationDecision For(MigrationPlan plan, PolicyWorkflow workflow, CompiledPolicy target)
    {
        var current = workflow.CompiledPolicy;
        if (!string.Equals(plan.Policy, current.Name, StringComparison.Ordinal) || !string.Equals(plan.To, target.Version, StringComparison.Ordinal) || target.Name != current.Name)
        {
            throw new ArgumentException($"The plan moves {plan.Policy} from {plan.From} to {plan.To}; it cannot move a case of {current.Name} to {target}.", nameof(plan));
        }

        if (workflow.IsClosed)
        {
            return Refused(plan, $"The case is closed, so it keeps version {current.Version}, the one it closed under.");
        }

        if (!string.Equals(current.Version, plan.From, StringComparison.Ordinal))
        {
            return Refused(plan, $"The case runs under version {current.Version}, not {plan.From}, which the plan moves from.");
        }

        var state = plan.StateFor(workflow.StateName);
        if (state is null || target.IndexOfState(state) < 0)
        {
            return Refused(plan, $"The plan does not move cases in state {workflow.StateName}: version {plan.To} has no state for them.");
        }

        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
        {
            [FromField] = new(ValueKind.Text, current.Version),
            [StateField] = new(ValueKind.Text, state),
        };
        foreach (var open in workflow.Case.OpenDeadlines)
        {
            var choice = plan.ChoiceFor(open.Deadline) ?? (target.IndexOfDeadline(open.Deadline) < 0 ? DeadlineMigration.Close : DeadlineMigration.Keep);
            if (choice != DeadlineMigration.Close && target.IndexOfDeadline(open.Deadline) < 0)
            {
                throw new ArgumentException($"The plan keeps deadline {open.Deadline}, which version {plan.To} does not have; validate the plan first.", nameof(plan));
            }

            fields[DeadlineField(open.Deadline)] = new(ValueKind.Text, MigrationPlan.Word(choice));
        }

        var entered = target.States[target.IndexOfState(state)];
        foreach (var added in plan.NewDeadlines.Where(d => d.Open))
        {
            var index = target.IndexOfDeadline(added.Deadline);
            if (index >= 0 && entered.OpensOnEntering.Contains(index))
            {
                fields[OpenPrefix + added.Deadline] = new(ValueKind.Text, OpenValue);
            }
        }

        return new MigrationDecision(new ReadOnlyDictionary<string, FieldValue>(fields), null);
    }

    private static MigrationDecision Refused(MigrationPlan plan, string message) =>
        new(ReadOnlyDictionary<string, FieldValue>.Empty, new Refusal(RefusalKind.State, message, Array.Empty<Citation>(), "migrate to " + plan.To));
}
