using System.Runtime.CompilerServices;
using Policy.Definitions;

namespace Policy.Language.Checking;

/// <summary>
/// Questions about how cases move through a policy, answered from its definition alone: which states can be reached
/// from which, and in which states a deadline can be open. Used by the checker, the diagrams and the explanations.
/// </summary>
public static class PolicyFlow
{
    /// <summary>
    /// Per definition (immutable), its actions by name and its state graph, built once: the checker asks about every
    /// deadline, and a scan of every action per question made large policies take quadratic time.
    /// </summary>
    private static readonly ConditionalWeakTable<PolicyDefinition, FlowIndex> Indexes = new();

    /// <summary>The policy's initial state, or null when it has none.</summary>
    public static StateDefinition? InitialState(PolicyDefinition policy) => policy.States.FirstOrDefault(s => s.IsInitial);

    /// <summary>The first action with this name, or null.</summary>
    public static ActionDefinition? FindAction(PolicyDefinition policy, string name) =>
        IndexOf(policy).ActionsByName.TryGetValue(name, out var action) ? action : null;

    /// <summary>States reachable from <paramref name="start"/> by actions (the start states included).</summary>
    public static HashSet<string> ReachableFrom(PolicyDefinition policy, IEnumerable<string> start)
    {
        var next = IndexOf(policy).Next;
        var reached = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(reached);
        while (queue.Count > 0)
        {
            if (!next.TryGetValue(queue.Dequeue(), out var targets))
            {
                continue;
            }

            foreach (var to in targets)
            {
                if (reached.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return reached;
    }

    /// <summary>
    /// The states a case may be in while the deadline is open: everything reachable from where it opens, short of
    /// final states (which close every deadline) and, for recurring deadlines, only their own state. An over-estimate,
    /// so that "can never be met" is only said of deadlines that truly cannot be.
    /// </summary>
    public static HashSet<string> OpenStates(PolicyDefinition policy, DeadlineDefinition deadline)
    {
        if (deadline.Trigger.Kind == TriggerKind.Recurring)
        {
            return new HashSet<string>(new[] { deadline.Trigger.Name }, StringComparer.Ordinal);
        }

        IEnumerable<string> start;
        if (deadline.Trigger.Kind == TriggerKind.OnEntering)
        {
            start = new[] { deadline.Trigger.Name };
        }
        else
        {
            var trigger = FindAction(policy, deadline.Trigger.Name);
            var initial = InitialState(policy);
            start = trigger is not null
                ? trigger.ToState is { } to ? new[] { to } : trigger.FromStates
                : initial is null ? Array.Empty<string>() : ReachableFrom(policy, new[] { initial.Name });
        }

        var startStates = start.ToList();
        var open = ReachableFrom(policy, startStates);
        if (deadline.StopsOnLeaving is { } leaving && startStates.Count == 1 && startStates[0] == leaving)
        {
            // Opened in the state it stops on leaving: it is only ever open there.
            open = new HashSet<string>(startStates, StringComparer.Ordinal);
        }

        open.ExceptWith(IndexOf(policy).FinalStates);
        return open;
    }

    private static FlowIndex IndexOf(PolicyDefinition policy) => Indexes.GetValue(policy, p => new FlowIndex(p));

    private sealed class FlowIndex
    {
        public FlowIndex(PolicyDefinition policy)
        {
            foreach (var action in policy.Actions)
            {
                if (!ActionsByName.ContainsKey(action.Name))
                {
                    ActionsByName[action.Name] = action;
                }

                if (action.ToState is not { } to)
                {
                    continue;
                }

                foreach (var from in action.FromStates)
                {
                    if (!Next.TryGetValue(from, out var targets))
                    {
                        Next[from] = targets = new List<string>();
                    }

                    targets.Add(to);
                }
            }

            FinalStates = new HashSet<string>(policy.States.Where(s => s.IsFinal).Select(s => s.Name), StringComparer.Ordinal);
        }

        public Dictionary<string, ActionDefinition> ActionsByName { get; } = new(StringComparer.Ordinal);

        /// <summary>For each state, the states its actions lead to.</summary>
        public Dictionary<string, List<string>> Next { get; } = new(StringComparer.Ordinal);

        public HashSet<string> FinalStates { get; }
    }
}
