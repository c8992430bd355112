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

    /// <summary>
    /// The instant <paramref name="duration"/> after <paramref name="start"/> counted on this calendar (a deadline's
    /// <c>counted on</c>): minutes, hours and days pass only on the days it counts. A calendar that counts every day
    /// gives the same as <see cref="Add"/>.
    /// </summary>
    DateTimeOffset AddCounted(DateTimeOffset start, Duration duration) => Add(start, duration);

    /// <summary>The instant the calendar's day that <paramref name="instant"/> falls on begins.</summary>
    DateTimeOffset StartOfDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>
    /// <c>within D beginning with the day</c>: <paramref name="duration"/> counted from the start of the day
    /// <paramref name="start"/> falls on, which itself counts (<see cref="AddCounted"/> when <paramref name="counted"/>).
    /// </summary>
    DateTimeOffset AddBeginningWithTheDay(DateTimeOffset start, Duration duration, bool counted) =>
        counted ? AddCounted(StartOfDay(start), duration) : Add(StartOfDay(start), duration);

    /// <summary>
    /// <c>within D from the end of the day</c>: <paramref name="duration"/> counted from the midnight that ends the day
    /// <paramref name="start"/> falls on, so that day does not count. Months end at the end of the same date in the
    /// later month, or of its last day when it has no such date (1 month from the end of 31 January ends at the end of
    /// February). This default counts UTC days; <see cref="ZonedCalendar"/> counts the days of its time zone.
    /// </summary>
    DateTimeOffset AddAfterTheDay(DateTimeOffset start, Duration duration, bool counted)
    {
        var day = DateOnly.FromDateTime(start.UtcDateTime);
        if (duration.Unit == DurationUnit.Months && duration.Amount > 0 && duration.IsWithinLimit && day.Year + (duration.Amount / 12) + 1 < DateOnly.MaxValue.Year)
        {
            return new DateTimeOffset(day.AddMonths(duration.Amount).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var endOfDay = StartOfDay(start).AddDays(1);
        return counted ? AddCounted(endOfDay, duration) : Add(endOfDay, duration);
    }
}
