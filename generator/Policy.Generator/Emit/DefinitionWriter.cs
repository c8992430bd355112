using System.Text;
using Policy.Definitions;

namespace Policy.Generator.Emit;

/// <summary>
/// Writes a <see cref="PolicyDefinition"/> as a C# expression that rebuilds it exactly: the generated workflow's static
/// description. Nested conditions are written recursively; the depth is bounded by the parser's nesting limit.
/// </summary>
internal static class DefinitionWriter
{
    private const string Ns = "global::Policy.Definitions.";

    /// <summary>The expression is placed on a property of the generated class, three levels deep.</summary>
    private const int Base = 3;

    public static string Write(PolicyDefinition policy)
    {
        var w = new StringBuilder();
        w.Append("new ").Append(Ns).Append("PolicyDefinition(\n");
        Line(w, Base, Str(policy.Name) + ",");
        Line(w, Base, Str(policy.Title) + ",");
        Line(w, Base, Str(policy.Version) + ",");
        Line(w, Base, Str(policy.Effective) + ",");
        Line(w, Base, Str(policy.Calendar) + ",");
        List(w, Base, "SourceDefinition", policy.Sources, s => $"new {Ns}SourceDefinition({Str(s.Id)}, {Str(s.Title)})", ",");
        List(w, Base, "RoleDefinition", policy.Roles, r => $"new {Ns}RoleDefinition({Str(r.Name)}, {Str(r.Title)}, {Bool(r.IsAssigned)})", ",");
        List(w, Base, "ChoiceDefinition", policy.Choices, Choice, ",");
        List(w, Base, "StateDefinition", policy.States, s => $"new {Ns}StateDefinition({Str(s.Name)}, {Str(s.Title)}, {Bool(s.IsInitial)}, {Bool(s.IsFinal)})", ",");
        List(w, Base, "ActionDefinition", policy.Actions, Action, ",");
        List(w, Base, "SignalDefinition", policy.Signals, s => $"new {Ns}SignalDefinition({Str(s.Name)}, {Str(s.Title)}, {Fields(s.Fields)}, {Str(s.AbsenceOfRole)})", ",");
        List(w, Base, "SettingDefinition", policy.Settings, s => $"new {Ns}SettingDefinition({Str(s.Name)}, {Str(s.Title)}, {Type(s.Type)}, {Value(s.DefaultValue)}, {Citations(s.Citations)}, {Strings(s.ChangedBy)})", ",");
        List(w, Base, "DeadlineDefinition", policy.Deadlines, Deadline, ",");
        List(w, Base, "RuleDefinition", policy.Rules, r => $"new {Ns}RuleDefinition({Str(r.Name)}, {Strings(r.Forbidden)}, {Ns}RuleMode.{r.Mode}, {Condition(r.Condition)}, {Str(r.Message)}, {Citations(r.Citations)})", ",");
        var trailing = new List<string>();
        if (policy.Access is { } access)
        {
            var readers = Array("ReaderDefinition", access.Readers, r => $"new {Ns}ReaderDefinition({Strings(r.Roles)}, {Str(r.Purposes)}, {Str(r.FlaggedTo)})");
            trailing.Add($"access: new {Ns}AccessDefinition({Str(access.Name)}, {Str(access.Title)}, {readers}, {Citations(access.Citations)})");
        }

        if (policy.Ranks.Count > 0)
        {
            trailing.Add("ranks: " + Strings(policy.Ranks));
        }

        if (policy.Caseload is { } caseload)
        {
            var cases = Array("CaseloadWeightCase", caseload.Cases, c => $"new {Ns}CaseloadWeightCase({c.Weight.ToString(global::System.Globalization.CultureInfo.InvariantCulture)}m, {(c.When is null ? "null" : Condition(c.When))})");
            trailing.Add($"caseload: new {Ns}CaseloadWeightDefinition({cases}, {Citations(caseload.Citations)})");
        }

        List(w, Base, "CalendarDefinition", policy.Calendars, Calendar, trailing.Count == 0 ? ")" : ",");
        for (var i = 0; i < trailing.Count; i++)
        {
            Line(w, Base, trailing[i] + (i == trailing.Count - 1 ? ")" : ","));
        }

        // The last line ends the constructor call; the template adds the semicolon.
        return w.ToString().TrimEnd('\n');
    }

    private static void Line(StringBuilder w, int indent, string text) => w.Append(' ', indent * 4).Append(text).Append('\n');

    private static void List<T>(StringBuilder w, int indent, string type, IReadOnlyList<T> items, Func<T, string> write, string end)
    {
        if (items.Count == 0)
        {
            Line(w, indent, $"global::System.Array.Empty<{Ns}{type}>(){end}");
            return;
        }

        Line(w, indent, $"new {Ns}{type}[]");
        Line(w, indent, "{");
        foreach (var item in items)
        {
            Line(w, indent + 1, write(item) + ",");
        }

        Line(w, indent, "}" + end);
    }

    private static string Str(string? text) => CSharp.Literal(text);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Strings(IReadOnlyList<string> items) =>
        items.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", items.Select(Str)) + " }";

    private static string Array<T>(string type, IReadOnlyList<T> items, Func<T, string> write) =>
        items.Count == 0 ? $"global::System.Array.Empty<{Ns}{type}>()" : $"new {Ns}{type}[] {{ " + string.Join(", ", items.Select(write)) + " }";

    private static string Type(Definitions.ValueType type) =>
        type.ChoiceName is null ? $"new {Ns}ValueType({Ns}ValueKind.{type.Kind})" : $"new {Ns}ValueType({Ns}ValueKind.{type.Kind}, {Str(type.ChoiceName)})";

    private static string Fields(IReadOnlyList<FieldDefinition> fields) =>
        Array("FieldDefinition", fields, f => $"new {Ns}FieldDefinition({Str(f.Name)}, {Type(f.Type)}, {Bool(f.IsOptional)})");

    private static string Citations(IReadOnlyList<Citation> citations) =>
        Array("Citation", citations, c => $"new {Ns}Citation({Str(c.SourceId)}, {Str(c.Clause)})");

    private static string Duration(Duration? duration) =>
        duration is { } d ? $"new {Ns}Duration({d.Amount}, {Ns}DurationUnit.{d.Unit})" : "null";

    private static string Value(Value value) =>
        value.Duration is { } d
            ? $"new {Ns}Value({Type(value.Type)}, {Str(value.Text)}, {Duration(d)})"
            : $"new {Ns}Value({Type(value.Type)}, {Str(value.Text)})";

    private static string Choice(ChoiceDefinition choice) =>
        $"new {Ns}ChoiceDefinition({Str(choice.Name)}, " + Array("ChoiceOptionDefinition", choice.Options, o => $"new {Ns}ChoiceOptionDefinition({Str(o.Name)}, {Fields(o.Fields)})") + ")";

    private static string Action(ActionDefinition action) =>
        $"new {Ns}ActionDefinition({Str(action.Name)}, {Str(action.Title)}, {Strings(action.Roles)}, {Strings(action.FromStates)}, {Str(action.ToState)}, "
        + $"{Fields(action.Fields)}, "
        + Array("RequirementDefinition", action.Requirements, r => $"new {Ns}RequirementDefinition({Condition(r.Condition)}, {Str(r.Message)}, {Citations(r.Citations)})") + ", "
        + Array("AssignmentDefinition", action.Assignments, a => a.Message is null ? $"new {Ns}AssignmentDefinition({Str(a.Role)}, {Str(a.Field)})" : $"new {Ns}AssignmentDefinition({Str(a.Role)}, {Str(a.Field)}, {Str(a.Message)}, {Citations(a.Citations ?? [])})") + ", "
        + Array("NotificationDefinition", action.Notifications, n => $"new {Ns}NotificationDefinition({Str(n.Role)}, {Str(n.Message)})") + ", "
        + $"{Citations(action.Citations)}, {Str(action.WhenDue)})";

    private static string Deadline(DeadlineDefinition d) =>
        $"new {Ns}DeadlineDefinition({Str(d.Name)}, {Str(d.Title)}, new {Ns}DeadlineTrigger({Ns}TriggerKind.{d.Trigger.Kind}, {Str(d.Trigger.Name)}), "
        + $"{Str(d.Role)}, {Str(d.Action)}, {(d.MetWhere is null ? "null" : Condition(d.MetWhere))}, {DurationExpression(d.Within)}, "
        + $"{(d.NotBefore is null ? "null" : DurationExpression(d.NotBefore))}, {Strings(d.StopsWhen)}, {Str(d.StopsOnLeaving)}, "
        + Array("EscalationDefinition", d.Escalations, e => $"new {Ns}EscalationDefinition({Str(e.Role)}, {Duration(e.After)})") + ", "
        + $"{Duration(d.WarnBefore)}, {Citations(d.Citations)}, {Str(d.CountedOn)}, {Ns}DayBoundary.{d.FromDay}, "
        + (d.From is { } from ? $"new {Ns}DeadlineAnchor({Ns}AnchorKind.{from.Kind}, {Str(from.Name)})" : "null") + ", "
        + (d.Clock is { } clock
            ? $"new {Ns}ClockStops({ClockEvents(clock.Pauses)}, {ClockEvents(clock.Resumes)}, {Str(clock.ExcusedBy)}, {Duration(clock.ExcuseUntil)}))"
            : "null)");

    private static string ClockEvents(IReadOnlyList<ClockEvent> events) =>
        Array("ClockEvent", events, e => $"new {Ns}ClockEvent({Ns}ClockEventKind.{e.Kind}, {Str(e.Name)})");

    private static string Calendar(CalendarDefinition c) =>
        $"new {Ns}CalendarDefinition({Str(c.Name)}, {Str(c.Title)}, {Ns}CalendarCounts.{c.Counts}, "
        + (c.Except.Count == 0 ? $"global::System.Array.Empty<{Ns}CalendarDay>()" : $"new {Ns}CalendarDay[] {{ " + string.Join(", ", c.Except.Select(d => $"{Ns}CalendarDay.{d}")) + " }")
        + $", {Citations(c.Citations)})";

    private static string DurationExpression(DurationExpression expression) =>
        $"new {Ns}DurationExpression(" + Array("DurationCase", expression.Cases, c => $"new {Ns}DurationCase({Duration(c.Fixed)}, {Str(c.Setting)}, {(c.When is null ? "null" : Condition(c.When))}, {Str(c.Field)})") + ")";

    private static string Condition(Condition condition) => condition switch
    {
        AndCondition a => $"new {Ns}AndCondition(" + Array("Condition", a.Operands, Condition) + ")",
        OrCondition o => $"new {Ns}OrCondition(" + Array("Condition", o.Operands, Condition) + ")",
        NotCondition n => $"new {Ns}NotCondition({Condition(n.Operand)})",
        TruthCondition t => $"new {Ns}TruthCondition({Operand(t.Operand)})",
        IsOptionCondition i => $"new {Ns}IsOptionCondition({Operand(i.Operand)}, {Str(i.Choice)}, {Str(i.Option)})",
        IsSetCondition s => $"new {Ns}IsSetCondition({Operand(s.Operand)})",
        IsAvailableCondition a => $"new {Ns}IsAvailableCondition({Operand(a.Officer)})",
        DeadlineOpenCondition d => $"new {Ns}DeadlineOpenCondition({Str(d.Deadline)})",
        HappenedSinceCondition h => $"new {Ns}HappenedSinceCondition({Str(h.Action)}, {Str(h.SinceEntering)})",
        CompareCondition c => $"new {Ns}CompareCondition({Operand(c.Left)}, {Ns}CompareOperator.{c.Operator}, {Operand(c.Right)})",
        DeadlineStatusCondition d => $"new {Ns}DeadlineStatusCondition({Str(d.Deadline)}, {Ns}DeadlineConditionStatus.{d.Status})",
        HappenedCountCondition h => $"new {Ns}HappenedCountCondition({Str(h.Action)}, {Ns}CompareOperator.{h.Operator}, {h.Count})",
        HoldsRoleCondition h => $"new {Ns}HoldsRoleCondition({Operand(h.Officer)}, {Str(h.Role)}, {Bool(h.OnThisCase)})",
        InvolvedCondition i => $"new {Ns}InvolvedCondition({Operand(i.Officer)})",
        ActedBeforeCondition a => $"new {Ns}ActedBeforeCondition({Operand(a.Officer)})",
        _ => throw new NotSupportedException($"Condition {condition.GetType().Name} has no C# form."),
    };

    private static string Operand(Operand operand) => operand switch
    {
        FieldOperand f => $"new {Ns}FieldOperand({Str(f.Name)}, {Strings(f.Path)}, {Type(f.Type)})",
        RoleOperand r => $"new {Ns}RoleOperand({Str(r.Role)})",
        SettingOperand s => $"new {Ns}SettingOperand({Str(s.Setting)}, {Type(s.Type)})",
        LiteralOperand l => $"new {Ns}LiteralOperand({Value(l.Value)})",
        NowOperand => $"new {Ns}NowOperand()",
        ActorOperand => $"new {Ns}ActorOperand()",
        CaseloadOperand c => $"new {Ns}CaseloadOperand({Operand(c.Officer)})",
        OffsetOperand o => $"new {Ns}OffsetOperand({Operand(o.Base)}, {Duration(o.Duration)}, {Bool(o.Subtract)})",
        _ => throw new NotSupportedException($"Operand {operand.GetType().Name} has no C# form."),
    };
}
