namespace Policy.Definitions;

/// <summary>
/// A condition over a case: its recorded facts, assigned officers, settings, open deadlines and history.
/// Field names resolve first to the fields of the action being performed, then to the latest value the case has recorded.
/// </summary>
public abstract record Condition;

/// <summary><c>a and b and …</c>: holds when every operand holds (evaluated in order, stopping at the first that does not).</summary>
/// <remarks>A chain is one condition with a list, not a nested pair per <c>and</c>, so no walk recurses on its length.</remarks>
public sealed record AndCondition(IReadOnlyList<Condition> Operands) : Condition;

/// <summary><c>a or b or …</c>: holds when any operand holds (evaluated in order, stopping at the first that does).</summary>
public sealed record OrCondition(IReadOnlyList<Condition> Operands) : Condition;

/// <summary><c>not a</c></summary>
public sealed record NotCondition(Condition Operand) : Condition;

/// <summary>A yes/no value used as a condition: <c>childrenAtRisk</c>.</summary>
public sealed record TruthCondition(Operand Operand) : Condition;

/// <summary><c>grade is Immediate</c>: a choice value is the named option.</summary>
public sealed record IsOptionCondition(Operand Operand, string Choice, string Option) : Condition;

/// <summary><c>reason is set</c>: an optional value was recorded.</summary>
public sealed record IsSetCondition(Operand Operand) : Condition;

/// <summary><c>oic is available</c>: asks the application whether the officer is available now.</summary>
public sealed record IsAvailableCondition(Operand Officer) : Condition;

/// <summary>
/// <c>actor is OIC</c>, <c>soit is a SOIT</c>: the officer holds the role. With <see cref="OnThisCase"/>, the officer is the one
/// assigned the role on this case; otherwise they hold it in the force (the actor's own roles, or for another officer what the
/// application's register of officers' roles says).
/// </summary>
public sealed record HoldsRoleCondition(Operand Officer, string Role, bool OnThisCase) : Condition;

/// <summary><c>actor is involved</c>: the officer holds an assigned role on this case or has acted on it before.</summary>
public sealed record InvolvedCondition(Operand Officer) : Condition;

/// <summary><c>actor has acted before</c>: the officer has performed an action, or recorded a signal, on this case before.</summary>
public sealed record ActedBeforeCondition(Operand Officer) : Condition;

/// <summary><c>VictimUpdate is open</c>: an instance of the deadline is open on the case.</summary>
public sealed record DeadlineOpenCondition(string Deadline) : Condition;

/// <summary><c>ContactVictim since entering UnderReview</c>: the action was performed since the case last entered the state.</summary>
public sealed record HappenedSinceCondition(string Action, string? SinceEntering) : Condition;

/// <summary><c>FirstReview is overdue</c>, <c>FirstReview was breached</c>, <c>FirstReview was met</c>.</summary>
public sealed record DeadlineStatusCondition(string Deadline, DeadlineConditionStatus Status) : Condition;

/// <summary>What a <see cref="DeadlineStatusCondition"/> asks of a deadline.</summary>
public enum DeadlineConditionStatus
{
    /// <summary>An instance is open and past its due time now.</summary>
    Overdue,
    /// <summary>An instance has been breached on this case (at any time, met late or not).</summary>
    Breached,
    /// <summary>An instance has been met on this case (in time or late).</summary>
    Met,
}

/// <summary><c>ReviewDetention happened at least 2 times</c>: how often an action has been performed on the case.</summary>
public sealed record HappenedCountCondition(string Action, CompareOperator Operator, int Count) : Condition;

/// <summary>A comparison: <c>count &gt; 0</c>, <c>channel = "phone"</c>.</summary>
public sealed record CompareCondition(Operand Left, CompareOperator Operator, Operand Right) : Condition;

/// <summary>Comparison operators.</summary>
public enum CompareOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A value in a condition.</summary>
public abstract record Operand(ValueType Type);

/// <summary>A recorded field; <see cref="Path"/> reaches into a choice option's data (<c>decision.reason</c>).</summary>
public sealed record FieldOperand(string Name, IReadOnlyList<string> Path, ValueType Type) : Operand(Type);

/// <summary>The officer assigned to a role on this case.</summary>
public sealed record RoleOperand(string Role) : Operand(new ValueType(ValueKind.Officer));

/// <summary>A setting's value for this case.</summary>
public sealed record SettingOperand(string Setting, ValueType Type) : Operand(Type);

/// <summary>A literal.</summary>
public sealed record LiteralOperand(Value Value) : Operand(Value.Type);

/// <summary><c>now</c>: the moment the condition is evaluated (the action's time, or the deadline's).</summary>
public sealed record NowOperand() : Operand(new ValueType(ValueKind.DateTime));

/// <summary><c>actor</c>: the officer performing the action being decided.</summary>
public sealed record ActorOperand() : Operand(new ValueType(ValueKind.Officer));

/// <summary>
/// <c>caseload of oic</c>: the officer's open caseload, a number: the weights of the other open cases, in the whole store, on which
/// they hold an assigned role (each case once, weighed by its policy's <c>caseload weight</c>, 1 where a policy gives none).
/// </summary>
public sealed record CaseloadOperand(Operand Officer) : Operand(new ValueType(ValueKind.Number));

/// <summary><c>arrivedAt + 24 hours</c>, <c>now - 14 days</c>: a date-time moved by a duration on the policy's calendar.</summary>
public sealed record OffsetOperand(Operand Base, Duration Duration, bool Subtract) : Operand(new ValueType(ValueKind.DateTime));

/// <summary>
/// A literal value in a policy. <see cref="Text"/> is its invariant form: text as written, <c>yes</c>/<c>no</c>,
/// a decimal in invariant culture, <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm</c> (UTC), a choice option's name.
/// Durations carry <see cref="Duration"/>.
/// </summary>
public sealed record Value(ValueType Type, string Text, Duration? Duration = null);
