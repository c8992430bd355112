using System.Globalization;
using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Naming;
using Policy.Language.Syntax;
using Policy.Language.Text;
using ValueType = Policy.Definitions.ValueType;

namespace Policy.Language.Semantics;

/// <summary>
/// Resolves names and types and lowers the syntax tree to a <see cref="PolicyDefinition"/>. It reports unknown,
/// duplicate and invalid names, wrong types and incomplete declarations; flow checks (reachability, deadlines that
/// can never be met) are the <see cref="Checking.Checker"/>'s.
/// </summary>
internal sealed class Binder
{
    private static readonly string[] BuiltInTypes = { "text", "yes/no", "number", "date", "date-time", "duration", "officer" };

    private readonly DiagnosticBag _diagnostics;
    private readonly PolicyDeclarationSyntax _policy;
    private readonly Dictionary<string, DeclarationSyntax> _declarations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChoiceDefinition> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SettingDefinition> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FieldDefinition Field, FieldSyntax Syntax)> _caseRecord = new(StringComparer.Ordinal);
    private string? _calendar;
    private bool _reportedWorkingDays;

    /// <summary>Set when a state or action could not be bound (an error was reported), so the flow is only partly known.</summary>
    private bool _flowIsIncomplete;

    public Binder(PolicyDeclarationSyntax policy, DiagnosticBag diagnostics)
    {
        _policy = policy;
        _diagnostics = diagnostics;
    }

    private IEnumerable<StatementSyntax> Statements => _policy.Body.Statements;

    private IEnumerable<T> Declared<T>() where T : DeclarationSyntax => _declarations.Values.OfType<T>();

    public BoundPolicy Bind()
    {
        var name = _policy.Name.IsMissing ? "Policy" : _policy.Name.Text;
        CheckName(_policy.Name, "policy");
        var (version, effective) = BindHeader();
        Declare();

        var sources = Declared<SourceSyntax>().Select(s => new SourceDefinition(s.Name.Text, s.Title?.Text ?? s.Name.Text)).ToArray();
        var roles = Declared<RoleSyntax>().Select(r => new RoleDefinition(r.Name.Text, r.Title?.Text ?? r.Name.Text, r.Assigned is not null)).ToArray();
        var states = Declared<StateSyntax>().Select(s => new StateDefinition(
            s.Name.Text,
            s.Title?.Text ?? s.Name.Text,
            s.Modifiers.Any(m => m.Is("initial")),
            s.Modifiers.Any(m => m.Is("final")))).ToArray();

        foreach (var choice in Declared<ChoiceSyntax>())
        {
            _choices[choice.Name.Text] = new ChoiceDefinition(choice.Name.Text, Array.Empty<ChoiceOptionDefinition>());
        }

        var choices = Declared<ChoiceSyntax>().Select(BindChoice).ToArray();
        foreach (var choice in choices)
        {
            _choices[choice.Name] = choice;
        }

        var settings = Declared<SettingSyntax>().Select(BindSetting).ToArray();
        foreach (var setting in settings)
        {
            _settings[setting.Name] = setting;
        }

        // Fields first: conditions anywhere may read any field the case records.
        foreach (var action in Declared<ActionSyntax>())
        {
            _records[action.Name.Text] = BindRecord(action.Body, "action");
        }

        foreach (var signal in Declared<SignalSyntax>())
        {
            _records[signal.Name.Text] = BindRecord(signal.Body, "signal");
        }

        GeneratedNameCheck.Run(_policy, _declarations, _records, KindOf, Line, _diagnostics);

        var signals = Declared<SignalSyntax>().Select(BindSignal).ToArray();
        var actions = Declared<ActionSyntax>().Select(BindAction).ToArray();
        var deadlines = Declared<DeadlineSyntax>().Select(BindDeadline).ToArray();
        var rules = Declared<RuleSyntax>().Select(BindRule).ToArray();

        var definition = new PolicyDefinition(
            name,
            _policy.Title?.Text ?? name,
            version,
            effective,
            _calendar,
            sources,
            roles,
            choices,
            states,
            actions,
            signals,
            settings,
            deadlines,
            rules);
        return new BoundPolicy(_policy, definition, _declarations, _records) { FlowIsIncomplete = _flowIsIncomplete };
    }

    // ---- Header and declarations -------------------------------------------------------------------------------

    private (string Version, string? Effective) BindHeader()
    {
        string? version = null;
        string? effective = null;
        CalendarSyntax? calendar = null;
        foreach (var statement in Statements)
        {
            switch (statement)
            {
                case VersionSyntax v:
                    if (version is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.DuplicateHeader, v.Keyword.Span, "version");
                    }

                    version ??= v.Value.Text;
                    break;
                case EffectiveSyntax e:
                    if (effective is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.DuplicateHeader, e.Keyword.Span, "effective");
                    }
                    else if (!e.Date.IsMissing)
                    {
                        effective = ParseDate(e.Date) is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                    }

                    break;
                case CalendarSyntax c:
                    if (calendar is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.DuplicateHeader, c.Keyword.Span, "calendar");
                        break;
                    }

                    calendar = c;
                    if (c.Name.IsMissing)
                    {
                        break;
                    }

                    if (KnownCalendars.Names.Contains(c.Name.Text))
                    {
                        _calendar = c.Name.Text;
                    }
                    else
                    {
                        _diagnostics.Add(DiagnosticDescriptors.UnknownCalendar, c.Name.Span, c.Name.Text, string.Join(", ", KnownCalendars.Names));
                    }

                    break;
            }
        }

        if (version is null && !_policy.Name.IsMissing)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingVersion, _policy.Name.Span, _policy.Name.Text);
        }

        return (version ?? string.Empty, effective);
    }

    private DateTime? ParseDate(Token token)
    {
        if (DateTime.TryParseExact(token.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        _diagnostics.Add(DiagnosticDescriptors.InvalidDate, token.Span, token.Text);
        return null;
    }

    internal static string KindOf(DeclarationSyntax declaration) => declaration switch
    {
        SourceSyntax => "source",
        RoleSyntax => "role",
        StateSyntax => "state",
        ChoiceSyntax => "choice",
        SignalSyntax => "signal",
        SettingSyntax => "setting",
        ActionSyntax => "action",
        DeadlineSyntax => "deadline",
        RuleSyntax => "rule",
        _ => "declaration",
    };

    /// <summary>"an action", "a state": for messages.</summary>
    private static string WithArticle(string kind) => (kind.Length > 0 && "aeiou".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind;

    private void Declare()
    {
        foreach (var declaration in Statements.OfType<DeclarationSyntax>())
        {
            var token = declaration.Name;
            if (token.IsMissing)
            {
                continue;
            }

            var kind = KindOf(declaration);
            CheckName(token, kind);
            if (_declarations.TryGetValue(token.Text, out var previous))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateName, token.Span, token.Text, KindOf(previous), Line(previous.Name), kind);
                _flowIsIncomplete |= declaration is ActionSyntax or StateSyntax;
                continue;
            }

            _declarations[token.Text] = declaration;
        }
    }

    private int Line(Token token) => LineOf(token.Span.Start);

    /// <summary>Set by the compiler so that messages can name lines.</summary>
    public Func<int, int> LineOf { get; set; } = _ => 0;

    private void CheckName(Token token, string kind)
    {
        if (token.IsMissing || token.Text.Length == 0)
        {
            return;
        }

        var text = token.Text;
        var valid = Lexer.IsIdentifierStart(text[0]) && text.Skip(1).All(Lexer.IsIdentifierPart);
        if (!valid)
        {
            var suggestion = new string(text.Where(Lexer.IsIdentifierPart).ToArray());
            if (suggestion.Length == 0 || !Lexer.IsIdentifierStart(suggestion[0]))
            {
                suggestion = "_" + suggestion;
            }

            _diagnostics.Add(DiagnosticDescriptors.InvalidName, token.Span, text, suggestion);
        }
    }

    // ---- Lookups ---------------------------------------------------------------------------------------------------

    private bool Resolve<T>(Token token, string kind, out T declaration)
        where T : DeclarationSyntax
    {
        declaration = null!;
        if (token.IsMissing)
        {
            return false;
        }

        if (_declarations.TryGetValue(token.Text, out var found))
        {
            if (found is T typed)
            {
                declaration = typed;
                return true;
            }

            _diagnostics.Add(DiagnosticDescriptors.WrongKindOfName, token.Span, token.Text, WithArticle(KindOf(found)), WithArticle(kind));
            return false;
        }

        ReportUnknown(token, kind, Declared<T>().Select(d => d.Name.Text));
        return false;
    }

    private void ReportUnknown(Token token, string kind, IEnumerable<string> candidates)
    {
        var list = candidates.Take(200).ToList();
        string hint;
        var best = Suggest(token.Text, list);
        if (best is not null)
        {
            hint = $" Did you mean '{best}'?";
        }
        else if (list.Count == 0)
        {
            hint = $" No {kind} is declared: declare it first.";
        }
        else
        {
            hint = $" Declared: {string.Join(", ", list.Take(12))}{(list.Count > 12 ? ", ..." : string.Empty)}.";
        }

        _diagnostics.Add(DiagnosticDescriptors.UnknownName, token.Span, kind, token.Text, hint);
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, if it is close enough to be a typo.</summary>
    internal static string? Suggest(string name, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }

            if (Math.Abs(candidate.Length - name.Length) > 3 || name.Length > 64 || candidate.Length > 64)
            {
                continue;
            }

            var distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
    }

    /// <summary>Edits to turn one word into the other; swapping two neighbouring letters (a common typo) counts as one.</summary>
    private static int EditDistance(string a, string b)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }

    // ---- Types, choices, fields, settings ----------------------------------------------------------------------------

    private ValueType? BindType(TypeSyntax type)
    {
        if (type.Tokens.Count == 0 || type.Tokens.Any(t => t.IsMissing))
        {
            return null;
        }

        if (type.Tokens.Count == 3)
        {
            // 'yes/' and a typo of 'no': the parser has reported the typo.
            return new ValueType(ValueKind.YesNo);
        }

        switch (type.Text)
        {
            case "text": return new ValueType(ValueKind.Text);
            case "yes/no": return new ValueType(ValueKind.YesNo);
            case "number": return new ValueType(ValueKind.Number);
            case "date": return new ValueType(ValueKind.Date);
            case "date-time": return new ValueType(ValueKind.DateTime);
            case "duration": return new ValueType(ValueKind.Duration);
            case "officer": return new ValueType(ValueKind.Officer);
        }

        var token = type.Tokens[0];
        if (_declarations.TryGetValue(token.Text, out var found) && found is ChoiceSyntax)
        {
            return new ValueType(ValueKind.Choice, token.Text);
        }

        var candidates = BuiltInTypes.Concat(Declared<ChoiceSyntax>().Select(c => c.Name.Text)).ToList();
        var best = Suggest(token.Text, candidates);
        var hint = best is not null ? $" Did you mean '{best}'?" : $" Types are: {string.Join(", ", candidates)}.";
        _diagnostics.Add(DiagnosticDescriptors.UnknownName, token.Span, "type", token.Text, hint);
        return null;
    }

    private List<FieldDefinition> BindFields(IEnumerable<FieldSyntax> fields, string owner, Dictionary<string, FieldSyntax>? syntaxByName)
    {
        var result = new List<FieldDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field.Name.IsMissing)
            {
                continue;
            }

            CheckName(field.Name, "field");

            var type = BindType(field.Type);
            if (!seen.Add(field.Name.Text))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateField, field.Name.Span, field.Name.Text, owner);
                continue;
            }

            if (type is null)
            {
                continue;
            }

            var definition = new FieldDefinition(field.Name.Text, type, field.Optional is not null);
            result.Add(definition);
            if (syntaxByName is not null)
            {
                syntaxByName[field.Name.Text] = field;
            }
        }

        return result;
    }

    private ChoiceDefinition BindChoice(ChoiceSyntax choice)
    {
        var options = new List<ChoiceOptionDefinition>();
        var seen = new Dictionary<string, Token>(StringComparer.Ordinal);
        foreach (var option in choice.Options)
        {
            if (option.Name.IsMissing || option.Name.Kind != TokenKind.Identifier)
            {
                continue;
            }

            CheckName(option.Name, "option");
            if (seen.TryGetValue(option.Name.Text, out var previous))
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateName, option.Name.Span, option.Name.Text, "option", Line(previous), "option");
                continue;
            }

            seen[option.Name.Text] = option.Name;
            options.Add(new ChoiceOptionDefinition(option.Name.Text, BindFields(option.Fields, "option", null)));
        }

        if (options.Count == 0 && !choice.Name.IsMissing && choice.Open is { IsMissing: false } && choice.Skipped is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.EmptyChoice, choice.Name.Span, choice.Name.Text);
        }

        return new ChoiceDefinition(choice.Name.Text, options);
    }

    private SettingDefinition BindSetting(SettingSyntax setting)
    {
        // A type that could not be read (reported) is taken from the default value, so uses of the setting are not errors too.
        var declaredType = BindType(setting.Type);
        var literal = BindLiteral(setting.Value);
        var type = declaredType ?? literal?.Type ?? new ValueType(ValueKind.Text);
        var value = literal ?? new Value(type, string.Empty);
        if (declaredType is not null && value.Type.Kind != type.Kind && !setting.Value.Span.Equals(default))
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, setting.Value.Span, $"Setting '{setting.Name.Text}' is {type}, but its default value is {value.Type}. Write a {type} value.");
        }

        var changedBy = new List<string>();
        foreach (var role in setting.Roles?.Names ?? Array.Empty<Token>())
        {
            if (Resolve<RoleSyntax>(role, "role", out _) && !changedBy.Contains(role.Text))
            {
                changedBy.Add(role.Text);
            }
        }

        return new SettingDefinition(setting.Name.Text, setting.Title?.Text ?? setting.Name.Text, type, value, BindCites(setting.Cites), changedBy);
    }

    private ActionRecord BindRecord(BlockSyntax? body, string owner)
    {
        var record = new ActionRecord();
        if (body is null)
        {
            return record;
        }

        var fields = body.Statements.OfType<RecordSyntax>().SelectMany(r => r.Fields);
        record.Fields.AddRange(BindFields(fields, owner, record.Syntax));
        foreach (var field in record.Fields)
        {
            var syntax = record.Syntax[field.Name];
            if (_caseRecord.TryGetValue(field.Name, out var existing))
            {
                if (!existing.Field.Type.Equals(field.Type))
                {
                    _diagnostics.Add(DiagnosticDescriptors.ConflictingFieldType, syntax.Name.Span, field.Name, field.Type, existing.Field.Type, Line(existing.Syntax.Name));
                }
            }
            else
            {
                _caseRecord[field.Name] = (field, syntax);
            }
        }

        return record;
    }

    private IReadOnlyList<Citation> BindCites(IEnumerable<CiteSyntax> cites)
    {
        var result = new List<Citation>();
        foreach (var cite in cites)
        {
            if (Resolve<SourceSyntax>(cite.Source, "source", out _))
            {
                result.Add(new Citation(cite.Source.Text, cite.Clause.Text));
            }
        }

        return result;
    }

    private static IEnumerable<CiteSyntax> CitesIn(BlockSyntax? body) => body?.Statements.OfType<CiteSyntax>() ?? Enumerable.Empty<CiteSyntax>();

    // ---- Signals and actions ---------------------------------------------------------------------------------------

    private SignalDefinition BindSignal(SignalSyntax signal)
    {
        string? absenceRole = null;
        if (signal.AbsenceRole is { } roleToken && Resolve<RoleSyntax>(roleToken, "role", out var role))
        {
            absenceRole = roleToken.Text;
            if (role.Assigned is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.AbsenceOfUnassignedRole, roleToken.Span, signal.Name.Text, roleToken.Text);
            }
        }

        BindCites(CitesIn(signal.Body));
        return new SignalDefinition(signal.Name.Text, signal.Title?.Text ?? signal.Name.Text, _records[signal.Name.Text].Fields, absenceRole);
    }

    private ActionDefinition BindAction(ActionSyntax action)
    {
        var roles = new List<string>();
        foreach (var role in action.Roles.Names)
        {
            if (Resolve<RoleSyntax>(role, "role", out _))
            {
                roles.Add(role.Text);
            }
        }

        var from = new List<string>();
        if (action.States is { } states)
        {
            foreach (var state in states.Names)
            {
                if (Resolve<StateSyntax>(state, "state", out _))
                {
                    from.Add(state.Text);
                }
                else
                {
                    _flowIsIncomplete = true;
                }
            }
        }
        else
        {
            // A header the parser could not read has been reported already.
            if (!action.Name.IsMissing && action.HeaderRest is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.ActionHasNoStates, action.Name.Span, action.Name.Text);
            }

            _flowIsIncomplete = true;
        }

        string? to = null;
        if (action.ToState is { } toToken)
        {
            if (Resolve<StateSyntax>(toToken, "state", out _))
            {
                to = toToken.Text;
            }
            else
            {
                _flowIsIncomplete = true;
            }
        }

        var record = _records[action.Name.Text];
        var requirements = new List<RequirementDefinition>();
        var assignments = new List<AssignmentDefinition>();
        var notifications = new List<NotificationDefinition>();
        foreach (var statement in action.Body?.Statements ?? Array.Empty<StatementSyntax>())
        {
            switch (statement)
            {
                case RequireSyntax require:
                    var condition = BindCondition(require.Condition, record.Fields);
                    if (condition is not null && !require.Message.IsMissing)
                    {
                        requirements.Add(new RequirementDefinition(condition, require.Message.Text, BindCites(require.Cites)));
                    }

                    break;
                case AssignSyntax assign:
                    foreach (var assignment in assign.Assignments)
                    {
                        BindAssignment(assignment, record, assignments);
                    }

                    break;
                case NotifySyntax notify:
                    if (Resolve<RoleSyntax>(notify.Role, "role", out _) && !notify.Message.IsMissing)
                    {
                        notifications.Add(new NotificationDefinition(notify.Role.Text, notify.Message.Text));
                    }

                    break;
            }
        }

        return new ActionDefinition(
            action.Name.Text,
            action.Title?.Text ?? action.Name.Text,
            roles,
            from,
            to,
            record.Fields,
            requirements,
            assignments,
            notifications,
            BindCites(CitesIn(action.Body)));
    }

    private void BindAssignment(AssignmentSyntax assignment, ActionRecord record, List<AssignmentDefinition> assignments)
    {
        var roleOk = Resolve<RoleSyntax>(assignment.Role, "role", out var role);
        if (roleOk && role.Assigned is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.AssignToUnassignedRole, assignment.Role.Span, assignment.Role.Text);
            roleOk = false;
        }

        if (assignment.Field.IsMissing)
        {
            return;
        }

        var field = record.Fields.FirstOrDefault(f => f.Name == assignment.Field.Text);
        if (field is null)
        {
            ReportUnknown(assignment.Field, "field recorded by this action", record.Fields.Select(f => f.Name));
            return;
        }

        if (field.Type.Kind != ValueKind.Officer)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, assignment.Field.Span, $"'{field.Name}' is {field.Type}, but only an officer can be assigned to a role. Record it as: {field.Name}: officer");
            return;
        }

        if (roleOk)
        {
            assignments.Add(new AssignmentDefinition(assignment.Role.Text, field.Name));
        }
    }

    // ---- Deadlines ---------------------------------------------------------------------------------------------------

    private DeadlineDefinition BindDeadline(DeadlineSyntax deadline)
    {
        var name = deadline.Name.Text;
        DeadlineTrigger? trigger = null;
        IReadOnlyList<FieldDefinition> triggerFields = Array.Empty<FieldDefinition>();
        string role = string.Empty, action = string.Empty;
        Condition? metWhere = null;
        DurationExpression? within = null, notBefore = null;
        var stopsWhen = new List<string>();
        string? stopsOnLeaving = null;
        var escalations = new List<EscalationDefinition>();
        Duration? warn = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        MustSyntax? must = null;
        EverySyntax? recurrence = null;
        var isRecurring = false;

        void Once(Token keyword, string line)
        {
            if (!seen.Add(line))
            {
                _diagnostics.Add(DiagnosticDescriptors.RepeatedDeadlineLine, keyword.Span, name, line);
            }
        }

        // Triggers first: their fields are in scope for the durations.
        foreach (var statement in deadline.Body.Statements)
        {
            switch (statement)
            {
                case StartsSyntax starts:
                    if (trigger is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TwoTriggers, starts.Keyword.Span, name);
                        break;
                    }

                    trigger = BindTrigger(starts, out triggerFields) ?? new DeadlineTrigger(TriggerKind.When, string.Empty);
                    break;
                case EverySyntax every:
                    if (trigger is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TwoTriggers, every.Keyword.Span, name);
                        break;
                    }

                    isRecurring = true;
                    recurrence = every;

                    // An unknown state (reported) leaves the trigger unnamed, so no check reasons about a state that is not there.
                    var state = Resolve<StateSyntax>(every.State, "state", out _) ? every.State.Text : string.Empty;
                    trigger = new DeadlineTrigger(TriggerKind.Recurring, state);
                    stopsOnLeaving = state.Length > 0 ? state : null;
                    break;
            }
        }

        foreach (var statement in deadline.Body.Statements)
        {
            switch (statement)
            {
                case EverySyntax every when ReferenceEquals(every, recurrence):
                    within = BindDurationExpression(every.Interval, triggerFields);
                    break;
                case MustSyntax m:
                    Once(m.Must, "must");
                    must = m;
                    if (Resolve<RoleSyntax>(m.Role, "role", out _))
                    {
                        role = m.Role.Text;
                    }

                    if (Resolve<ActionSyntax>(m.Action, "action", out _))
                    {
                        action = m.Action.Text;
                        if (m.Condition is not null)
                        {
                            metWhere = BindCondition(m.Condition, _records[action].Fields);
                        }
                    }

                    foreach (var timing in m.Timings)
                    {
                        BindTiming(timing, triggerFields, ref within, ref notBefore, Once);
                    }

                    break;
                case TimingSyntax timing:
                    BindTiming(timing, triggerFields, ref within, ref notBefore, Once);
                    break;
                case StopsSyntax stops:
                    Once(stops.Keyword, "stops");

                    // A wrong word where 'when' or 'on leaving' belongs has been reported by the parser.
                    if (!stops.OnLeaving && !(stops.Mode.Count > 0 && stops.Mode[0].Is("when")))
                    {
                        break;
                    }

                    foreach (var target in stops.Targets.Names)
                    {
                        if (stops.OnLeaving)
                        {
                            if (Resolve<StateSyntax>(target, "state", out _))
                            {
                                stopsOnLeaving = target.Text;
                            }
                        }
                        else if (ResolveActionOrSignal(target, out _))
                        {
                            stopsWhen.Add(target.Text);
                        }
                    }

                    break;
                case EscalateSyntax escalate:
                    Once(escalate.Keyword, "escalate");
                    for (var i = 0; i < escalate.Stages.Count; i++)
                    {
                        var stage = escalate.Stages[i];
                        var after = stage.Delay is null ? (Duration?)null : BindDuration(stage.Delay);
                        if (i > 0 && stage.Delay is null)
                        {
                            _diagnostics.Add(DiagnosticDescriptors.UnorderedEscalation, stage.Span);
                        }

                        if (Resolve<RoleSyntax>(stage.Role, "role", out _))
                        {
                            escalations.Add(new EscalationDefinition(stage.Role.Text, after));
                        }
                    }

                    break;
                case WarnSyntax w:
                    Once(w.Keyword, "warn");
                    warn = BindDuration(w.Duration);
                    break;
            }
        }

        var anchor = deadline.Name.IsMissing ? deadline.Keyword.Span : deadline.Name.Span;

        // When a line of the deadline could not be read (reported), what seems missing is probably in that line.
        if (!deadline.Name.IsMissing && !deadline.Body.Open.IsMissing && !deadline.Body.Statements.OfType<SkippedSyntax>().Any())
        {
            if (trigger is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, anchor, name, "when it starts", "starts when Action  (or: starts on entering State, or: every 14 days while State)");
            }

            if (must is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, anchor, name, "who must do what", "Role must Action within 1 working day");
            }
            else if (within is null && !isRecurring)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, must.Span, name, "by when", $"{must.Role.Text} must {must.Action.Text} within 28 days");
            }

            if (isRecurring && seen.Contains("within"))
            {
                _diagnostics.Add(DiagnosticDescriptors.RecurringWithWithin, anchor, name);
            }
        }

        if (!deadline.Name.IsMissing && !CitesIn(deadline.Body).Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.UncitedRule, anchor, "Deadline", name);
        }

        return new DeadlineDefinition(
            name,
            deadline.Title?.Text ?? name,
            trigger ?? new DeadlineTrigger(TriggerKind.When, string.Empty),
            role,
            action,
            metWhere,
            within ?? new DurationExpression(Array.Empty<DurationCase>()),
            notBefore,
            stopsWhen,
            stopsOnLeaving,
            escalations,
            warn,
            BindCites(CitesIn(deadline.Body)));
    }

    private void BindTiming(TimingSyntax timing, IReadOnlyList<FieldDefinition> scope, ref DurationExpression? within, ref DurationExpression? notBefore, Action<Token, string> once)
    {
        if (timing.IsNotBefore)
        {
            once(timing.Keywords[0], "not before");
            notBefore = BindDurationExpression(timing.Duration, scope);
        }
        else
        {
            once(timing.Keywords[0], "within");
            within = BindDurationExpression(timing.Duration, scope);
        }
    }

    private DeadlineTrigger? BindTrigger(StartsSyntax starts, out IReadOnlyList<FieldDefinition> fields)
    {
        fields = Array.Empty<FieldDefinition>();
        // A wrong word where 'when', 'each' or 'on' belongs has been reported by the parser.
        var onEntering = starts.Mode.Any(m => m.Is("on") || m.Is("entering"));
        if (starts.Mode.Count == 0 || !(onEntering || starts.Mode[0].Is("when") || starts.Mode[0].Is("each")) || starts.Target.IsMissing)
        {
            return null;
        }

        if (onEntering)
        {
            return Resolve<StateSyntax>(starts.Target, "state", out _) ? new DeadlineTrigger(TriggerKind.OnEntering, starts.Target.Text) : null;
        }

        if (!ResolveActionOrSignal(starts.Target, out var record))
        {
            return null;
        }

        fields = record.Fields;
        return new DeadlineTrigger(starts.Mode[0].Is("each") ? TriggerKind.Each : TriggerKind.When, starts.Target.Text);
    }

    private bool ResolveActionOrSignal(Token token, out ActionRecord record)
    {
        record = null!;
        if (token.IsMissing)
        {
            return false;
        }

        if (_declarations.TryGetValue(token.Text, out var found) && found is ActionSyntax or SignalSyntax)
        {
            record = _records[token.Text];
            return true;
        }

        if (found is not null)
        {
            _diagnostics.Add(DiagnosticDescriptors.WrongKindOfName, token.Span, token.Text, WithArticle(KindOf(found)), WithArticle("action or signal"));
            return false;
        }

        ReportUnknown(token, "action or signal", Declared<ActionSyntax>().Select(a => a.Name.Text).Concat(Declared<SignalSyntax>().Select(s => s.Name.Text)));
        return false;
    }

    private DurationExpression BindDurationExpression(DurationExpressionSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        var cases = new List<DurationCase>();
        foreach (var item in syntax.Cases)
        {
            Duration? fixedDuration = null;
            string? setting = null;
            if (item.Duration is not null)
            {
                fixedDuration = BindDuration(item.Duration);
            }
            else if (item.Setting is { IsMissing: false } token)
            {
                if (Resolve<SettingSyntax>(token, "setting", out _) && _settings.TryGetValue(token.Text, out var definition))
                {
                    if (definition.Type.Kind != ValueKind.Duration)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, token.Span, $"Setting '{token.Text}' is {definition.Type}, but a duration is needed here. Declare it as: setting {token.Text}: duration = 14 days");
                    }
                    else
                    {
                        setting = token.Text;
                        if (definition.DefaultValue.Duration is { Unit: DurationUnit.WorkingDays })
                        {
                            RequireCalendar(token.Span);
                        }
                    }
                }
            }

            var condition = item.Condition is null ? null : BindCondition(item.Condition, scope);
            if (fixedDuration is null && setting is null)
            {
                continue;
            }

            cases.Add(new DurationCase(fixedDuration, setting, condition));
        }

        if (cases.Count > 0 && cases[cases.Count - 1].When is not null && !CoversEveryOption(cases))
        {
            var example = cases[cases.Count - 1].Fixed?.ToString() ?? cases[cases.Count - 1].Setting ?? "28 days";
            _diagnostics.Add(DiagnosticDescriptors.DurationNotExhaustive, syntax.Span, example);
        }

        return new DurationExpression(cases);
    }

    /// <summary>True when the cases test one choice value against every one of its options.</summary>
    private bool CoversEveryOption(IReadOnlyList<DurationCase> cases)
    {
        string? field = null;
        string? choice = null;
        var options = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in cases)
        {
            if (item.When is not IsOptionCondition { Operand: FieldOperand operand } test)
            {
                return false;
            }

            var key = operand.Name + "." + string.Join(".", operand.Path);
            if (field is not null && field != key)
            {
                return false;
            }

            field = key;
            choice = test.Choice;
            options.Add(test.Option);
        }

        return choice is not null && _choices.TryGetValue(choice, out var definition) && definition.Options.All(o => options.Contains(o.Name));
    }

    private Duration? BindDuration(DurationSyntax syntax)
    {
        if (syntax.Amount.IsMissing || syntax.Unit.Count == 0 || syntax.Unit.Any(u => u.IsMissing))
        {
            return null;
        }

        if (!int.TryParse(syntax.Amount.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidNumber, syntax.Amount.Span, syntax.Amount.Text);
            return null;
        }

        var unitText = syntax.Unit[0].Text;
        var unit = unitText switch
        {
            "minute" or "minutes" => DurationUnit.Minutes,
            "hour" or "hours" => DurationUnit.Hours,
            "day" or "days" => DurationUnit.Days,
            "working" => DurationUnit.WorkingDays,
            "week" or "weeks" => DurationUnit.Weeks,
            _ => DurationUnit.Months,
        };
        if (amount == 0)
        {
            _diagnostics.Add(DiagnosticDescriptors.ZeroDuration, syntax.Span, unit == DurationUnit.WorkingDays ? "working days" : unitText.TrimEnd('s') + "s");
        }

        if (unit == DurationUnit.WorkingDays)
        {
            RequireCalendar(syntax.Span);
        }

        var duration = new Duration(amount, unit);
        if (!duration.IsWithinLimit)
        {
            _diagnostics.Add(DiagnosticDescriptors.DurationTooLong, syntax.Span, duration, Duration.MaximumYears);
            return null;
        }

        return duration;
    }

    private void RequireCalendar(TextSpan span)
    {
        if (_calendar is null && !_reportedWorkingDays && !Statements.OfType<CalendarSyntax>().Any())
        {
            _reportedWorkingDays = true;
            _diagnostics.Add(DiagnosticDescriptors.WorkingDaysWithoutCalendar, span);
        }
    }

    // ---- Rules -------------------------------------------------------------------------------------------------------

    private RuleDefinition BindRule(RuleSyntax rule)
    {
        var name = rule.Name.Text;
        var forbids = rule.Body.Statements.OfType<ForbidSyntax>().ToList();
        var anchor = rule.Name.IsMissing ? rule.Keyword.Span : rule.Name.Span;
        if (forbids.Count == 0)
        {
            if (!rule.Name.IsMissing && !rule.Body.Open.IsMissing && !rule.Body.Statements.OfType<SkippedSyntax>().Any())
            {
                _diagnostics.Add(DiagnosticDescriptors.RuleIncomplete, anchor, name, "a 'forbid' line");
            }

            return new RuleDefinition(name, Array.Empty<string>(), RuleMode.While, new TruthCondition(new LiteralOperand(new Value(new ValueType(ValueKind.YesNo), "no"))), string.Empty, Array.Empty<Citation>());
        }

        foreach (var extra in forbids.Skip(1))
        {
            _diagnostics.Add(DiagnosticDescriptors.RuleIncomplete, extra.Keyword.Span, name, "exactly one 'forbid' line: put the second in a rule of its own");
        }

        var forbid = forbids[0];
        var actions = new List<string>();
        foreach (var action in forbid.Actions.Names)
        {
            if (Resolve<ActionSyntax>(action, "action", out _))
            {
                actions.Add(action.Text);
            }
        }

        // A rule over one action can read that action's own fields; over several, only what the case has recorded.
        var scope = actions.Count == 1 ? _records[actions[0]].Fields : (IReadOnlyList<FieldDefinition>)Array.Empty<FieldDefinition>();
        var condition = BindCondition(forbid.Condition, scope);
        var mode = forbid.Mode.Is("unless") ? RuleMode.Unless : RuleMode.While;
        if (!rule.Name.IsMissing && !CitesIn(rule.Body).Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.UncitedRule, anchor, "Rule", name);
        }

        if (mode == RuleMode.Unless && condition is HappenedSinceCondition happened && actions.Contains(happened.Action))
        {
            _diagnostics.Add(DiagnosticDescriptors.ConditionAlwaysSame, forbid.Condition.Span, name, happened.Action);
        }

        return new RuleDefinition(
            name,
            actions,
            mode,
            condition ?? new TruthCondition(new LiteralOperand(new Value(new ValueType(ValueKind.YesNo), "no"))),
            forbid.Message.Text,
            BindCites(CitesIn(rule.Body)));
    }

    // ---- Conditions and operands ----------------------------------------------------------------------------------------

    /// <summary>Binds a condition; null when it has errors (already reported).</summary>
    private Condition? BindCondition(ConditionSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        switch (syntax)
        {
            case LogicalConditionSyntax logical:
            {
                // Every operand is bound, so each of their errors is reported, before giving up on the whole.
                var operands = new Condition[logical.Operands.Count];
                var complete = true;
                for (var i = 0; i < operands.Length; i++)
                {
                    var operand = BindCondition(logical.Operands[i], scope);
                    complete &= operand is not null;
                    operands[i] = operand!;
                }

                if (!complete)
                {
                    return null;
                }

                return logical.IsAnd ? new AndCondition(operands) : new OrCondition(operands);
            }

            case NotConditionSyntax not:
                return BindCondition(not.Operand, scope) is { } inner ? new NotCondition(inner) : null;
            case ParenthesizedConditionSyntax parens:
                return BindCondition(parens.Inner, scope);
            case SinceConditionSyntax since:
            {
                var actionOk = Resolve<ActionSyntax>(since.Action, "action", out _);
                var stateOk = Resolve<StateSyntax>(since.State, "state", out _);
                return actionOk && stateOk ? new HappenedSinceCondition(since.Action.Text, since.State.Text) : null;
            }

            case IsConditionSyntax test:
            {
                var result = BindIs(test, scope);
                return result is not null && test.Not is not null ? new NotCondition(result) : result;
            }

            case CompareConditionSyntax compare:
                return BindCompare(compare, scope);
            case OperandConditionSyntax operand:
                return BindOperandCondition(operand, scope);
            default:
                return null;
        }
    }

    private Condition? BindIs(IsConditionSyntax test, IReadOnlyList<FieldDefinition> scope)
    {
        if (test.Target.IsMissing)
        {
            return null;
        }

        var target = test.Target.Text;
        if (target == "open")
        {
            if (test.Operand is NameOperandSyntax { Parts.Count: 1 } name && Resolve<DeadlineSyntax>(name.Parts[0], "deadline", out _))
            {
                return new DeadlineOpenCondition(name.Parts[0].Text);
            }

            if (test.Operand is not NameOperandSyntax { Parts.Count: 1 })
            {
                _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Operand.Span, "Only a deadline can be 'open'. Write the deadline's name, e.g. VictimUpdate is open");
            }

            return null;
        }

        var operand = BindOperand(test.Operand, scope);
        if (operand is null)
        {
            return null;
        }

        switch (target)
        {
            case "set":
                return new IsSetCondition(operand);
            case "available":
                if (operand.Type.Kind != ValueKind.Officer)
                {
                    _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Operand.Span, $"Only an officer can be 'available', but this is {operand.Type}. Name an officer field or an assigned role.");
                    return null;
                }

                return new IsAvailableCondition(operand);
        }

        if (operand.Type.Kind == ValueKind.YesNo && (target == "yes" || target == "no"))
        {
            return new CompareCondition(operand, CompareOperator.Equal, new LiteralOperand(new Value(operand.Type, target)));
        }

        if (operand.Type.Kind != ValueKind.Choice || operand.Type.ChoiceName is null || !_choices.TryGetValue(operand.Type.ChoiceName, out var choice))
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Target.Span, $"'is {target}' needs a choice, but this is {operand.Type}. Use 'is set', 'is available', or compare with = instead.");
            return null;
        }

        if (choice.Options.All(o => o.Name != target))
        {
            var best = Suggest(target, choice.Options.Select(o => o.Name).ToList());
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Target.Span, $"'{target}' is not an option of {choice.Name}.{(best is not null ? $" Did you mean '{best}'?" : string.Empty)} Its options are: {string.Join(", ", choice.Options.Select(o => o.Name))}.");
            return null;
        }

        return new IsOptionCondition(operand, choice.Name, target);
    }

    private Condition? BindCompare(CompareConditionSyntax compare, IReadOnlyList<FieldDefinition> scope)
    {
        var left = BindOperand(compare.Left, scope);
        var right = BindOperand(compare.Right, scope);
        if (left is null || right is null)
        {
            return null;
        }

        var op = compare.Operator.Kind switch
        {
            TokenKind.Equals => CompareOperator.Equal,
            TokenKind.NotEquals => CompareOperator.NotEqual,
            TokenKind.Less => CompareOperator.Less,
            TokenKind.LessOrEqual => CompareOperator.LessOrEqual,
            TokenKind.Greater => CompareOperator.Greater,
            _ => CompareOperator.GreaterOrEqual,
        };
        if (!left.Type.Equals(right.Type))
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, compare.Span, $"Cannot compare {left.Type} with {right.Type}. Compare values of the same type.");
            return null;
        }

        var ordered = left.Type.Kind is ValueKind.Number or ValueKind.Date or ValueKind.DateTime or ValueKind.Duration;
        if (!ordered && op is not (CompareOperator.Equal or CompareOperator.NotEqual))
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, compare.Operator.Span, $"{left.Type} values have no order: use = or != here.");
            return null;
        }

        return new CompareCondition(left, op, right);
    }

    private Condition? BindOperandCondition(OperandConditionSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        if (syntax.Operand is NameOperandSyntax { Parts.Count: 1 } name && !name.Parts[0].IsMissing
            && _declarations.TryGetValue(name.Parts[0].Text, out var declared) && declared is ActionSyntax
            && !scope.Any(f => f.Name == name.Parts[0].Text) && !_caseRecord.ContainsKey(name.Parts[0].Text))
        {
            return new HappenedSinceCondition(name.Parts[0].Text, null);
        }

        if (syntax.Happened is not null)
        {
            if (syntax.Operand is NameOperandSyntax { Parts.Count: 1 } actionName)
            {
                Resolve<ActionSyntax>(actionName.Parts[0], "action", out _);
            }

            return null;
        }

        var operand = BindOperand(syntax.Operand, scope);
        if (operand is null)
        {
            return null;
        }

        if (operand.Type.Kind != ValueKind.YesNo)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, syntax.Span, $"This is {operand.Type}, not yes/no, so it cannot be a condition on its own. Write a test such as 'is set' or '= value'.");
            return null;
        }

        return new TruthCondition(operand);
    }

    private Operand? BindOperand(OperandSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        if (syntax is LiteralOperandSyntax literal)
        {
            return BindLiteral(literal) is { } value ? new LiteralOperand(value) : null;
        }

        var name = (NameOperandSyntax)syntax;
        var first = name.Parts[0];
        if (first.IsMissing)
        {
            return null;
        }

        var field = scope.FirstOrDefault(f => f.Name == first.Text) ?? (_caseRecord.TryGetValue(first.Text, out var recorded) ? recorded.Field : null);
        if (field is not null)
        {
            return BindFieldPath(field, name);
        }

        if (name.Parts.Count == 1)
        {
            if (_declarations.TryGetValue(first.Text, out var declared))
            {
                switch (declared)
                {
                    case RoleSyntax role:
                        if (role.Assigned is null)
                        {
                            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, first.Span, $"Role '{first.Text}' is not held per case, so it names no one officer here. Mark it 'assigned', or name an officer field.");
                            return null;
                        }

                        return new RoleOperand(first.Text);
                    case SettingSyntax when _settings.TryGetValue(first.Text, out var setting):
                        return new SettingOperand(first.Text, setting.Type);
                }
            }

            if (first.Text is "yes" or "no")
            {
                return new LiteralOperand(new Value(new ValueType(ValueKind.YesNo), first.Text));
            }
        }

        ReportUnknown(first, "field, role or setting", scope.Select(f => f.Name).Concat(_caseRecord.Keys).Concat(_settings.Keys).Distinct());
        return null;
    }

    private Operand? BindFieldPath(FieldDefinition field, NameOperandSyntax name)
    {
        var path = new List<string>();
        var type = field.Type;
        for (var i = 1; i < name.Parts.Count; i++)
        {
            var part = name.Parts[i];
            if (type.Kind != ValueKind.Choice || type.ChoiceName is null || !_choices.TryGetValue(type.ChoiceName, out var choice))
            {
                _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, part.Span, $"'{name.Parts[i - 1].Text}' is {type}, which has no parts. Remove '.{part.Text}'.");
                return null;
            }

            var inner = choice.Options.SelectMany(o => o.Fields).FirstOrDefault(f => f.Name == part.Text);
            if (inner is null)
            {
                ReportUnknown(part, $"field of {choice.Name}", choice.Options.SelectMany(o => o.Fields).Select(f => f.Name));
                return null;
            }

            path.Add(part.Text);
            type = inner.Type;
        }

        return new FieldOperand(field.Name, path, type);
    }

    private Value? BindLiteral(OperandSyntax syntax)
    {
        if (syntax is not LiteralOperandSyntax literal)
        {
            if (syntax is NameOperandSyntax { Parts.Count: 1 } name && name.Parts[0].Text is "yes" or "no")
            {
                return new Value(new ValueType(ValueKind.YesNo), name.Parts[0].Text);
            }

            if (syntax is NameOperandSyntax n && !n.Parts[0].IsMissing)
            {
                _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, syntax.Span, "A setting's default must be a value such as 14 days, 3, yes, \"text\" or 2025-02-01.");
            }

            return null;
        }

        if (literal.Duration is not null)
        {
            return BindDuration(literal.Duration) is { } duration ? new Value(new ValueType(ValueKind.Duration), duration.ToString(), duration) : null;
        }

        var token = literal.Token!;
        switch (token.Kind)
        {
            case TokenKind.String:
                return new Value(new ValueType(ValueKind.Text), token.Text);
            case TokenKind.Number:
                if (token.Text.Length > 28 || !decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    _diagnostics.Add(DiagnosticDescriptors.InvalidNumber, token.Span, token.Text);
                    return null;
                }

                return new Value(new ValueType(ValueKind.Number), number.ToString(CultureInfo.InvariantCulture));
            case TokenKind.Date:
                return ParseDate(token) is { } date ? new Value(new ValueType(ValueKind.Date), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null;
            case TokenKind.DateTime:
                if (DateTime.TryParseExact(token.Text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
                {
                    return new Value(new ValueType(ValueKind.DateTime), instant.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
                }

                _diagnostics.Add(DiagnosticDescriptors.InvalidDate, token.Span, token.Text);
                return null;
            default:
                return null;
        }
    }
}
