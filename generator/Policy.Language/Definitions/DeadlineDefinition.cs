namespace Policy.Definitions;

/// <summary>An obligation: when it opens, who must do what by when, and who is told when it is missed.</summary>
/// <param name="Trigger">What opens it.</param>
/// <param name="Role">The role that must act.</param>
/// <param name="Action">The action that meets it.</param>
/// <param name="MetWhere">A condition on what the meeting action recorded; null means any performance meets it.</param>
/// <param name="Within">The due time, measured from the moment it opened (or was last met, for a recurring deadline).</param>
/// <param name="NotBefore">The start of a window: the action performed earlier does not meet it.</param>
/// <param name="StopsWhen">Actions or signals that close it without it being met (it is then cancelled).</param>
/// <param name="StopsOnLeaving">A state whose leaving closes it (always the <c>while</c> state of a recurring deadline).</param>
/// <param name="Escalations">The stages of escalation once it is overdue, in order.</param>
/// <param name="WarnBefore">How long before the due time it counts as due soon; null means a quarter of its length.</param>
/// <param name="CountedOn">
/// The declared calendar its times are counted on (<c>counted on C</c>): hours and days skip the days C leaves out.
/// Null: hours are elapsed time and days calendar days, and working days are those of the policy's calendar.
/// </param>
/// <param name="FromDay">
/// <c>within D beginning with the day</c> (or <c>beginning with</c> an anchor, or <c>from the start of the day</c>): the
/// due time is counted from the start of the day, which itself counts, not from the moment. <c>from the end of the
/// day</c>: counted from the midnight that ends it, so the day itself does not count.
/// </param>
/// <param name="From">
/// Where the law anchors the due time (<c>within 24 hours from arrivedAt</c>, <c>from when FirstReview was due</c>);
/// null: from the moment the deadline opened. An instance whose anchor is not recorded when it would open does not open.
/// </param>
public sealed record DeadlineDefinition(
    string Name,
    string Title,
    DeadlineTrigger Trigger,
    string Role,
    string Action,
    Condition? MetWhere,
    DurationExpression Within,
    DurationExpression? NotBefore,
    IReadOnlyList<string> StopsWhen,
    string? StopsOnLeaving,
    IReadOnlyList<EscalationDefinition> Escalations,
    Duration? WarnBefore,
    IReadOnlyList<Citation> Citations,
    string? CountedOn = null,
    DayBoundary FromDay = DayBoundary.None,
    DeadlineAnchor? From = null,
    ClockStops? Clock = null)
{
    /// <summary>The due time counts from the start of a day, which itself counts (<c>beginning with the day</c>).</summary>
    public bool WithinFromStartOfDay => FromDay == DayBoundary.Start;
}

/// <summary>Whether a deadline counts from the moment it opens (or its anchor's moment) or from a day's boundary.</summary>
public enum DayBoundary
{
    /// <summary>From the moment itself.</summary>
    None,
    /// <summary>From the start of the day (<c>beginning with the day</c>, <c>from the start of the day</c>): the day counts.</summary>
    Start,
    /// <summary>From the end of the day (<c>from the end of the day</c>): the midnight that ends it; the day does not count.</summary>
    End,
}

/// <summary>
/// When a deadline's clock stops and starts again (<c>pauses when</c>, <c>resumes when</c>), and what may excuse it
/// (<c>excused by</c>). A paused instance keeps the time it had left and falls due that long after it resumes.
/// </summary>
/// <param name="Pauses">What pauses every open instance.</param>
/// <param name="Resumes">What resumes every paused instance.</param>
/// <param name="ExcusedBy">An action that closes an open instance as excused, recording its reason; null when none.</param>
/// <param name="ExcuseUntil">
/// How long after the due time the action may still excuse it (<c>excused by A until 2 hours after due</c>); a zero
/// duration is <c>before due</c>; null: while the instance is open.
/// </param>
public sealed record ClockStops(IReadOnlyList<ClockEvent> Pauses, IReadOnlyList<ClockEvent> Resumes, string? ExcusedBy, Duration? ExcuseUntil);

/// <summary>What happens to pause or resume a deadline's clock.</summary>
public enum ClockEventKind
{
    /// <summary><c>when A</c>: an action or signal.</summary>
    When,
    /// <summary><c>on entering S</c></summary>
    Entering,
    /// <summary><c>on leaving S</c></summary>
    Leaving,
}

/// <summary>One thing that pauses or resumes a deadline: an action or signal, or entering or leaving a state.</summary>
public sealed record ClockEvent(ClockEventKind Kind, string Name);

/// <summary>What a deadline's due time is counted from, when not from the moment it opened.</summary>
public enum AnchorKind
{
    /// <summary><c>from arrivedAt</c>: a date-time (or the start of a date) the case records.</summary>
    Field,
    /// <summary><c>from when FirstReview was due</c>: the due time the latest instance of another deadline had when it opened.</summary>
    DeadlineDue,
    /// <summary>
    /// <c>from the latest time FirstReview could have been met</c>: the latest instance's due time after every time its
    /// clock stood still was added (the last moment meeting it would still have been in time).
    /// </summary>
    DeadlineLatest,
}

/// <summary>The anchor of a deadline's due time: a recorded field or another deadline's due time.</summary>
public sealed record DeadlineAnchor(AnchorKind Kind, string Name);

/// <summary>How a deadline opens.</summary>
public enum TriggerKind
{
    /// <summary><c>starts on entering S</c>: each time the case enters state S (for the initial state, when the case is opened).</summary>
    OnEntering,
    /// <summary><c>starts when X</c>: when action or signal X happens, unless an instance is already open.</summary>
    When,
    /// <summary><c>starts each X</c>: a new instance each time action or signal X happens.</summary>
    Each,
    /// <summary><c>every D while S</c>: opens on entering S, restarts each time it is met, closes on leaving S.</summary>
    Recurring,
}

/// <summary>What opens a deadline: a kind and the state, action or signal it names.</summary>
public sealed record DeadlineTrigger(TriggerKind Kind, string Name);

/// <summary>One stage of escalation.</summary>
/// <param name="Role">Who is alerted.</param>
/// <param name="After">How long after the previous stage (after the due time, for the first stage); null means at once.</param>
public sealed record EscalationDefinition(string Role, Duration? After);

/// <summary>The units a duration can be written in.</summary>
public enum DurationUnit
{
    Minutes,
    Hours,
    Days,
    WorkingDays,
    Weeks,
    Months,
}

/// <summary>An amount of a unit, e.g. 1 working day or 28 days. Calendar meaning is defined in docs/deadlines.md.</summary>
public readonly record struct Duration(int Amount, DurationUnit Unit)
{
    /// <summary>
    /// The longest duration a policy may state, in years. Longer ones are refused by the checker (POL0052) and by the
    /// runtime for a setting's override, so that due times, escalations and restarts stay far inside the calendar's range.
    /// </summary>
    public const int MaximumYears = 100;

    /// <summary>True when the amount is not negative and the duration is at most <see cref="MaximumYears"/> long.</summary>
    public bool IsWithinLimit => Amount >= 0 && Enum.IsDefined(typeof(DurationUnit), Unit) && NominalDays <= MaximumYears * 365.25;

    /// <summary>The duration's nominal length in days: a working day as 7/5 of a day (five in a week), a month as a twelfth of a year.</summary>
    public double NominalDays => Unit switch
    {
        DurationUnit.Minutes => Amount / 1440.0,
        DurationUnit.Hours => Amount / 24.0,
        DurationUnit.Days => Amount,
        DurationUnit.WorkingDays => Amount * 7.0 / 5.0,
        DurationUnit.Weeks => Amount * 7.0,
        _ => Amount * (365.25 / 12.0),
    };

    public override string ToString()
    {
        var unit = Unit switch
        {
            DurationUnit.Minutes => "minute",
            DurationUnit.Hours => "hour",
            DurationUnit.Days => "day",
            DurationUnit.WorkingDays => "working day",
            DurationUnit.Weeks => "week",
            _ => "month",
        };
        return Amount == 1 ? $"1 {unit}" : $"{Amount} {unit}s";
    }
}

/// <summary>
/// A duration that may depend on recorded facts: the first case whose condition holds applies;
/// a case without a condition always applies (the <c>otherwise</c> case).
/// </summary>
public sealed record DurationExpression(IReadOnlyList<DurationCase> Cases);

/// <summary>
/// One case of a <see cref="DurationExpression"/>: a fixed duration, a setting, or a duration the case records
/// (<paramref name="Field"/>, its latest value), and an optional condition. A recorded duration not yet recorded does
/// not apply, like a case whose condition does not hold.
/// </summary>
public sealed record DurationCase(Duration? Fixed, string? Setting, Condition? When, string? Field = null);
