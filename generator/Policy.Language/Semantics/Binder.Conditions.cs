using System.Globalization;
using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using ValueType = Policy.Definitions.ValueType;

namespace Policy.Language.Semantics;

/// <summary>Rules, conditions and operands.</summary>
internal sealed partial class Binder
{
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
        if (actions.Count == 1)
        {
            CheckActorConditions(condition, RolesOf(actions[0]), forbid.Condition, $"'{actions[0]}' is performed");
        }

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
            case WasConditionSyntax was:
                return BindWas(was);
            case ActedConditionSyntax acted:
            {
                if (!OfficerQuestionAllowed("has acted", acted.Span))
                {
                    return null;
                }

                var officer = BindOfficer(acted.Operand, scope, "have acted");
                if (officer is null)
                {
                    return null;
                }

                Condition result = new ActedBeforeCondition(officer);
                return acted.Not is not null ? new NotCondition(result) : result;
            }

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
        if (target is "open" or "overdue")
        {
            if (test.Operand is NameOperandSyntax { Parts.Count: 1 } name && Resolve<DeadlineSyntax>(name.Parts[0], "deadline", out _))
            {
                return target == "open"
                    ? new DeadlineOpenCondition(name.Parts[0].Text)
                    : new DeadlineStatusCondition(name.Parts[0].Text, DeadlineConditionStatus.Overdue);
            }

            if (test.Operand is not NameOperandSyntax { Parts.Count: 1 })
            {
                _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Operand.Span, $"Only a deadline can be '{target}'. Write the deadline's name, e.g. VictimUpdate is {target}");
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
            case "involved" when test.Article is null:
                if (!OfficerQuestionAllowed("is involved", test.Span))
                {
                    return null;
                }

                if (operand.Type.Kind != ValueKind.Officer)
                {
                    _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Operand.Span, $"Only an officer can be 'involved', but this is {operand.Type}. Write e.g. actor is not involved");
                    return null;
                }

                return new InvolvedCondition(operand);
        }

        if (operand.Type.Kind == ValueKind.Officer || test.Article is not null || test.Above is not null)
        {
            return BindHoldsRole(test, operand);
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
            if (syntax.Count.Count > 0)
            {
                return BindHappenedCount(name.Parts[0].Text, syntax.Count);
            }

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

        if (syntax is OffsetOperandSyntax offset)
        {
            return BindOffset(offset, scope);
        }

        if (syntax is CaseloadOperandSyntax caseload)
        {
            if (!OfficerQuestionAllowed("caseload of", syntax.Span))
            {
                return null;
            }

            return BindOfficer(caseload.Officer, scope, "have a caseload") is { } officer ? new CaseloadOperand(officer) : null;
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

            if (first.Text == "now")
            {
                return new NowOperand();
            }

            if (first.Text == ActorName)
            {
                return OfficerQuestionAllowed(ActorName, first.Span) ? new ActorOperand() : null;
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
