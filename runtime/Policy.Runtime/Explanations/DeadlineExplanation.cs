using Policy.Definitions;

namespace Policy.Runtime.Explanations;

/// <summary>
/// Why an open deadline is due when it is: what started it and when, the policy's rule and its clause, the duration
/// that applied and why, what it is counted from, the calendar, and which days that calendar skipped. Made by
/// <see cref="DeadlineExplanations.Explain"/> from the case's own events, so every reader (the application, the
/// <c>policy</c> tool) gives the same account.
/// </summary>
/// <param name="Start">The event that opened (or last restarted) this instance.</param>
/// <param name="Within">The duration that applied.</param>
/// <param name="WithinSetting">The setting the duration came from, when it did (its current value on the case at the start).</param>
/// <param name="WithinField">The recorded field the duration came from, when it did.</param>
/// <param name="WithinCondition">The <c>when</c> condition that held and chose this duration among several; null when there was no choice.</param>
/// <param name="CountedFrom">The instant the duration is counted from: the start, or the anchor (<c>from ...</c>).</param>
/// <param name="Anchor">What <paramref name="CountedFrom"/> is when it is not the start (<c>from ...</c>): a recorded field, or another deadline's due time.</param>
/// <param name="FromDay">Whether the count begins with the start's day or after it.</param>
/// <param name="Calendar">The calendar's name (e.g. <c>england-and-wales</c>).</param>
/// <param name="SkipsDays">True when the count skips the days the calendar does not work (working days, or <c>counted on</c>).</param>
/// <param name="SkippedDays">The days between the count's start and the due time that the count skipped, with why.</param>
/// <param name="ComputedDueAt">The due time the rule gives.</param>
/// <param name="DueAt">The due time now: later than <paramref name="ComputedDueAt"/> by the time its clock stood still.</param>
public sealed record DeadlineExplanation(
    string Deadline,
    string Title,
    int Instance,
    string Role,
    string Action,
    DeadlineStart Start,
    Duration Within,
    string? WithinSetting,
    string? WithinField,
    Condition? WithinCondition,
    DateTimeOffset CountedFrom,
    DeadlineAnchor? Anchor,
    DayBoundary FromDay,
    string Calendar,
    bool SkipsDays,
    IReadOnlyList<SkippedDay> SkippedDays,
    DateTimeOffset ComputedDueAt,
    DateTimeOffset DueAt,
    IReadOnlyList<Citation> Citations)
{
    /// <summary>How long the deadline's clock has stood still (<c>pauses when</c>), moving its due time on.</summary>
    public TimeSpan PausedFor => DueAt - ComputedDueAt;
}

/// <summary>What opened a deadline instance.</summary>
/// <param name="Trigger">How the policy starts it: on entering a state, when an action or signal happens, each time, or recurring.</param>
/// <param name="Name">The state, action or signal the trigger names.</param>
/// <param name="At">When it started.</param>
/// <param name="ActorId">Who performed the event that started it, when a person did.</param>
/// <param name="EventName">The event that started it (an action or signal, or the opening of the case).</param>
public sealed record DeadlineStart(TriggerKind Trigger, string Name, DateTimeOffset At, string? ActorId, string? EventName);

/// <summary>A day the count skipped: a weekend day, a bank holiday (named), or a day the policy's own calendar does not work.</summary>
public sealed record SkippedDay(DateOnly Date, string Reason);
