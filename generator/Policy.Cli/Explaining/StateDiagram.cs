using System.Text;
using Policy.Definitions;
using Policy.Language.Checking;

namespace Policy.Cli.Explaining;

/// <summary>Draws a policy's states and transitions, each transition labelled by action and role, each state with the deadlines open in it.</summary>
internal static class StateDiagram
{
    private static Dictionary<string, List<string>> DeadlinesByState(PolicyDefinition policy)
    {
        var result = policy.States.ToDictionary(s => s.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var deadline in policy.Deadlines)
        {
            foreach (var state in PolicyFlow.OpenStates(policy, deadline))
            {
                if (result.TryGetValue(state, out var list))
                {
                    list.Add(deadline.Name);
                }
            }
        }

        return result;
    }

    private static IEnumerable<(string From, string To, string Label)> Transitions(PolicyDefinition policy)
    {
        foreach (var action in policy.Actions)
        {
            foreach (var from in action.FromStates)
            {
                yield return (from, action.ToState ?? from, action.WhenDue is { } due
                    ? $"{action.Name} (by itself when {due} is due)"
                    : $"{action.Name} ({string.Join(", ", action.Roles)})");
            }
        }
    }

    public static string Mermaid(PolicyDefinition policy)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        foreach (var state in policy.States.Where(s => s.IsInitial))
        {
            text.Append($"    [*] --> {state.Name}\n");
        }

        foreach (var (from, to, label) in Transitions(policy))
        {
            text.Append($"    {from} --> {to} : {Mermaid(label)}\n");
        }

        foreach (var state in policy.States.Where(s => s.IsFinal))
        {
            text.Append($"    {state.Name} --> [*]\n");
        }

        foreach (var pair in DeadlinesByState(policy).Where(p => p.Value.Count > 0))
        {
            text.Append($"    note right of {pair.Key}\n        Open deadlines: {Mermaid(string.Join(", ", pair.Value))}\n    end note\n");
        }

        return text.ToString();
    }

    /// <summary>Mermaid treats ':' and some brackets specially in labels; replace them with look-alikes.</summary>
    private static string Mermaid(string label) => label.Replace(":", " -").Replace(";", ",").Replace("{", "(").Replace("}", ")");

    public static string Dot(PolicyDefinition policy)
    {
        var deadlines = DeadlinesByState(policy);
        var text = new StringBuilder();
        text.Append($"digraph {Quote(policy.Name)} {{\n");
        text.Append("    rankdir=LR;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var state in policy.States)
        {
            var label = state.Name + (state.IsInitial ? "\n(start)" : string.Empty) + (state.IsFinal ? "\n(finished)" : string.Empty);
            if (deadlines[state.Name].Count > 0)
            {
                label += "\nopen: " + string.Join(", ", deadlines[state.Name]);
            }

            var shape = state.IsFinal ? ", peripheries=2" : string.Empty;
            text.Append($"    {Quote(state.Name)} [label={Quote(label)}{shape}];\n");
        }

        foreach (var (from, to, label) in Transitions(policy))
        {
            text.Append($"    {Quote(from)} -> {Quote(to)} [label={Quote(label)}];\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
