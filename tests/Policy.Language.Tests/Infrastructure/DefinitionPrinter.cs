using System.Text;
using Policy.Definitions;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// Prints a <see cref="PolicyDefinition"/> in a form close to the policy language, but with everything the binder
/// decided made explicit: operands in braces say what a name resolved to and its type (<c>{field grade: Grade}</c>,
/// <c>{role OIC}</c>, <c>{setting ExtendedTarget: duration}</c>, <c>{number 3}</c>), conditions are fully bracketed,
/// and defaults (titles, a missing 'otherwise') are shown as they were lowered.
/// </summary>
internal static class DefinitionPrinter
{
    public static string Print(PolicyDefinition policy)
    {
        var output = new StringBuilder();
        output.AppendLine($"policy {policy.Name} {Quote(policy.Title)}");
        output.AppendLine($"  version {Quote(policy.Version)}");
        output.AppendLine($"  effective {policy.Effective ?? "(none)"}");
        output.AppendLine($"  calendar {policy.Calendar ?? "(none)"}");

        Section(output, "sources", policy.Sources, s => [$"{s.Id} {Quote(s.Title)}"]);
        Section(output, "calendars", policy.Calendars, c => [$"{c.Name} {Quote(c.Title)} counts {c.Counts}{(c.Except.Count > 0 ? " except " + string.Join(", ", c.Except) : string.Empty)}{Cites(c.Citations)}"]);
        Section(output, "roles", policy.Roles, r => [$"{r.Name} {Quote(r.Title)}{(r.IsAssigned ? " assigned" : string.Empty)}"]);
        Section(output, "choices", policy.Choices, c => [$"{c.Name} {{ {string.Join(", ", c.Options.Select(Option))} }}"]);
        Section(output, "states", policy.States, s => [$"{s.Name} {Quote(s.Title)}{(s.IsInitial ? " initial" : string.Empty)}{(s.IsFinal ? " final" : string.Empty)}"]);
        Section(output, "settings", policy.Settings, s => [$"{s.Name}: {s.Type} = {Value(s.DefaultValue)} {Quote(s.Title)}{Cites(s.Citations)}"]);
        Section(output, "signals", policy.Signals, Signal);
        Section(output, "actions", policy.Actions, Action);
        Section(output, "deadlines", policy.Deadlines, Deadline);
        Section(output, "rules", policy.Rules, Rule);
        if (policy.Caseload is { } caseload)
        {
            output.AppendLine("caseload weight " + string.Join(", ", caseload.Cases.Select(c => c.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture) + (c.When is { } when ? " when " + Condition(when) : string.Empty))) + Cites(caseload.Citations));
        }

        if (policy.Ranks.Count > 0)
        {
            output.AppendLine($"ranks {string.Join(" < ", policy.Ranks)}");
        }

        if (policy.Access is { } access)
        {
            output.AppendLine($"access {access.Name} {Quote(access.Title)}{Cites(access.Citations)}");
            foreach (var reader in access.Readers)
            {
                output.AppendLine($"  read by {string.Join(", ", reader.Roles)}{(reader.Purposes is { } p ? " for " + p : string.Empty)}{(reader.FlaggedTo is { } f ? " flagged to " + f : string.Empty)}");
            }
        }

        return output.ToString();
    }

    private static void Section<T>(StringBuilder output, string title, IReadOnlyList<T> items, Func<T, IEnumerable<string>> lines)
    {
        output.AppendLine($"{title} ({items.Count})");
        foreach (var item in items)
        {
            var first = true;
            foreach (var line in lines(item))
            {
                output.Append(first ? "  " : "    ").AppendLine(line);
                first = false;
            }
        }
    }

    private static IEnumerable<string> Signal(SignalDefinition signal)
    {
        yield return $"{signal.Name} {Quote(signal.Title)}";
        if (signal.AbsenceOfRole is { } role)
        {
            yield return $"on absence of {role}";
        }

        if (signal.Fields.Count > 0)
        {
            yield return $"record {Fields(signal.Fields)}";
        }
    }

    private static IEnumerable<string> Action(ActionDefinition action)
    {
        yield return $"{action.Name} {Quote(action.Title)}";
        yield return $"by {string.Join(", ", action.Roles)}";
        yield return action.ToState is { } to
            ? $"from {string.Join(", ", action.FromStates)} to {to}"
            : $"in {string.Join(", ", action.FromStates)}";
        if (action.Fields.Count > 0)
        {
            yield return $"record {Fields(action.Fields)}";
        }

        foreach (var requirement in action.Requirements)
        {
            yield return $"require {Condition(requirement.Condition)} {Quote(requirement.Message)}{Cites(requirement.Citations)}";
        }

        foreach (var assignment in action.Assignments)
        {
            yield return $"assign {assignment.Role} = {assignment.Field}" + (assignment.Message is { } message ? $" {Quote(message)}{Cites(assignment.Citations ?? [])}" : string.Empty);
        }

        foreach (var notification in action.Notifications)
        {
            yield return $"notify {notification.Role} {Quote(notification.Message)}";
        }

        foreach (var cite in action.Citations)
        {
            yield return Cite(cite);
        }
    }

    private static IEnumerable<string> Deadline(DeadlineDefinition deadline)
    {
        yield return $"{deadline.Name} {Quote(deadline.Title)}";
        yield return deadline.Trigger.Kind switch
        {
            TriggerKind.OnEntering => $"starts on entering {deadline.Trigger.Name}",
            TriggerKind.When => $"starts when {deadline.Trigger.Name}",
            TriggerKind.Each => $"starts each {deadline.Trigger.Name}",
            _ => $"every {Duration(deadline.Within)} while {deadline.Trigger.Name}",
        };
        yield return $"{deadline.Role} must {deadline.Action}{(deadline.MetWhere is { } where ? " where " + Condition(where) : string.Empty)}";
        if (deadline.Trigger.Kind != TriggerKind.Recurring)
        {
            yield return $"within {Duration(deadline.Within)}{Origin(deadline)}";
        }

        if (deadline.CountedOn is { } calendar)
        {
            yield return $"counted on {calendar}";
        }

        if (deadline.NotBefore is { } notBefore)
        {
            yield return $"not before {Duration(notBefore)}";
        }

        if (deadline.StopsWhen.Count > 0)
        {
            yield return $"stops when {string.Join(", ", deadline.StopsWhen)}";
        }

        if (deadline.StopsOnLeaving is { } leaving)
        {
            yield return $"stops on leaving {leaving}";
        }

        if (deadline.Escalations.Count > 0)
        {
            yield return "escalate " + string.Join(", then ", deadline.Escalations.Select(e => $"to {e.Role}{(e.After is { } after ? $" after {after}" : string.Empty)}"));
        }

        yield return deadline.WarnBefore is { } warn ? $"warn {warn} before" : "warn (a quarter of its length) before";
        foreach (var cite in deadline.Citations)
        {
            yield return Cite(cite);
        }
    }

    private static IEnumerable<string> Rule(RuleDefinition rule)
    {
        var mode = rule.Mode == RuleMode.Unless ? "unless" : "while";
        yield return rule.Name;
        yield return $"forbid {string.Join(", ", rule.Forbidden)} {mode} {Condition(rule.Condition)} {Quote(rule.Message)}";
        foreach (var cite in rule.Citations)
        {
            yield return Cite(cite);
        }
    }

    private static string Option(ChoiceOptionDefinition option) =>
        option.Fields.Count == 0 ? option.Name : $"{option.Name}({Fields(option.Fields)})";

    private static string Fields(IEnumerable<FieldDefinition> fields) =>
        string.Join(", ", fields.Select(f => $"{f.Name}: {f.Type}{(f.IsOptional ? " optional" : string.Empty)}"));

    private static string Duration(DurationExpression expression) =>
        expression.Cases.Count == 0
            ? "(none)"
            : string.Join(", ", expression.Cases.Select(c =>
                (c.When is null && expression.Cases.Count > 1 ? "otherwise " : string.Empty)
                + (c.Fixed is { } fixedDuration ? fixedDuration.ToString() : $"{{setting {c.Setting}}}")
                + (c.When is { } when ? " when " + Condition(when) : string.Empty)));

    internal static string Condition(Condition condition) => condition switch
    {
        AndCondition and => "(" + string.Join(" and ", and.Operands.Select(Condition)) + ")",
        OrCondition or => "(" + string.Join(" or ", or.Operands.Select(Condition)) + ")",
        NotCondition { Operand: AndCondition or OrCondition } not => $"not {Condition(not.Operand)}",
        NotCondition not => $"not ({Condition(not.Operand)})",
        TruthCondition truth => Operand(truth.Operand),
        IsOptionCondition option => $"{Operand(option.Operand)} is {option.Choice}.{option.Option}",
        IsSetCondition set => $"{Operand(set.Operand)} is set",
        IsAvailableCondition available => $"{Operand(available.Officer)} is available",
        DeadlineOpenCondition open => $"{{deadline {open.Deadline}}} is open",
        DeadlineStatusCondition status => $"{{deadline {status.Deadline}}} {status.Status}",
        HappenedCountCondition count => $"{{action {count.Action}}} happened {count.Operator} {count.Count} times",
        HappenedSinceCondition { SinceEntering: { } state } since => $"{{action {since.Action}}} happened since entering {state}",
        HappenedSinceCondition happened => $"{{action {happened.Action}}} happened",
        CompareCondition compare => $"{Operand(compare.Left)} {Operator(compare.Operator)} {Operand(compare.Right)}",
        HoldsRoleCondition { OnThisCase: true } holds => $"{Operand(holds.Officer)} is the case's {{role {holds.Role}}}",
        HoldsRoleCondition holds => $"{Operand(holds.Officer)} holds {{role {holds.Role}}}",
        InvolvedCondition involved => $"{Operand(involved.Officer)} is involved",
        ActedBeforeCondition acted => $"{Operand(acted.Officer)} has acted before",
        _ => $"<{condition.GetType().Name}>",
    };

    private static string Operator(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "=",
        CompareOperator.NotEqual => "!=",
        CompareOperator.Less => "<",
        CompareOperator.LessOrEqual => "<=",
        CompareOperator.Greater => ">",
        _ => ">=",
    };

    private static string Operand(Operand operand) => operand switch
    {
        FieldOperand field => $"{{field {string.Join(".", field.Path.Prepend(field.Name))}: {field.Type}}}",
        RoleOperand role => $"{{role {role.Role}}}",
        SettingOperand setting => $"{{setting {setting.Setting}: {setting.Type}}}",
        LiteralOperand literal => $"{{{literal.Type} {Value(literal.Value)}}}",
        NowOperand => "{now}",
        ActorOperand => "{actor}",
        CaseloadOperand caseload => $"{{caseload of {Operand(caseload.Officer)}}}",
        OffsetOperand offset => $"({Operand(offset.Base)} {(offset.Subtract ? "-" : "+")} {offset.Duration})",
        _ => $"<{operand.GetType().Name}>",
    };

    private static string Value(Value value) => value.Type.Kind == ValueKind.Text ? Quote(value.Text) : value.Text;

    private static string Cites(IReadOnlyList<Citation> citations) => string.Concat(citations.Select(c => " " + Cite(c)));

    private static string Cite(Citation citation) => $"cite {citation.SourceId} {Quote(citation.Clause)}";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>What the due time counts from, as the checker understood it.</summary>
    private static string Origin(DeadlineDefinition deadline)
    {
        var day = deadline.FromDay switch
        {
            DayBoundary.Start => " beginning with the day",
            DayBoundary.End => " from the end of the day",
            _ => string.Empty,
        };
        return deadline.From switch
        {
            null => day,
            { Kind: AnchorKind.Field } field => deadline.FromDay switch
            {
                DayBoundary.Start => $" beginning with {field.Name}",
                DayBoundary.End => $"{day} of {field.Name}",
                _ => $" from {field.Name}",
            },
            { Kind: AnchorKind.DeadlineDue } due => $" from when {due.Name} was due",
            { } latest => $" from the latest time {latest.Name} could have been met",
        };
    }
}
