using Policy.Definitions;

namespace Policy.Runtime.Time;

/// <summary>
/// Adds policy durations to instants. Instants are UTC; calendar arithmetic happens in the calendar's time zone
/// (Europe/London for England and Wales). The exact meanings are written down in docs/deadlines.md.
/// </summary>
public interface IWorkingCalendar
{
    /// <summary>The calendar's name as a policy writes it, e.g. <c>england-and-wales</c>.</summary>
    string Name { get; }

    /// <summary>True when <paramref name="date"/> is a working day (not a weekend or a bank holiday).</summary>
    bool IsWorkingDay(DateOnly date);

    /// <summary>The instant <paramref name="duration"/> after <paramref name="start"/>.</summary>
    DateTimeOffset Add(DateTimeOffset start, Duration duration);
}
