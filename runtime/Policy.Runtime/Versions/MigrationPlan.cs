using System.Globalization;
using System.Text;
using Policy.Definitions;
using Policy.Runtime.Engine;

namespace Policy.Runtime.Versions;

/// <summary>What becomes of an open deadline instance when its case moves to another version.</summary>
public enum DeadlineMigration
{
    /// <summary>The instance keeps its due time; the new version's rules for meeting and escalating it apply from the move.</summary>
    Keep,

    /// <summary>The instance is closed (cancelled) and a new one opens at the move, due under the new rule.</summary>
    Restart,

    /// <summary>The instance is due where the new rule puts it, counted from the same start.</summary>
    Recompute,

    /// <summary>The instance is closed as cancelled: the new version does not ask for it.</summary>
    Close,
}

/// <summary>One line of a plan: the state a case in <paramref name="From"/> is in after the move; null: such cases are not moved.</summary>
/// <param name="Line">Where the line is in the plan's file (1-based; 0 for a plan made in code), and the columns of its two state names.</param>
public sealed record StateMapping(string From, string? To, int Line = 0, int FromColumn = 0, int ToColumn = 0);

/// <summary>One line of a plan: what becomes of the open instances of a deadline both versions (or only the old one) have.</summary>
public sealed record DeadlineChoice(string Deadline, DeadlineMigration Choice, int Line = 0, int Column = 0);

/// <summary>One line of a plan: whether a deadline only the new version has opens at the move (for cases in a state that starts it).</summary>
public sealed record NewDeadlineChoice(string Deadline, bool Open, int Line = 0, int Column = 0);

/// <summary>A problem with a plan: where it is (1-based line and column; 0 when it is the plan as a whole) and what to do.</summary>
public sealed record MigrationPlanProblem(int Line, int Column, string Message)
{
    public string Format(string path) => Line > 0 ? $"{path}:{Line}:{Column}: {Message}" : $"{path}: {Message}";
}

/// <summary>
/// What moving the running cases of one policy from one version to another does to them: the state each old state
/// maps to (or that its cases are not moved), for each open deadline whether it keeps its time, restarts, is
/// recomputed or closes, and which deadlines new in the target open. Written by <see cref="Create"/> and
/// <see cref="Write"/> as a text file the policy owner reads and edits, read back by <see cref="Parse"/>, checked
/// against both versions by <see cref="Validate"/>. See docs/versions.md.
/// </summary>
public sealed class MigrationPlan
{
    /// <summary>The file extension plans are written with.</summary>
    public const string Extension = ".migration";

    public MigrationPlan(string policy, string from, string to, IReadOnlyList<StateMapping> states, IReadOnlyList<DeadlineChoice> deadlines, IReadOnlyList<NewDeadlineChoice> newDeadlines)
    {
        Policy = policy;
        From = from;
        To = to;
        States = states;
        Deadlines = deadlines;
        NewDeadlines = newDeadlines;
    }

    public string Policy { get; }

    public string From { get; }

    public string To { get; }

    public IReadOnlyList<StateMapping> States { get; }

    public IReadOnlyList<DeadlineChoice> Deadlines { get; }

    public IReadOnlyList<NewDeadlineChoice> NewDeadlines { get; }

    /// <summary>The state a case in <paramref name="state"/> moves to; null when the plan does not move such cases.</summary>
    public string? StateFor(string state) => States.FirstOrDefault(s => s.From == state)?.To;

    /// <summary>The plan's choice for a deadline's open instances; null when it makes none (keep where the target has it, else close).</summary>
    public DeadlineMigration? ChoiceFor(string deadline) => Deadlines.FirstOrDefault(d => d.Deadline == deadline)?.Choice;

    /// <summary>
    /// The plan a policy owner starts from: states kept by name (cases in a state the target lacks are not moved),
    /// deadlines whose due time rule changed recomputed and the others kept, deadlines the target lacks closed, and
    /// deadlines new in the target that start on entering a state opened at the move.
    /// </summary>
    public static MigrationPlan Create(PolicyDefinition from, PolicyDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var states = from.States.Where(s => !s.IsFinal)
            .Select(s => new StateMapping(s.Name, to.States.Any(t => t.Name == s.Name) ? s.Name : null))
            .ToArray();
        var deadlines = from.Deadlines.Select(d => to.Deadlines.FirstOrDefault(t => t.Name == d.Name) is { } changed
                ? new DeadlineChoice(d.Name, DueRule(d) == DueRule(changed) ? DeadlineMigration.Keep : DeadlineMigration.Recompute)
                : new DeadlineChoice(d.Name, DeadlineMigration.Close))
            .ToArray();
        var added = to.Deadlines.Where(d => from.Deadlines.All(f => f.Name != d.Name))
            .Select(d => new NewDeadlineChoice(d.Name, d.Trigger.Kind == TriggerKind.OnEntering))
            .ToArray();
        return new MigrationPlan(from.Name, from.Version ?? string.Empty, to.Version ?? string.Empty, states, deadlines, added);
    }

    /// <summary>The plan as the file the policy owner edits: each line in plain English, with what changed as comments.</summary>
    public string Write(PolicyDefinition from, PolicyDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# What moving the running cases of {Policy} from version {From} to {To} does to them.\n");
        text.Append("# Edit the choices, then see what each case would become: policy migrate dry-run <this file> --policies <folder> <store>\n");
        text.Append("# Closed cases are not moved: they keep the version they closed under.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"migrate {Policy} from {Quote(From)} to {Quote(To)}\n\n");

        text.Append("# States: the state a running case is in after the move. 'refused' leaves its cases where they are.\n");
        foreach (var state in States)
        {
            text.Append(CultureInfo.InvariantCulture, $"state {state.From} -> {state.To ?? "refused"}");
            text.Append(state.To is null ? $"   # {To} has no state {state.From}\n" : "\n");
        }

        text.Append("\n# Deadlines open on running cases: keep (the due time stays), restart (counted again from the move),\n");
        text.Append("# recompute (due where the new rule puts it, from the same start), close (closed as cancelled).\n");
        foreach (var choice in Deadlines)
        {
            var old = from.Deadlines.FirstOrDefault(d => d.Name == choice.Deadline);
            var now = to.Deadlines.FirstOrDefault(d => d.Name == choice.Deadline);
            var note = (old, now) switch
            {
                (null, _) => string.Empty,
                (_, null) => $"{To} has no deadline {choice.Deadline}",
                _ when DueRule(old) != DueRule(now) => $"was {DescribeWithin(old)}, now {DescribeWithin(now)}",
                _ when DefinitionText.Of(Essence(old)) != DefinitionText.Of(Essence(now)) => $"{DescribeWithin(now)} as before; who meets or escalates it changed",
                _ => $"unchanged: {DescribeWithin(now)}",
            };
            text.Append(CultureInfo.InvariantCulture, $"deadline {choice.Deadline} {Word(choice.Choice)}");
            text.Append(note.Length > 0 ? $"   # {note}\n" : "\n");
        }

        if (NewDeadlines.Count > 0)
        {
            text.Append("\n# Deadlines new in ").Append(To).Append(": open (starts at the move, on cases in a state that starts it) or leave (starts the next time its trigger happens).\n");
            foreach (var added in NewDeadlines)
            {
                var definition = to.Deadlines.FirstOrDefault(d => d.Name == added.Deadline);
                var note = definition is null ? string.Empty : $"   # {DescribeWithin(definition)}, {DescribeTrigger(definition.Trigger)}";
                text.Append(CultureInfo.InvariantCulture, $"new deadline {added.Deadline} {(added.Open ? "open" : "leave")}{note}\n");
            }
        }

        var blocking = NewlyBlocking(from, to).ToList();
        if (blocking.Count > 0)
        {
            text.Append("\n# Rules that newly block actions on running cases (for information: they apply from the move):\n");
            foreach (var line in blocking)
            {
                text.Append("#   ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Each rule of <paramref name="to"/> that is new or changed, with the actions it forbids and its message.</summary>
    public static IEnumerable<string> NewlyBlocking(PolicyDefinition from, PolicyDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        foreach (var rule in to.Rules)
        {
            var before = from.Rules.FirstOrDefault(r => r.Name == rule.Name);
            if (before is not null && DefinitionText.Of(before with { Citations = [], Message = string.Empty }) == DefinitionText.Of(rule with { Citations = [], Message = string.Empty }))
            {
                continue;
            }

            yield return $"rule {rule.Name} ({(before is null ? "new" : "changed")}) forbids {string.Join(", ", rule.Forbidden)} {(rule.Mode == RuleMode.While ? "while" : "unless")} its condition holds: {rule.Message}";
        }

        foreach (var action in to.Actions)
        {
            var before = from.Actions.FirstOrDefault(a => a.Name == action.Name);
            var required = before?.Requirements.Select(r => DefinitionText.Of(r.Condition)).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var requirement in action.Requirements.Where(r => before is not null && !required.Contains(DefinitionText.Of(r.Condition))))
            {
                yield return $"action {action.Name} newly requires: {requirement.Message}";
            }
        }
    }

    /// <summary>
    /// Reads a plan file. Never throws for any text: each problem names its line and column and says what to do.
    /// </summary>
    public static MigrationPlan? Parse(string text, out IReadOnlyList<MigrationPlanProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<MigrationPlanProblem>();
        problems = found;
        string? policy = null, from = null, to = null;
        var states = new List<StateMapping>();
        var deadlines = new List<DeadlineChoice>();
        var added = new List<NewDeadlineChoice>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var words = Words(lines[index]);
            if (words.Count == 0)
            {
                continue;
            }

            void Problem(int word, string message) => found.Add(new MigrationPlanProblem(number, word < words.Count ? words[word].Column : lines[index].Length + 1, message));

            switch (words[0].Text)
            {
                case "migrate":
                    if (policy is not null)
                    {
                        Problem(0, "The plan has a second 'migrate' line; a plan moves one policy from one version to another.");
                    }
                    else if (words.Count != 6 || words[2].Text != "from" || words[4].Text != "to" || !words[3].Quoted || !words[5].Quoted)
                    {
                        // Point at the first word that is not what the line needs.
                        var wrong = words.Count < 2 || words[1].Quoted ? 1
                            : words.Count < 3 || words[2].Text != "from" ? 2
                            : words.Count < 4 || !words[3].Quoted ? 3
                            : words.Count < 5 || words[4].Text != "to" ? 4
                            : words.Count < 6 || !words[5].Quoted ? 5
                            : 6;
                        Problem(wrong, "Write: migrate PolicyName from \"old version\" to \"new version\"");
                    }
                    else
                    {
                        (policy, from, to) = (words[1].Text, words[3].Text, words[5].Text);
                    }

                    break;
                case "state":
                    if (words.Count != 4 || words[2].Text != "->")
                    {
                        Problem(Math.Min(words.Count, 1), "Write: state OldState -> NewState (or -> refused, to leave its cases where they are)");
                    }
                    else if (states.Any(s => s.From == words[1].Text))
                    {
                        Problem(1, $"State {words[1].Text} has a line already; keep one.");
                    }
                    else
                    {
                        states.Add(new StateMapping(words[1].Text, words[3].Text == "refused" ? null : words[3].Text, number, words[1].Column, words[3].Column));
                    }

                    break;
                case "deadline":
                    if (words.Count != 3 || !TryParseWord(words[2].Text, out var choice))
                    {
                        Problem(Math.Min(words.Count, 2), "Write: deadline Name keep | restart | recompute | close");
                    }
                    else if (deadlines.Any(d => d.Deadline == words[1].Text))
                    {
                        Problem(1, $"Deadline {words[1].Text} has a line already; keep one.");
                    }
                    else
                    {
                        deadlines.Add(new DeadlineChoice(words[1].Text, choice, number, words[1].Column));
                    }

                    break;
                case "new":
                    if (words.Count != 4 || words[1].Text != "deadline" || words[3].Text is not ("open" or "leave"))
                    {
                        Problem(Math.Min(words.Count, 3), "Write: new deadline Name open | leave");
                    }
                    else if (added.Any(d => d.Deadline == words[2].Text))
                    {
                        Problem(2, $"New deadline {words[2].Text} has a line already; keep one.");
                    }
                    else
                    {
                        added.Add(new NewDeadlineChoice(words[2].Text, words[3].Text == "open", number, words[2].Column));
                    }

                    break;
                default:
                    Problem(0, $"'{words[0].Text}' does not begin a plan line: lines begin with migrate, state, deadline or new deadline ('#' begins a comment).");
                    break;
            }
        }

        if (policy is null && found.Count == 0)
        {
            found.Add(new MigrationPlanProblem(1, 1, "The plan has no 'migrate PolicyName from \"old\" to \"new\"' line."));
        }

        return found.Count == 0 ? new MigrationPlan(policy!, from!, to!, states, deadlines, added) : null;
    }

    /// <summary>
    /// Checks the plan against the two versions it moves cases between: every state a running case can be in has a
    /// line, every name is one the version has, no deadline the target lacks is kept. Empty when the plan can run.
    /// </summary>
    public IReadOnlyList<MigrationPlanProblem> Validate(CompiledPolicy from, CompiledPolicy to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var problems = new List<MigrationPlanProblem>();
        if (from.Name != Policy || to.Name != Policy)
        {
            problems.Add(new MigrationPlanProblem(0, 0, $"The plan moves cases of {Policy}, not of {from.Name}."));
            return problems;
        }

        if (from.Version == to.Version)
        {
            problems.Add(new MigrationPlanProblem(0, 0, $"The plan moves cases from version {From} to the same version."));
        }

        foreach (var state in from.States.Where(s => !s.IsFinal && States.All(m => m.From != s.Name)))
        {
            problems.Add(new MigrationPlanProblem(0, 0, $"State {state.Name} of {From} has no line. Add: state {state.Name} -> <a state of {To}> (or -> refused)"));
        }

        foreach (var state in States)
        {
            if (from.IndexOfState(state.From) < 0)
            {
                problems.Add(new MigrationPlanProblem(state.Line, Math.Max(1, state.FromColumn), $"Version {From} has no state {state.From}."));
            }
            else if (state.To is { } target && to.IndexOfState(target) < 0)
            {
                problems.Add(new MigrationPlanProblem(state.Line, Math.Max(1, state.ToColumn), $"Version {To} has no state {target}; name one of {string.Join(", ", to.States.Select(s => s.Name))}, or refused."));
            }
        }

        foreach (var choice in Deadlines)
        {
            if (from.IndexOfDeadline(choice.Deadline) < 0)
            {
                problems.Add(new MigrationPlanProblem(choice.Line, Math.Max(1, choice.Column), $"Version {From} has no deadline {choice.Deadline}, so no case has it open; remove the line."));
            }
            else if (to.IndexOfDeadline(choice.Deadline) < 0 && choice.Choice != DeadlineMigration.Close)
            {
                problems.Add(new MigrationPlanProblem(choice.Line, Math.Max(1, choice.Column), $"Version {To} has no deadline {choice.Deadline}, so its open instances cannot be kept, restarted or recomputed: nothing would meet them. Write: deadline {choice.Deadline} close"));
            }
        }

        foreach (var added in NewDeadlines)
        {
            if (to.IndexOfDeadline(added.Deadline) < 0)
            {
                problems.Add(new MigrationPlanProblem(added.Line, Math.Max(1, added.Column), $"Version {To} has no deadline {added.Deadline}."));
            }
            else if (from.IndexOfDeadline(added.Deadline) >= 0)
            {
                problems.Add(new MigrationPlanProblem(added.Line, Math.Max(1, added.Column), $"Deadline {added.Deadline} is in {From} too: write 'deadline {added.Deadline} keep | restart | recompute | close' instead."));
            }
        }

        return problems;
    }

    internal static string Word(DeadlineMigration choice) => choice switch
    {
        DeadlineMigration.Keep => "keep",
        DeadlineMigration.Restart => "restart",
        DeadlineMigration.Recompute => "recompute",
        _ => "close",
    };

    internal static bool TryParseWord(string text, out DeadlineMigration choice)
    {
        (var known, choice) = text switch
        {
            "keep" => (true, DeadlineMigration.Keep),
            "restart" => (true, DeadlineMigration.Restart),
            "recompute" => (true, DeadlineMigration.Recompute),
            "close" => (true, DeadlineMigration.Close),
            _ => (false, DeadlineMigration.Keep),
        };
        return known;
    }

    /// <summary>What decides when an instance is due: its durations, what they count from and on which calendar.</summary>
    private static string DueRule(DeadlineDefinition d) => DefinitionText.Of(new object?[] { d.Within, d.NotBefore, d.CountedOn, d.FromDay, d.From });

    private static DeadlineDefinition Essence(DeadlineDefinition d) => d with { Title = string.Empty, Citations = [] };

    private static string DescribeWithin(DeadlineDefinition d)
    {
        var cases = d.Within.Cases.Select(c =>
            (c.Fixed?.ToString() ?? (c.Setting is { } setting ? $"the setting {setting}" : $"the recorded {c.Field}")) + (c.When is null ? string.Empty : " in some cases"));
        return "within " + string.Join(", otherwise ", cases.Distinct());
    }

    private static string DescribeTrigger(DeadlineTrigger trigger) => trigger.Kind switch
    {
        TriggerKind.OnEntering => $"starts on entering {trigger.Name}",
        TriggerKind.Recurring => $"recurs while in {trigger.Name}",
        _ => $"starts when {trigger.Name} happens",
    };

    private static string Quote(string text) => "\"" + text.Replace("\"", "'", StringComparison.Ordinal) + "\"";

    private readonly record struct PlanWord(string Text, int Column, bool Quoted);

    /// <summary>The words of a line (a quoted text is one word), up to a '#' outside quotes.</summary>
    private static List<PlanWord> Words(string line)
    {
        var words = new List<PlanWord>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }

            if (line[i] == '#')
            {
                break;
            }

            var start = i;
            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                var end = close < 0 ? line.Length : close;
                words.Add(new PlanWord(line[(i + 1)..end], start + 1, true));
                i = close < 0 ? line.Length : close + 1;
                continue;
            }

            while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != '#')
            {
                i++;
            }

            words.Add(new PlanWord(line[start..i], start + 1, false));
        }

        return words;
    }
}
