using System.Text;
using Policy.Definitions;

namespace Policy.Cli.Explaining;

/// <summary>What changed between two versions of a policy, in the same plain English as <c>policy explain</c>, for sign-off.</summary>
internal static class PolicyDiff
{
    /// <summary>One element of a policy, described in a sentence that changes whenever what it requires changes.</summary>
    private sealed record Item(string Kind, string Name, string Text);

    private static List<Item> Items(PolicyDefinition policy)
    {
        var english = new PolicyEnglish(policy);
        static string Cite(PolicyEnglish e, IReadOnlyList<Citation> c) => c.Count == 0 ? string.Empty : $" ({e.CitationText(c)})";
        var items = new List<Item>
        {
            new("Header", "title", policy.Title),
            new("Header", "effective date", policy.Effective ?? "none"),
            new("Header", "calendar", policy.Calendar ?? "none"),
        };
        items.AddRange(policy.Sources.Select(s => new Item("Source", s.Id, s.Title)));
        items.AddRange(policy.Roles.Select(r => new Item("Role", r.Name, r.Title + (r.IsAssigned ? " (assigned per case)" : string.Empty))));
        items.AddRange(policy.States.Select(s => new Item("State", s.Name, s.Title + (s.IsInitial ? " (start)" : string.Empty) + (s.IsFinal ? " (finished)" : string.Empty))));
        items.AddRange(policy.Choices.Select(c => new Item("Choice", c.Name, string.Join(", ", c.Options.Select(o => o.Fields.Count == 0 ? o.Name : $"{o.Name} ({string.Join(", ", o.Fields.Select(f => $"{f.Name}: {f.Type}"))})")))));
        items.AddRange(policy.Actions.Select(a => new Item("Action", a.Name, english.ActionSentence(a) + Cite(english, a.Citations))));
        items.AddRange(policy.Signals.Select(s => new Item("Signal", s.Name, english.SignalSentence(s))));
        items.AddRange(policy.Settings.Select(s => new Item("Setting", s.Name, PolicyEnglish.SettingSentence(s) + Cite(english, s.Citations))));
        items.AddRange(policy.Deadlines.Select(d => new Item("Deadline", d.Name, english.Deadline(d) + Cite(english, d.Citations))));
        items.AddRange(policy.Rules.Select(r => new Item("Rule", r.Name, english.Rule(r) + Cite(english, r.Citations))));
        return items;
    }

    /// <summary>The changes as Markdown, and whether there were any.</summary>
    public static (string Markdown, bool HasChanges) Compare(PolicyDefinition before, PolicyDefinition after)
    {
        var old = Items(before).ToDictionary(i => (i.Kind, i.Name));
        var now = Items(after).ToDictionary(i => (i.Kind, i.Name));
        var added = now.Values.Where(i => !old.ContainsKey((i.Kind, i.Name))).ToList();
        var removed = old.Values.Where(i => !now.ContainsKey((i.Kind, i.Name))).ToList();
        var changed = now.Values.Where(i => old.TryGetValue((i.Kind, i.Name), out var was) && was.Text != i.Text).ToList();

        var text = new StringBuilder();
        var versions = before.Version == after.Version ? $"version {after.Version}" : $"version {before.Version} → {after.Version}";
        text.Append($"# Changes to {after.Title} ({versions})\n");
        if (before.Name != after.Name)
        {
            text.Append($"\nThe policy is renamed from `{before.Name}` to `{after.Name}`.\n");
        }

        if (added.Count == 0 && removed.Count == 0 && changed.Count == 0)
        {
            text.Append("\nNo change to what the policy requires.\n");
            return (text.ToString(), before.Name != after.Name);
        }

        Section(text, "Added", added, i => $"- **{i.Kind} {i.Name}**: {i.Text}");
        Section(text, "Removed", removed, i => $"- **{i.Kind} {i.Name}**: {i.Text}");
        Section(text, "Changed", changed, i => $"- **{i.Kind} {i.Name}**\n  - Before: {old[(i.Kind, i.Name)].Text}\n  - After: {i.Text}");
        return (text.ToString(), true);
    }

    private static void Section(StringBuilder text, string title, List<Item> items, Func<Item, string> line)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.Append($"\n## {title}\n\n");
        foreach (var item in items)
        {
            text.Append(line(item)).Append('\n');
        }
    }
}
