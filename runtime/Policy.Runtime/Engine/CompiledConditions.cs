using Policy.Definitions;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>A condition bound to the policy's indices, evaluated without allocating.</summary>
internal abstract class CompiledCondition
{
    public abstract bool Evaluate(in EvaluationContext context);
}

/// <summary>A value in a compiled condition.</summary>
internal abstract class CompiledOperand
{
    public abstract OperandValue Evaluate(in EvaluationContext context);
}

/// <summary>Every operand holds; a loop, not a nesting, so a chain of any length evaluates without deep recursion.</summary>
internal sealed class AndCompiled(CompiledCondition[] operands) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        foreach (var operand in operands)
        {
            if (!operand.Evaluate(context))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Some operand holds.</summary>
internal sealed class OrCompiled(CompiledCondition[] operands) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(context))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class NotCompiled(CompiledCondition operand) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => !operand.Evaluate(context);
}

internal sealed class TruthCompiled(CompiledOperand operand) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = operand.Evaluate(context);
        return value.HasValue && value.Scalar == 1;
    }
}

internal sealed class IsOptionCompiled(CompiledOperand operand, string option) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = operand.Evaluate(context);
        return value.HasValue && string.Equals(value.Text, option, StringComparison.Ordinal);
    }
}

internal sealed class IsSetCompiled(CompiledOperand operand) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => operand.Evaluate(context).HasValue;
}

internal sealed class IsAvailableCompiled(CompiledOperand officer) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = officer.Evaluate(context);
        if (!value.HasValue || value.Text is null)
        {
            // Nobody named: nobody to be available.
            return false;
        }

        // Without an availability source every officer counts as available; the application opts in to absence checks.
        return context.Availability?.IsAvailable(value.Text, context.Now) ?? true;
    }
}

internal sealed class DeadlineOpenCompiled(int deadline) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => context.State.IsDeadlineOpen(deadline);
}

internal sealed class DeadlineStatusCompiled(int deadline, DeadlineConditionStatus status) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => status switch
    {
        DeadlineConditionStatus.Overdue => context.State.IsDeadlineOverdue(deadline, context.Now),
        DeadlineConditionStatus.Breached => context.State.BreachCount(deadline) > 0,
        _ => context.State.MetCount(deadline) > 0,
    };
}

internal sealed class HappenedCountCompiled(int action, CompareOperator op, int count) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => OperandValue.Holds(op, context.State.PerformedCount(action).CompareTo(count));
}

/// <summary><c>actor is OIC</c>, <c>soit is a SOIT</c>: the officer is the case's holder of an assigned role, or holds the role in the force.</summary>
internal sealed class HoldsRoleCompiled(CompiledOperand officer, int role, string roleName, bool onThisCase) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = officer.Evaluate(context);
        if (!value.HasValue || value.Text is null)
        {
            return false;
        }

        return onThisCase
            ? string.Equals(context.State.AssignedOfficerAt(role), value.Text, StringComparison.Ordinal)
            : context.HoldsRole(value.Text, roleName);
    }
}

/// <summary><c>actor is involved</c>: holds an assigned role on the case, or has acted on it.</summary>
internal sealed class InvolvedCompiled(CompiledOperand officer) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = officer.Evaluate(context);
        return value.HasValue && value.Text is not null && context.State.IsInvolved(value.Text);
    }
}

/// <summary><c>actor has acted before</c></summary>
internal sealed class ActedBeforeCompiled(CompiledOperand officer) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var value = officer.Evaluate(context);
        return value.HasValue && value.Text is not null && context.State.HasActed(value.Text);
    }
}

/// <summary><c>actor</c>: the officer performing the action; no value where nobody acts.</summary>
internal sealed class ActorCompiled : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context) =>
        context.Actor is { } actor ? OperandValue.OfText(ValueKind.Officer, actor.Id) : default;
}

/// <summary><c>caseload of oic</c>: from the caseloads read before deciding; no value when unknown, so a limit is never passed unread.</summary>
internal sealed class CaseloadCompiled(CompiledOperand officer) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context)
    {
        var value = officer.Evaluate(context);
        if (!value.HasValue || value.Text is null || context.Caseloads?.CaseloadOf(value.Text) is not { } caseload)
        {
            return default;
        }

        return OperandValue.OfNumber(caseload);
    }
}

/// <summary><c>now</c>: the time of the action or deadline step being decided.</summary>
internal sealed class NowCompiled : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context) => OperandValue.OfInstant(context.Now);
}

/// <summary><c>arrivedAt + 24 hours</c>: a date-time moved on the policy's calendar; unrecorded stays unrecorded.</summary>
internal sealed class OffsetCompiled(CompiledOperand operand, Duration duration, bool subtract) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context)
    {
        var value = operand.Evaluate(context);
        if (!value.HasValue || value.Kind != ValueKind.DateTime)
        {
            return default;
        }

        var instant = new DateTimeOffset(value.Scalar, TimeSpan.Zero);
        var calendar = context.State.Policy.Calendar;
        if (duration.Unit == DurationUnit.WorkingDays && calendar is Policy.Runtime.Time.ZonedCalendar { CountsWorkingDays: false })
        {
            return default;
        }

        return OperandValue.OfInstant(subtract ? Policy.Runtime.Time.CalendarArithmetic.Subtract(calendar, instant, duration) : calendar.Add(instant, duration));
    }
}

internal sealed class HappenedSinceCompiled(int action, int sinceEnteringState) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var performed = context.State.LastPerformedAt(action);
        if (performed is null)
        {
            return false;
        }

        if (sinceEnteringState < 0)
        {
            return true;
        }

        var entered = context.State.LastEnteredAt(sinceEnteringState);
        return entered is not null && performed.Value >= entered.Value;
    }
}

internal sealed class CompareCompiled(CompiledOperand left, CompareOperator op, CompiledOperand right) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context)
    {
        var l = left.Evaluate(context);
        var r = right.Evaluate(context);
        if (l is { HasValue: true, Kind: ValueKind.Duration } && r is { HasValue: true, Kind: ValueKind.Duration } && l.Duration.Unit != r.Duration.Unit
            && DurationsAtRealDates.TryOrder(context.State.Policy.Calendar, context.Now, l.Duration, r.Duration, out var order))
        {
            return OperandValue.Holds(op, order);
        }

        return OperandValue.Compare(l, op, r);
    }
}

internal sealed class ConstantCompiled(bool value) : CompiledCondition
{
    public override bool Evaluate(in EvaluationContext context) => value;
}

/// <summary>A recorded field, optionally reaching into a choice option's own fields.</summary>
internal sealed class FieldCompiled(int slot, string[] path, ValueKind kind) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context)
    {
        var value = context.Field(slot);
        for (var i = 0; i < path.Length && value is not null; i++)
        {
            // A path only reaches into the option that was chosen; another option has no such part.
            value = value.Fields is { } fields && fields.TryGetValue(path[i], out var inner) ? inner : null;
        }

        return OperandValue.From(value, kind);
    }
}

internal sealed class RoleCompiled(int role) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context) =>
        context.State.AssignedOfficerAt(role) is { } officer ? OperandValue.OfText(ValueKind.Officer, officer) : default;
}

internal sealed class SettingCompiled(int setting) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context) => context.State.SettingValueAt(setting);
}

internal sealed class LiteralCompiled(OperandValue value) : CompiledOperand
{
    public override OperandValue Evaluate(in EvaluationContext context) => value;
}

/// <summary>
/// Durations in different units compared as the law compares them: by where they end when counted from the same
/// moment on the policy's calendar, so that 25 working days (five weeks) is more than 28 days, and a month from
/// 31 January is shorter than 30 days. Working days on a calendar that has none are compared by nominal length.
/// </summary>
internal static class DurationsAtRealDates
{
    public static bool TryOrder(Policy.Runtime.Time.IWorkingCalendar calendar, DateTimeOffset now, Duration left, Duration right, out int order)
    {
        order = 0;
        if ((left.Unit == DurationUnit.WorkingDays || right.Unit == DurationUnit.WorkingDays) && calendar is Policy.Runtime.Time.ZonedCalendar { CountsWorkingDays: false })
        {
            return false;
        }

        if (!left.IsWithinLimit || !right.IsWithinLimit)
        {
            return false;
        }

        order = calendar.Add(now, left).CompareTo(calendar.Add(now, right));
        return true;
    }
}
