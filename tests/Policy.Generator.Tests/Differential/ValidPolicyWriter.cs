using System.Globalization;
using System.Text;

namespace Policy.Generator.Tests.Differential;

/// <summary>How big and how hostile a written policy is.</summary>
internal enum PolicyShape
{
    /// <summary>A handful of each construct.</summary>
    Ordinary,

    /// <summary>An ordinary policy with one condition of hundreds to a few thousand terms.</summary>
    LongCondition,

    /// <summary>Hundreds of actions over dozens of states.</summary>
    Large,
}

/// <summary>
/// Writes the text of a random policy that should check clean, following the grammar of docs/language.md section 3
/// and the checker's rules, so that every construct reaches the generator and the runtime: roles (some assigned),
/// choices with and without option data, states with one initial and some final, signals (some raised on absence),
/// settings of every type, actions with every kind of line, deadlines with every trigger and timing, rules, and
/// conditions of every form. Names are ordinary or, with some probability, hostile to the generated C#
/// (<see cref="HostileNames"/>). The same seed always writes the same text.
/// </summary>
internal sealed class ValidPolicyWriter
{
    private static readonly string[] Words =
    {
        "Review", "Assign", "Close", "Victim", "Update", "Report", "Risk", "Contact", "Handover", "Allocate", "Record",
        "Inform", "Check", "Arrest", "Charge", "Refer", "Approve", "Escalate", "Visit", "Statement", "Evidence", "Custody",
        "Safeguard", "Triage", "Attend", "Interview", "Submit", "Disclose", "Notify", "Archive",
    };

    private static readonly string[] FieldWords =
    {
        "summary", "reason", "risks", "detail", "result", "rating", "dueDate", "seenAt", "interval", "count", "urgent",
        "officerId", "handover", "note", "score", "visited", "method", "level", "startedOn", "agreedEvery",
    };

    private static readonly string[] ScalarTypes = { "text", "yes/no", "number", "date", "date-time", "duration", "officer" };

    private readonly Random _random;
    private readonly PolicyShape _shape;
    private readonly double _hostility;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldPlan> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _sources = new();
    private readonly List<RolePlan> _roles = new();
    private readonly List<ChoicePlan> _choices = new();
    private readonly List<StatePlan> _states = new();
    private readonly List<SignalPlan> _signals = new();
    private readonly List<SettingPlan> _settings = new();
    private readonly List<ActionPlan> _actions = new();
    private readonly List<string> _deadlines = new();

    /// <summary>The days a declared calendar may count, as a policy owner writes them.</summary>
    private static readonly string[] DeclaredCalendarLines =
    {
        "counts every day except Sundays, Christmas Day, Good Friday and bank holidays",
        "counts weekdays except bank holidays",
        "counts every day",
        "counts every day except Saturdays and Sundays",
        "counts weekdays except Mondays, Boxing Day and New Years Day",
    };

    private (string Name, string Counts)? _calendar;
    private bool _hasCalendar;
    private int _longConditionsLeft;

    private ValidPolicyWriter(int seed, double? hostility)
    {
        _random = new Random(seed);
        var roll = _random.NextDouble();
        // Long conditions and large policies cost the most to compile; they are rare so they do not dominate a run.
        _shape = roll < 0.02 ? PolicyShape.Large : roll < 0.05 ? PolicyShape.LongCondition : PolicyShape.Ordinary;
        var chosen = _random.NextDouble() < 0.25 ? 0 : _random.NextDouble() * 0.6;
        _hostility = hostility ?? chosen;
        _longConditionsLeft = _shape == PolicyShape.LongCondition ? 1 : 0;
    }

    /// <summary>The shape the seed chose, so that tests can count the rare ones.</summary>
    public static PolicyShape ShapeOf(int seed) => new ValidPolicyWriter(seed, null)._shape;

    /// <summary>
    /// The text of the policy for <paramref name="seed"/>. <paramref name="hostility"/>, the chance that a name is
    /// hostile, overrides the seed's own: 0 looks past the generator's name handling to what lies behind it.
    /// </summary>
    public static string Write(int seed, double? hostility = null) => new ValidPolicyWriter(seed, hostility).Write();

    private string Write()
    {
        var large = _shape == PolicyShape.Large;
        var policyName = DeclarationName(NameUse.Policy);
        _hasCalendar = Chance(0.8);

        // Now and then a calendar of the policy's own, which deadlines may be counted on.
        _calendar = Chance(0.3) ? (DeclarationName(NameUse.Source), Pick(DeclaredCalendarLines)) : null;

        for (var i = Between(1, 3); i > 0; i--)
        {
            _sources.Add(DeclarationName(NameUse.Source));
        }

        for (var i = large ? Between(6, 12) : Between(2, 5); i > 0; i--)
        {
            _roles.Add(new RolePlan(DeclarationName(NameUse.Role), Chance(0.4)));
        }

        for (var i = large ? Between(4, 10) : Between(0, 3); i > 0; i--)
        {
            _choices.Add(NewChoice());
        }

        PlanStates(large ? Between(12, 30) : Between(2, 6));
        for (var i = large ? Between(4, 10) : Between(0, 3); i > 0; i--)
        {
            _signals.Add(NewSignal());
        }

        for (var i = large ? Between(6, 12) : Between(0, 6); i > 0; i--)
        {
            _settings.Add(NewSetting());
        }

        PlanActions(large ? Between(100, 300) : Between(2, 8));
        var deadlineCount = large ? Between(20, 60) : Between(0, 5);
        var deadlineNames = Enumerable.Range(0, deadlineCount).Select(_ => DeclarationName(NameUse.Deadline)).ToList();
        _deadlines.AddRange(deadlineNames);
        var ruleNames = Enumerable.Range(0, large ? Between(10, 30) : Between(0, 3)).Select(_ => DeclarationName(NameUse.Rule)).ToList();

        var text = new StringBuilder();
        text.Append("# Written by ValidPolicyWriter.\n");
        text.Append("policy ").Append(policyName);
        if (Chance(0.8))
        {
            text.Append(' ').Append(Quoted(Title()));
        }

        text.Append(" {\n");
        WriteHeader(text);
        foreach (var role in Shuffled(_roles))
        {
            text.Append("  role ").Append(role.Name).Append(Chance(0.7) ? " " + Quoted(Title()) : string.Empty).Append(role.IsAssigned ? " assigned" : string.Empty).Append('\n');
        }

        foreach (var choice in _choices)
        {
            WriteChoice(text, choice);
        }

        foreach (var state in _states)
        {
            text.Append("  state ").Append(state.Name).Append(Chance(0.6) ? " " + Quoted(Title()) : string.Empty)
                .Append(state.IsInitial ? " initial" : string.Empty).Append(state.IsFinal ? " final" : string.Empty).Append('\n');
        }

        foreach (var signal in _signals)
        {
            WriteSignal(text, signal);
        }

        foreach (var setting in _settings)
        {
            WriteSetting(text, setting);
        }

        if (Chance(0.3))
        {
            text.Append(CaseloadWeight());
        }

        foreach (var action in _actions)
        {
            WriteAction(text, action);
        }

        foreach (var deadline in deadlineNames)
        {
            WriteDeadline(text, deadline);
        }

        foreach (var rule in ruleNames)
        {
            WriteRule(text, rule);
        }

        text.Append("}\n");
        return text.ToString();
    }

    // ---- Declarations ---------------------------------------------------------------------------------

    private enum NameUse
    {
        Policy,
        Source,
        Role,
        Choice,
        State,
        Signal,
        Setting,
        Action,
        Deadline,
        Rule,
    }

    /// <summary>A name no other declaration has; hostile with the policy's hostility, when the kind may carry it.</summary>
    private string DeclarationName(NameUse use)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = attempt < 20 && Chance(_hostility) ? HostileDeclarationName(use) : OrdinaryName(use, attempt);
            // A field with a declaration's name would hide it in conditions (docs/language.md section 5).
            if (Allowed(name, use) && !_fields.ContainsKey(name) && _declared.Add(name))
            {
                return name;
            }
        }
    }

    private string OrdinaryName(NameUse use, int attempt)
    {
        var name = Pick(Words) + Pick(Words);
        if (use == NameUse.Source)
        {
            name = name.ToUpperInvariant();
        }

        return attempt > 3 ? name + attempt.ToString(CultureInfo.InvariantCulture) : name;
    }

    private string HostileDeclarationName(NameUse use)
    {
        var pools = use == NameUse.Choice
            ? new[] { HostileNames.CSharpKeywords, HostileNames.ContextualKeywords, HostileNames.MemberNames, HostileNames.Unicode, HostileNames.LowerCaseTypes, HostileNames.CompilerSpecial }
            : new[] { HostileNames.CSharpKeywords, HostileNames.ContextualKeywords, HostileNames.MemberNames, HostileNames.Unicode, HostileNames.CompilerSpecial };
        return Pick(Pick(pools));
    }

    /// <summary>The checker's documented rules for declared names (docs/language.md section 5), so that the policy stays valid.</summary>
    private static bool Allowed(string name, NameUse use)
    {
        if (HostileNames.PolicyKeywords.Contains(name))
        {
            return false;
        }

        // Generated names: CanA, OverrideS, RaiseG, CNames, ActsAsRAttribute must not clash with each other or the reserved list.
        if (name.StartsWith("Can", StringComparison.Ordinal) || name.StartsWith("Override", StringComparison.Ordinal)
            || name.StartsWith("Raise", StringComparison.Ordinal) || name.EndsWith("Names", StringComparison.Ordinal))
        {
            return false;
        }

        // The names a declaration generates besides its own must not be reserved either (RaiseSignal, OverrideSetting).
        if (use == NameUse.Signal && HostileNames.ReservedMemberNames.Contains("Raise" + name)
            || use == NameUse.Setting && HostileNames.ReservedMemberNames.Contains("Override" + name)
            || use == NameUse.Action && HostileNames.ReservedMemberNames.Contains("Can" + name))
        {
            return false;
        }

        return use switch
        {
            NameUse.Action or NameUse.Deadline or NameUse.Setting or NameUse.Signal => !HostileNames.ReservedMemberNames.Contains(name) && !HostileNames.NestedTypeNames.Contains(name),
            NameUse.Choice => !HostileNames.NestedTypeNames.Contains(name) && !HostileNames.ReservedMemberNames.Contains(name + "Names"),
            _ => true,
        };
    }

    private void WriteHeader(StringBuilder text)
    {
        if (Chance(0.9))
        {
            text.Append("  version ").Append(Quoted(Between(1, 2030).ToString(CultureInfo.InvariantCulture) + "." + Between(1, 12).ToString(CultureInfo.InvariantCulture))).Append('\n');
        }

        if (Chance(0.5))
        {
            text.Append("  effective ").Append(DateLiteral()).Append('\n');
        }

        foreach (var source in _sources)
        {
            text.Append("  source ").Append(source).Append(' ').Append(Quoted(Title())).Append('\n');
        }

        if (_hasCalendar)
        {
            text.Append("  calendar england-and-wales\n");
        }

        if (_calendar is { } calendar)
        {
            text.Append("  calendar ").Append(calendar.Name).Append(' ').Append(Quoted(Title())).Append(" {\n    ").Append(calendar.Counts).Append('\n');
            if (Chance(0.5))
            {
                text.Append("    ").Append(Cite()).Append('\n');
            }

            text.Append("  }\n");
        }
    }

    private ChoicePlan NewChoice()
    {
        var name = DeclarationName(NameUse.Choice);
        var withData = Chance(0.5);
        var options = new List<OptionPlan>();
        var optionNames = new HashSet<string>(StringComparer.Ordinal);
        // A dotted name (decision.reason) has one type whichever option carries it.
        var dataTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = Between(1, 5); i > 0; i--)
        {
            var optionName = Chance(_hostility) ? HostileDeclarationName(NameUse.Choice) : Pick(Words) + (Chance(0.3) ? Pick(Words) : string.Empty);
            if (HostileNames.PolicyKeywords.Contains(optionName) || !optionNames.Add(optionName))
            {
                continue;
            }

            var data = new List<FieldPlan>();
            if (withData && Chance(0.6))
            {
                var dataNames = new HashSet<string>(StringComparer.Ordinal);
                for (var j = Between(1, 3); j > 0; j--)
                {
                    // An option field may reuse any name (it is reached with a dot), including its option's name in camelCase.
                    var fieldName = Chance(_hostility * 0.2) ? char.ToLowerInvariant(optionName[0]) + optionName.Substring(1) : FieldName(conditionSafe: true);
                    if (dataNames.Add(fieldName))
                    {
                        if (!dataTypes.TryGetValue(fieldName, out var type))
                        {
                            dataTypes[fieldName] = type = Pick(ScalarTypes);
                        }

                        data.Add(new FieldPlan(fieldName, type, Chance(0.3)));
                    }
                }
            }

            options.Add(new OptionPlan(optionName, data));
        }

        if (options.Count == 0)
        {
            options.Add(new OptionPlan(Pick(Words), new List<FieldPlan>()));
        }

        return new ChoicePlan(name, options);
    }

    private void WriteChoice(StringBuilder text, ChoicePlan choice)
    {
        text.Append("  choice ").Append(choice.Name).Append(" { ");
        for (var i = 0; i < choice.Options.Count; i++)
        {
            var option = choice.Options[i];
            text.Append(option.Name);
            if (option.Fields.Count > 0)
            {
                text.Append('(').Append(string.Join(", ", option.Fields.Select(FieldText))).Append(')');
            }

            if (i < choice.Options.Count - 1)
            {
                text.Append(Chance(0.2) ? ",\n      " : ", ");
            }
        }

        text.Append(Chance(0.2) ? ", }\n" : " }\n");
    }

    private void PlanStates(int count)
    {
        var finals = count > 3 && Chance(0.3) ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            _states.Add(new StatePlan(DeclarationName(NameUse.State), IsInitial: i == 0, IsFinal: i >= count - finals));
        }
    }

    private IEnumerable<StatePlan> Open => _states.Where(s => !s.IsFinal);

    private SignalPlan NewSignal()
    {
        var name = DeclarationName(NameUse.Signal);
        var assigned = _roles.Where(r => r.IsAssigned).ToList();
        var absenceOf = assigned.Count > 0 && Chance(0.4) ? Pick(assigned).Name : null;
        var fields = NewFieldsOfCommand(Between(0, 3), forceOptional: absenceOf is not null);
        return new SignalPlan(name, absenceOf, fields);
    }

    private void WriteSignal(StringBuilder text, SignalPlan signal)
    {
        text.Append("  signal ").Append(signal.Name);
        if (Chance(0.6))
        {
            text.Append(' ').Append(Quoted(Title()));
        }

        if (signal.AbsenceOf is { } role)
        {
            text.Append(" on absence of ").Append(role);
        }

        var cite = Chance(0.5);
        if (signal.Fields.Count == 0 && !cite)
        {
            text.Append('\n');
            return;
        }

        text.Append(" {\n");
        WriteRecords(text, signal.Fields);
        if (cite)
        {
            text.Append("    ").Append(Cite()).Append('\n');
        }

        text.Append("  }\n");
    }

    private SettingPlan NewSetting()
    {
        var type = Pick(new[] { "text", "yes/no", "number", "date", "date-time", "duration", "duration" });
        return new SettingPlan(DeclarationName(NameUse.Setting), type);
    }

    private void WriteSetting(StringBuilder text, SettingPlan setting)
    {
        text.Append("  setting ").Append(setting.Name).Append(": ").Append(setting.Type).Append(" = ").Append(Literal(setting.Type));
        if (Chance(0.7))
        {
            text.Append(' ').Append(Quoted(Title()));
        }

        text.Append('\n');
        for (var i = Between(0, 2); i > 0; i--)
        {
            text.Append("    ").Append(Cite()).Append('\n');
        }
    }

    // ---- Fields ---------------------------------------------------------------------------------------

    /// <summary>A field name: ordinary camelCase, or hostile; <paramref name="conditionSafe"/> leaves out the words the parser reads as keywords.</summary>
    private string FieldName(bool conditionSafe)
    {
        if (!Chance(_hostility))
        {
            return Pick(FieldWords) + (Chance(0.4) ? Pick(Words) : string.Empty);
        }

        var pools = conditionSafe
            ? new[] { HostileNames.CSharpKeywords, HostileNames.ContextualKeywords, HostileNames.CompilerSpecial, HostileNames.MemberNames, HostileNames.Unicode }
            : new[] { HostileNames.CSharpKeywords, HostileNames.ContextualKeywords, HostileNames.CompilerSpecial, HostileNames.MemberNames, HostileNames.Unicode, HostileNames.LanguageWords };
        return Pick(Pick(pools));
    }

    /// <summary>
    /// The fields one action or signal records: some already recorded elsewhere (same name, same type), some new, some
    /// the case-twin of another field (<c>note</c> beside <c>Note</c>).
    /// </summary>
    private List<FieldPlan> NewFieldsOfCommand(int count, bool forceOptional = false)
    {
        var fields = new List<FieldPlan>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 0; fields.Count < count && attempts < count * 10; attempts++)
        {
            FieldPlan field;
            if (_fields.Count > 0 && Chance(0.35))
            {
                field = Pick(_fields.Values.ToList());
            }
            else
            {
                var name = _fields.Count > 0 && Chance(_hostility * 0.3) ? Twin(Pick(_fields.Keys.ToList())) : FieldName(conditionSafe: !Chance(0.1));
                if (name is null || name == "actor" || _declared.Contains(name) || HostileNames.PolicyKeywords.Contains(name) && !HostileNames.LanguageWords.Contains(name))
                {
                    continue;
                }

                if (!_fields.TryGetValue(name, out var known))
                {
                    var type = _choices.Count > 0 && Chance(0.3) ? Pick(_choices).Name : Pick(ScalarTypes);
                    known = new FieldPlan(name, type, Chance(0.25));
                    _fields[name] = known;
                }

                field = known;
            }

            if (names.Add(field.Name))
            {
                fields.Add(forceOptional ? field with { IsOptional = true } : field);
            }
        }

        return fields;
    }

    private static string? Twin(string name)
    {
        var first = name[0];
        var flipped = char.IsUpper(first) ? char.ToLowerInvariant(first) : char.ToUpperInvariant(first);
        return flipped == first ? null : flipped + name.Substring(1);
    }

    private static string FieldText(FieldPlan field) => field.Name + ": " + field.Type + (field.IsOptional ? " optional" : string.Empty);

    private void WriteRecords(StringBuilder text, IReadOnlyList<FieldPlan> fields)
    {
        var i = 0;
        while (i < fields.Count)
        {
            var take = Math.Min(fields.Count - i, Between(1, 3));
            text.Append("    record ");
            for (var j = 0; j < take; j++)
            {
                text.Append(FieldText(fields[i + j]));
                if (j < take - 1)
                {
                    text.Append(Chance(0.2) ? ",\n      " : ", ");
                }
            }

            text.Append('\n');
            i += take;
        }
    }

    // ---- Actions --------------------------------------------------------------------------------------

    private void PlanActions(int count)
    {
        // A chain through the states keeps every state reachable and gives every open state a way out.
        for (var i = 0; i < _states.Count - 1; i++)
        {
            var from = _states[i].IsFinal ? _states.Take(i).Last(s => !s.IsFinal) : _states[i];
            _actions.Add(NewAction(new[] { from.Name }, _states[i + 1].Name));
        }

        while (_actions.Count < count)
        {
            var from = Some(Open.Select(s => s.Name).ToList(), 1, 3);
            _actions.Add(Chance(0.5)
                ? NewAction(from, Pick(_states).Name)
                : NewAction(Some(_states.Select(s => s.Name).ToList(), 1, 3), null));
        }

        // Every assigned role is assigned by some action, from an officer field it records.
        foreach (var role in _roles.Where(r => r.IsAssigned))
        {
            var action = Pick(_actions);
            var officer = action.Fields.FirstOrDefault(f => f.Type == "officer" && !action.Assignments.Any(a => a.Field == f.Name));
            if (officer is null)
            {
                officer = NewOfficerField(action);
                if (officer is null)
                {
                    continue;
                }
            }

            action.Assignments.Add((role.Name, officer.Name));
        }
    }

    private FieldPlan? NewOfficerField(ActionPlan action)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var name = FieldName(conditionSafe: true);
            if (name == "actor" || _declared.Contains(name) || HostileNames.PolicyKeywords.Contains(name) || action.Fields.Any(f => f.Name == name))
            {
                continue;
            }

            if (_fields.TryGetValue(name, out var known) && known.Type != "officer")
            {
                continue;
            }

            var field = known ?? new FieldPlan(name, "officer", Chance(0.2));
            _fields[name] = field;
            action.Fields.Add(field);
            return field;
        }

        return null;
    }

    private ActionPlan NewAction(IReadOnlyList<string> from, string? to)
    {
        var roles = Some(_roles.Select(r => r.Name).ToList(), 1, 3);
        return new ActionPlan(DeclarationName(NameUse.Action), roles, from.ToList(), to, NewFieldsOfCommand(Between(0, 4)), new List<(string Role, string Field)>());
    }

    private void WriteAction(StringBuilder text, ActionPlan action)
    {
        text.Append("  action ").Append(action.Name);
        if (Chance(0.6))
        {
            text.Append(' ').Append(Quoted(Title()));
        }

        text.Append(" by ").Append(string.Join(", ", action.Roles));
        text.Append(action.To is { } to ? $" from {string.Join(", ", action.From)} to {to}" : $" in {string.Join(", ", action.From)}");
        var lines = new List<string>();
        var scope = Scope(action.Fields) with { OfficerQuestions = true };
        for (var i = Between(0, 2); i > 0; i--)
        {
            var message = Quoted(Title());
            var cite = Chance(0.3) ? " " + Cite() : string.Empty;
            lines.Add("require " + Condition(scope) + (Chance(0.2) ? "\n      " : " ") + message + cite);
        }

        if (action.Assignments.Count > 0 && Chance(0.3))
        {
            // One line each, with the refusal for an officer who does not hold the role (and cites on its line).
            foreach (var (role, field) in action.Assignments)
            {
                lines.Add($"assign {role} = {field}" + (Chance(0.3) ? "\n      " : " ") + Quoted(Title()) + (Chance(0.3) ? " " + Cite() : string.Empty));
            }
        }
        else if (action.Assignments.Count > 0)
        {
            lines.Add("assign " + string.Join(", ", action.Assignments.Select(a => $"{a.Role} = {a.Field}")));
        }

        if (Chance(0.3))
        {
            lines.Add("notify " + Pick(_roles).Name + " " + Quoted(Title()));
        }

        if (Chance(0.5))
        {
            lines.Add(Cite());
        }

        if (action.Fields.Count == 0 && lines.Count == 0 && Chance(0.5))
        {
            text.Append('\n');
            return;
        }

        text.Append(" {\n");
        WriteRecords(text, action.Fields);
        foreach (var line in Shuffled(lines))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("  }\n");
    }

    // ---- Deadlines ------------------------------------------------------------------------------------

    private void WriteDeadline(StringBuilder text, string name)
    {
        text.Append("  deadline ").Append(name).Append(Chance(0.7) ? " " + Quoted(Title()) : string.Empty).Append(" {\n");
        var lines = new List<string>();
        var recurringState = Chance(0.2) ? Pick(Open.ToList()).Name : null;
        HashSet<string> openStates;
        IReadOnlyList<string>? start = null;
        if (recurringState is not null)
        {
            lines.Add("every " + DurationExpression() + " while " + recurringState);
            openStates = new HashSet<string>(StringComparer.Ordinal) { recurringState };
        }
        else
        {
            (var trigger, start) = Trigger();
            lines.Add(trigger);
            openStates = OpenStatesFrom(start);
        }

        string? stops = null;
        if (Chance(0.3))
        {
            var leaving = Pick(_states).Name;
            stops = Chance(0.5)
                ? "stops when " + string.Join(", ", Some(_actions.Select(a => a.Name).Concat(_signals.Select(s => s.Name)).ToList(), 1, 2))
                : "stops on leaving " + leaving;
            if (stops.StartsWith("stops on leaving", StringComparison.Ordinal) && start is [var only] && only == leaving)
            {
                // Opened only in the state it stops on leaving: only ever open there (as the checker reckons).
                openStates = new HashSet<string>(StringComparer.Ordinal) { leaving };
            }
        }

        // The must line: an action that can be performed where the deadline is open, by a role that may perform it.
        var candidates = _actions.Where(a => a.From.Any(openStates.Contains)).ToList();
        var action = candidates.Count > 0 ? Pick(candidates) : Pick(_actions);
        var must = new StringBuilder(Pick(action.Roles)).Append(" must ").Append(action.Name);
        if (Chance(0.3))
        {
            must.Append(" where ").Append(Condition(Scope(action.Fields)));
        }

        var within = recurringState is null ? Within() : null;
        var notBefore = Chance(0.25) ? NotBefore(within) : null;
        var timings = new List<string>();
        if (within is not null)
        {
            // Where the time counts from: the moment it opens, the start or end of that day, or another deadline's due time.
            var from = Between(0, 19) switch
            {
                0 or 1 => " beginning with the day",
                2 => " from the start of the day",
                3 or 4 => " from the end of the day",
                5 or 6 when _deadlines.Count > 0 => " from when " + Pick(_deadlines) + " was due",
                7 when _deadlines.Count > 0 => " from the latest time " + Pick(_deadlines) + " could have been met",
                _ => string.Empty,
            };
            timings.Add("within " + within.Value.Text + from);
        }

        if (_calendar is { } calendar && Chance(0.4))
        {
            lines.Add("counted on " + calendar.Name);
        }

        if (notBefore is not null)
        {
            timings.Add("not before " + notBefore);
        }

        if (Chance(0.5))
        {
            must.Append(' ').Append(string.Join(" ", timings));
            lines.Add(must.ToString());
        }
        else
        {
            lines.Add(must.ToString());
            lines.AddRange(timings);
        }

        if (stops is not null)
        {
            lines.Add(stops);
        }

        if (Chance(0.6))
        {
            var stages = new List<string>();
            for (var i = Between(1, 3); i > 0; i--)
            {
                var after = stages.Count > 0 || Chance(0.3) ? " after " + FixedDuration() : string.Empty;
                stages.Add((stages.Count > 0 && Chance(0.5) ? "then " : string.Empty) + "to " + Pick(_roles).Name + after);
            }

            lines.Add("escalate " + string.Join(Chance(0.2) ? ",\n      " : ", ", stages));
        }

        if (Chance(0.3))
        {
            lines.Add("warn " + FixedDuration() + " before");
        }

        lines.Add(Cite());
        foreach (var line in lines)
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("  }\n");
    }

    /// <summary>A <c>starts</c> line and the states the deadline opens in (null: wherever the case can be).</summary>
    private (string Line, IReadOnlyList<string>? Start) Trigger()
    {
        var kind = Between(0, 2);
        if (kind == 2)
        {
            var state = Pick(Open.ToList()).Name;
            return ("starts on entering " + state, new[] { state });
        }

        var word = kind == 0 ? "when" : "each";
        if (_signals.Count > 0 && Chance(0.3))
        {
            return ($"starts {word} {Pick(_signals).Name}", null);
        }

        var action = Pick(_actions);
        return ($"starts {word} {action.Name}", action.To is { } to ? new[] { to } : action.From);
    }

    /// <summary>The states reachable from <paramref name="start"/> (the initial state when null), short of final ones.</summary>
    private HashSet<string> OpenStatesFrom(IReadOnlyList<string>? start)
    {
        var reached = new HashSet<string>(start ?? new[] { _states[0].Name }, StringComparer.Ordinal);
        var queue = new Queue<string>(reached);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var action in _actions.Where(a => a.To is not null && a.From.Contains(state)))
            {
                if (reached.Add(action.To!))
                {
                    queue.Enqueue(action.To!);
                }
            }
        }

        reached.ExceptWith(_states.Where(s => s.IsFinal).Select(s => s.Name));
        return reached;
    }

    /// <summary>A <c>within</c>: a fixed duration, a duration setting, or cases that end with one that always holds.</summary>
    private (string Text, double? FixedMinutes)? Within()
    {
        var roll = _random.NextDouble();
        if (roll < 0.5)
        {
            var (text, minutes) = FixedDurationWithLength();
            return (text, minutes);
        }

        return (DurationExpression(), null);
    }

    private string DurationExpression()
    {
        var settings = _settings.Where(s => s.Type == "duration").ToList();
        if (settings.Count > 0 && Chance(0.3))
        {
            return Pick(settings).Name;
        }

        if (Chance(0.5))
        {
            return FixedDuration();
        }

        var cases = new List<string>();
        var caseScope = Scope(Array.Empty<FieldPlan>());
        for (var i = Between(1, 3); i > 0; i--)
        {
            cases.Add(DurationValue(settings) + " when " + Condition(caseScope));
        }

        cases.Add((Chance(0.6) ? "otherwise " : string.Empty) + DurationValue(settings));
        return string.Join(Chance(0.3) ? ",\n        " : ", ", cases);
    }

    private string DurationValue(List<SettingPlan> durationSettings) =>
        durationSettings.Count > 0 && Chance(0.3) ? Pick(durationSettings).Name : FixedDuration();

    /// <summary>A <c>not before</c> shorter than a fixed <c>within</c>, so that the window opens (POL0042); none otherwise.</summary>
    private string? NotBefore((string Text, double? FixedMinutes)? within)
    {
        if (within is not { FixedMinutes: { } limit } || limit < 2)
        {
            return null;
        }

        var minutes = Between(1, (int)Math.Min(limit / 2, 100_000));
        return minutes.ToString(CultureInfo.InvariantCulture) + (minutes == 1 ? " minute" : " minutes");
    }

    private string FixedDuration() => FixedDurationWithLength().Text;

    /// <summary>A duration literal and its nominal length in minutes (a working day as a day, as the checker counts it).</summary>
    private (string Text, double Minutes) FixedDurationWithLength()
    {
        // Now and then the largest amount the language allows, to reach the runtime's date arithmetic limits.
        var amount = Chance(0.01) ? 100_000 : Chance(0.05) ? 0 : Between(1, 30);
        var units = _hasCalendar
            ? new[] { ("minute", 1.0), ("hour", 60.0), ("day", 1440.0), ("working day", 1440.0), ("week", 10080.0), ("month", 43833.6) }
            : new[] { ("minute", 1.0), ("hour", 60.0), ("day", 1440.0), ("week", 10080.0), ("month", 43833.6) };
        var (unit, length) = Pick(units);
        var plural = amount == 1 ? Chance(0.2) : Chance(0.9);
        return ($"{amount.ToString(CultureInfo.InvariantCulture)} {unit}{(plural ? "s" : string.Empty)}", amount * length);
    }

    // ---- Rules ----------------------------------------------------------------------------------------

    private void WriteRule(StringBuilder text, string name)
    {
        var forbidden = Some(_actions, 1, 3);
        // A rule that forbids one action may read that action's fields as they are being recorded.
        var scope = Scope(forbidden.Count == 1 ? forbidden[0].Fields : Array.Empty<FieldPlan>()) with { OfficerQuestions = true };
        var mode = Pick(new[] { "while", "when", "unless" });
        text.Append("  rule ").Append(name).Append(Chance(0.6) ? " " + Quoted(Title()) : string.Empty).Append(" {\n");
        text.Append("    forbid ").Append(string.Join(", ", forbidden.Select(a => a.Name))).Append(' ').Append(mode).Append(' ')
            .Append(Condition(scope)).Append(Chance(0.3) ? "\n      " : " ").Append(Quoted(Title())).Append('\n');
        if (Chance(0.8))
        {
            text.Append("    ").Append(Cite()).Append('\n');
        }

        text.Append("  }\n");
    }

    // ---- Conditions -----------------------------------------------------------------------------------

    /// <summary>What a condition may name: operands by type, deadlines, actions and states.</summary>
    /// <param name="OfficerQuestions">Whether the condition may ask about officers (an action's require, a rule's forbid: POL0064 elsewhere).</param>
    private sealed record ConditionScope(IReadOnlyList<(string Text, string Type)> Operands, bool OfficerQuestions = false);

    /// <summary>
    /// The operands a condition may read: the command's own fields and every other field of the case, dotted fields
    /// of option data, assigned roles (officers) and settings. Field names the parser reads as keywords are left out.
    /// </summary>
    private ConditionScope Scope(IReadOnlyList<FieldPlan> ownFields)
    {
        var operands = new List<(string, string)>();
        foreach (var field in ownFields.Concat(_fields.Values).DistinctBy(f => f.Name))
        {
            if (HostileNames.LanguageWords.Contains(field.Name))
            {
                continue;
            }

            operands.Add((field.Name, field.Type));
            if (_choices.FirstOrDefault(c => c.Name == field.Type) is { } choice)
            {
                foreach (var data in choice.Options.SelectMany(o => o.Fields))
                {
                    operands.Add((field.Name + "." + data.Name, data.Type));
                }
            }
        }

        operands.AddRange(_roles.Where(r => r.IsAssigned).Select(r => (r.Name, "officer")));
        operands.AddRange(_settings.Select(s => (s.Name, s.Type)));
        return new ConditionScope(operands);
    }

    private string Condition(ConditionScope scope)
    {
        if (_longConditionsLeft > 0 && Chance(0.5))
        {
            _longConditionsLeft--;
            return LongChain(scope);
        }

        return Condition(scope, depth: 0).Text;
    }

    /// <summary>A chain of hundreds to thousands of tests joined by one connective, continued over lines after it.</summary>
    private string LongChain(ConditionScope scope)
    {
        var terms = Chance(0.3) ? Between(1000, 3000) : Between(100, 600);
        var connective = Chance(0.5) ? " and" : " or";
        var text = new StringBuilder();
        for (var i = 0; i < terms; i++)
        {
            if (i > 0)
            {
                text.Append(connective).Append(i % 8 == 0 ? "\n      " : " ");
            }

            text.Append(Test(scope));
        }

        return text.ToString();
    }

    /// <summary>A condition and its precedence: 1 for <c>or</c>, 2 for <c>and</c>, 3 for a test or <c>not</c>.</summary>
    private (string Text, int Precedence) Condition(ConditionScope scope, int depth)
    {
        var roll = depth >= 4 ? 1.0 : _random.NextDouble();
        if (roll < 0.15)
        {
            var parts = Enumerable.Range(0, Between(2, 4)).Select(_ => Operand(Condition(scope, depth + 1), 1));
            return (string.Join(Chance(0.1) ? " or\n      " : " or ", parts), 1);
        }

        if (roll < 0.3)
        {
            var parts = Enumerable.Range(0, Between(2, 4)).Select(_ => Operand(Condition(scope, depth + 1), 2));
            return (string.Join(Chance(0.1) ? " and\n      " : " and ", parts), 2);
        }

        if (roll < 0.38)
        {
            return ("not " + Operand(Condition(scope, depth + 1), 3), 3);
        }

        if (roll < 0.43)
        {
            return ("(" + Condition(scope, depth + 1).Text + ")", 3);
        }

        return (Test(scope), 3);
    }

    private static string Operand((string Text, int Precedence) condition, int needed) =>
        condition.Precedence >= needed ? condition.Text : "(" + condition.Text + ")";

    /// <summary>One test of a form from the reference's table of conditions.</summary>
    private string Test(ConditionScope scope)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (TryTest(scope, Between(0, 9)) is { } test)
            {
                return test;
            }
        }

        return Pick(_actions).Name + " happened";
    }

    private string? TryTest(ConditionScope scope, int form)
    {
        if (scope.OfficerQuestions && Chance(0.15))
        {
            return OfficerTest(scope);
        }

        switch (form)
        {
            case 0:
                return OperandOf(scope, t => _choices.Any(c => c.Name == t)) is { } choiceField
                    ? $"{choiceField.Text} is {(Chance(0.3) ? "not " : string.Empty)}{Pick(_choices.First(c => c.Name == choiceField.Type).Options).Name}"
                    : null;
            case 1:
                return OperandOf(scope, t => t == "yes/no") is { } yesNo
                    ? Pick(new[] { yesNo.Text, yesNo.Text + " is yes", yesNo.Text + " is no" })
                    : null;
            case 2:
                return OperandOf(scope, _ => true) is { } any && !_settings.Any(s => s.Name == any.Text) && !_roles.Any(r => r.Name == any.Text)
                    ? any.Text + " is set"
                    : null;
            case 3:
                return OperandOf(scope, t => t == "officer") is { } officer ? officer.Text + " is available" : null;
            case 4:
                return _deadlines.Count > 0 ? Pick(_deadlines) + " is open" : null;
            case 5:
                return Pick(_actions).Name + Pick(new[] { string.Empty, " happened" });
            case 6:
                return $"{Pick(_actions).Name} since entering {Pick(_states).Name}";
            default:
                return Comparison(scope);
        }
    }

    /// <summary>
    /// A question about officers: an officer's role in the force, involvement, what they did, or caseload. About the
    /// actor, only the forms that can hold whoever performs the action (the others are POL0065's warnings).
    /// </summary>
    private string? OfficerTest(ConditionScope scope)
    {
        var roles = _roles.Where(r => !HostileNames.LanguageWords.Contains(r.Name) && r.Name is not ("a" or "an" or "the")).ToList();
        var officer = OperandOf(scope, t => t == "officer");
        switch (Between(0, 5))
        {
            case 0 when officer is { } named && roles.Count > 0:
                return $"{named.Text} is {(Chance(0.3) ? "not " : string.Empty)}{Pick(new[] { "a ", "an ", string.Empty })}{Pick(roles).Name}";
            case 1 when officer is { } named && roles.Any(r => r.IsAssigned):
                return $"{named.Text} is {(Chance(0.3) ? "not " : string.Empty)}the {Pick(roles.Where(r => r.IsAssigned).ToList()).Name}";
            case 2:
                return $"{officer?.Text ?? "actor"} is {(Chance(0.3) && officer is not null ? "not " : string.Empty)}involved";
            case 3:
                return $"{(officer is { } who && Chance(0.5) ? who.Text : "actor")} has {(Chance(0.3) ? "not " : string.Empty)}acted{(Chance(0.6) ? " before" : string.Empty)}";
            case 4 when roles.Count > 0:
                return $"actor is {Pick(new[] { "a ", "an ", string.Empty })}{Pick(roles).Name}";
            default:
                var numbers = scope.Operands.Where(o => o.Type == "number").Select(o => o.Text).ToList();
                var limit = numbers.Count > 0 && Chance(0.5) ? Pick(numbers) : NumberLiteral();
                return $"caseload of {officer?.Text ?? "actor"} {Pick(new[] { "<", "<=", ">", ">=", "=", "!=" })} {limit}";
        }
    }

    /// <summary>A <c>caseload weight</c> line: cases over the case's values (never about officers), ending with one without <c>when</c>.</summary>
    private string CaseloadWeight()
    {
        var scope = Scope(Array.Empty<FieldPlan>());
        var cases = new List<string>();
        for (var i = Between(0, 3); i > 0; i--)
        {
            cases.Add(Weight() + " when " + Condition(scope));
        }

        cases.Add((cases.Count > 0 && Chance(0.6) ? "otherwise " : string.Empty) + Weight());
        return "  caseload weight " + string.Join(Chance(0.2) ? ",\n      " : ", ", cases) + (Chance(0.5) ? " " + Cite() : string.Empty) + "\n";
    }

    private string Weight() => Pick(new[] { "1", "2", "3", "0.5", "2.25", "1000", "0.001" });

    private string? Comparison(ConditionScope scope)
    {
        if (OperandOf(scope, _ => true) is not { } left)
        {
            return null;
        }

        var ordered = left.Type is "number" or "date" or "date-time" or "duration";
        var isChoice = _choices.Any(c => c.Name == left.Type);
        var op = ordered ? Pick(new[] { "=", "==", "!=", "<>", "<", "<=", ">", ">=" }) : Pick(new[] { "=", "==", "!=", "<>" });
        var sameType = scope.Operands.Where(o => o.Type == left.Type && o.Text != left.Text).ToList();
        string right;
        if (isChoice || left.Type == "officer" || (sameType.Count > 0 && Chance(0.3)))
        {
            // Choices and officers have no literals: compare with another operand of the same type.
            if (sameType.Count == 0)
            {
                return null;
            }

            right = Pick(sameType).Text;
        }
        else
        {
            right = Literal(left.Type);
        }

        return Chance(0.5) ? $"{left.Text} {op} {right}" : $"{right} {Mirror(op)} {left.Text}";
    }

    private static string Mirror(string op) => op switch
    {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => op,
    };

    private (string Text, string Type)? OperandOf(ConditionScope scope, Func<string, bool> type)
    {
        var matching = scope.Operands.Where(o => type(o.Type)).ToList();
        return matching.Count == 0 ? null : Pick(matching);
    }

    // ---- Literals and text ----------------------------------------------------------------------------

    private string Literal(string type) => type switch
    {
        "text" => Quoted(Title()),
        "yes/no" => Chance(0.5) ? "yes" : "no",
        "number" => NumberLiteral(),
        "date" => DateLiteral(),
        "date-time" => DateLiteral() + "T" + Between(0, 23).ToString("00", CultureInfo.InvariantCulture) + ":" + Between(0, 59).ToString("00", CultureInfo.InvariantCulture),
        "duration" => FixedDuration(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No literal of this type."),
    };

    private string NumberLiteral()
    {
        var roll = _random.NextDouble();
        if (roll < 0.05)
        {
            // Up to the 28 digits the language allows.
            return new string(Enumerable.Range(0, 28).Select(_ => (char)('0' + Between(1, 9))).ToArray());
        }

        return roll < 0.4
            ? Between(0, 1000).ToString(CultureInfo.InvariantCulture) + "." + Between(0, 99).ToString("00", CultureInfo.InvariantCulture)
            : Between(0, 100).ToString(CultureInfo.InvariantCulture);
    }

    private string DateLiteral()
    {
        var date = new DateOnly(2020, 1, 1).AddDays(Between(0, 3650));
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private string Cite() => "cite " + Pick(_sources) + " " + Quoted(Title());

    /// <summary>Words people write, now and then with characters the generated C# must escape.</summary>
    private string Title()
    {
        var words = string.Join(" ", Enumerable.Range(0, Between(1, 6)).Select(_ => Pick(Words).ToLowerInvariant()));
        return Between(0, 9) switch
        {
            0 => words + " \\\"quoted\\\" and a back\\\\slash",
            1 => words + " <summary> & </param> */ {0} {{ x }}",
            2 => "Überprüfung 调查 😀 " + words,
            3 => words + " ending in a backslash \\\\",
            _ => char.ToUpperInvariant(words[0]) + words.Substring(1),
        };
    }

    private string Quoted(string text) => Chance(0.05) && !text.Contains('\\', StringComparison.Ordinal) ? "“" + text + "”" : "\"" + text + "\"";

    // ---- Random helpers ------------------------------------------------------------------------------

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private int Between(int min, int max) => _random.Next(min, max + 1);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> Some<T>(IReadOnlyList<T> items, int min, int max)
    {
        var count = Math.Min(items.Count, Between(min, max));
        return Shuffled(items).Take(count).ToList();
    }

    private List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private sealed record RolePlan(string Name, bool IsAssigned);

    private sealed record OptionPlan(string Name, List<FieldPlan> Fields);

    private sealed record ChoicePlan(string Name, List<OptionPlan> Options);

    private sealed record StatePlan(string Name, bool IsInitial, bool IsFinal);

    private sealed record SignalPlan(string Name, string? AbsenceOf, List<FieldPlan> Fields);

    private sealed record SettingPlan(string Name, string Type);

    private sealed record FieldPlan(string Name, string Type, bool IsOptional);

    private sealed record ActionPlan(string Name, List<string> Roles, List<string> From, string? To, List<FieldPlan> Fields, List<(string Role, string Field)> Assignments);
}
