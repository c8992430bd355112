using Policy.Definitions;

namespace Policy.Language.Checking;

/// <summary>
/// Questions about how cases move through a policy, answered from its definition alone: which states can be reached
/// from which, and in which states a deadline can be open. Used by the checker, the diagrams and the explanations.
/// </summary>
public static class PolicyFlow
{
    /// <summary>The policy's initial state, or null when it has none.</summary>
    public static StateDefinition? InitialState(PolicyDefinition policy) => policy.States.FirstOrDefault(s => s.IsInitial);

    /// <summary>States reachable from <paramref name="start"/> by actions (the start states included).</summary>
    public static HashSet<string> ReachableFrom(PolicyDefinition policy, IEnumerable<string> start)
    {
        var reached = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(reached);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var action in policy.Actions)
            {
                if (action.ToState is { } to && action.FromStates.Contains(state) && reached.Add(to))
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
            var trigger = policy.Actions.FirstOrDefault(a => a.Name == deadline.Trigger.Name);
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

        open.RemoveWhere(s => policy.States.Any(x => x.Name == s && x.IsFinal));
        return open;
    }
}
