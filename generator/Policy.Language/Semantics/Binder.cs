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
internal sealed partial class Binder
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
    private IReadOnlyList<string> _ranks = Array.Empty<string>();
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
        var calendars = BindCalendars();

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

        _ranks = BindRanks();
        var signals = Declared<SignalSyntax>().Select(BindSignal).ToArray();
        var actions = Declared<ActionSyntax>().Select(BindAction).ToArray();
        var deadlines = Declared<DeadlineSyntax>().Select(BindDeadline).ToArray();
        var rules = Declared<RuleSyntax>().Select(BindRule).ToArray();
        var access = BindAccess();
        var caseload = BindCaseloadWeight();

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
            rules,
            calendars,
            access,
            _ranks,
            caseload);
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

                    // A calendar the policy declares is known only once the declarations are: BindCalendars resolves it.
                    _calendarLine = c;
                    if (KnownCalendars.Names.Contains(c.Name.Text))
                    {
                        _calendar = c.Name.Text;
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
        CalendarDeclarationSyntax => "calendar",
        AccessSyntax => "access rules",
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
        var whenDue = BindWhenDue(action);
        for (var index = 0; index < action.Roles.Names.Count; index++)
        {
            var role = action.Roles.Names[index];
            if (action.WhenDue.Count > 0 && role.Text == SystemRole && !_declarations.ContainsKey(SystemRole))
            {
                // 'by system': nobody performs it; the system does, when its deadline falls due.
                continue;
            }

            if (Resolve<RoleSyntax>(role, "role", out _))
            {
                if (!action.Roles.IsOrAbove(index))
                {
                    roles.Add(role.Text);
                    continue;
                }

                // 'Inspector or above': the rank and every rank above it, written out.
                var rank = IndexOfRank(role.Text);
                if (rank < 0)
                {
                    _diagnostics.Add(DiagnosticDescriptors.OrAboveNotRanked, role.Span, role.Text);
                    roles.Add(role.Text);
                    continue;
                }

                roles.AddRange(_ranks.Skip(rank).Where(r => !roles.Contains(r)));
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
                    var condition = action.WhenDue.Count > 0
                        ? WithoutActor($"in '{action.Name.Text}', which happens by itself when its deadline falls due, with no officer performing it", () => BindCondition(require.Condition, record.Fields))
                        : BindCondition(require.Condition, record.Fields);
                    CheckActorConditions(condition, roles, require.Condition, $"'{action.Name.Text}' is performed");
                    if (condition is not null && !require.Message.IsMissing)
                    {
                        requirements.Add(new RequirementDefinition(condition, require.Message.Text, BindCites(require.Cites)));
                    }

                    break;
                case AssignSyntax assign:
                    foreach (var assignment in assign.Assignments)
                    {
                        BindAssignment(assignment, record, assignments, assign.Message is { IsMissing: false } message ? message.Text : null, BindCites(assign.Cites));
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
            BindCites(CitesIn(action.Body)),
            whenDue);
    }

    private void BindAssignment(AssignmentSyntax assignment, ActionRecord record, List<AssignmentDefinition> assignments, string? message, IReadOnlyList<Citation> cites)
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
            assignments.Add(new AssignmentDefinition(assignment.Role.Text, field.Name, message, message is null ? null : cites));
        }
    }
}
