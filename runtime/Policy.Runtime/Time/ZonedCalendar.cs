using Policy.Definitions;

namespace Policy.Runtime.Time;

/// <summary>
/// The duration arithmetic every calendar shares; a calendar supplies only its time zone and its working days.
/// The meanings are those written down in docs/deadlines.md.
/// </summary>
public abstract class ZonedCalendar : IWorkingCalendar
{
    /// <summary>Creates a calendar that counts days in <paramref name="timeZone"/>.</summary>
    protected ZonedCalendar(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        TimeZone = timeZone;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The zone whose wall clock days, weeks, months and working days are counted in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <inheritdoc/>
    public abstract bool IsWorkingDay(DateOnly date);

    /// <summary>The local date in this calendar's zone at <paramref name="instant"/>.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => ZonedTime.ToLocalDate(TimeZone, instant);

    /// <summary>The instant the local day <paramref name="date"/> begins (00:00 wall-clock time), in UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date) => ZonedTime.ToInstant(TimeZone, date.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// The <paramref name="count"/>-th working day after <paramref name="date"/>; <paramref name="date"/> itself never counts.
    /// A count of 0 gives <paramref name="date"/>.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ThrowIfNoWorkingDays();
        var day = date;
        for (var found = 0; found < count; found++)
        {
            day = NextCountedDay(day);
        }

        return day;
    }

    /// <summary>
    /// The instant <paramref name="duration"/> after <paramref name="start"/>, in UTC:
    /// minutes and hours are elapsed time; days, weeks and months keep the local wall-clock time;
    /// working days end at the end (local midnight) of the N-th working day after the start's local date.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative, or the unit is not a known unit.</exception>
    /// <exception cref="InvalidOperationException">Working days were asked of a calendar that has none.</exception>
    public DateTimeOffset Add(DateTimeOffset start, Duration duration)
    {
        if (duration.Amount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration.Amount, $"A duration cannot be negative; got {duration.Amount} {duration.Unit}.");
        }

        if (!Enum.IsDefined(duration.Unit))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration.Unit, "Unknown duration unit.");
        }

        if (duration.Unit == DurationUnit.WorkingDays)
        {
            // Even 0 working days is refused: the policy is wrong, whatever the amount.
            ThrowIfNoWorkingDays();
        }

        var utc = start.ToUniversalTime();
        if (duration.Amount == 0)
        {
            return utc;
        }

        if ((EndOfTime - utc).TotalDays <= UpperBoundInDays(duration))
        {
            // A due time past the end of the calendar's range is never reached: it saturates rather than throws, so a
            // restart, an escalation stage or an override that adds up past it leaves the deadline simply never due.
            return EndOfTime;
        }

        return duration.Unit switch
        {
            DurationUnit.Minutes => utc.AddMinutes(duration.Amount),
            DurationUnit.Hours => utc.AddHours(duration.Amount),
            DurationUnit.Days => AtSameWallClockTime(utc, local => local.AddDays(duration.Amount)),
            DurationUnit.Weeks => AtSameWallClockTime(utc, local => local.AddDays(7.0 * duration.Amount)),
            DurationUnit.Months => AtSameWallClockTime(utc, local => local.AddMonths(duration.Amount)),
            _ => EndOfWorkingDays(utc, duration.Amount),
        };
    }

    /// <inheritdoc/>
    public DateTimeOffset StartOfDay(DateTimeOffset instant) => StartOf(DateOf(instant));

    /// <summary>
    /// <paramref name="duration"/> counted from the start of the local day <paramref name="start"/> falls on, which
    /// itself counts. Months end at the end of the day before the same date in the later month, or at the end of the
    /// later month when it has no such date (3 months beginning with 31 March end at the end of 30 June).
    /// </summary>
    public DateTimeOffset AddBeginningWithTheDay(DateTimeOffset start, Duration duration, bool counted)
    {
        var date = DateOf(start);
        if (duration.Unit == DurationUnit.Months && duration.Amount > 0 && duration.IsWithinLimit)
        {
            if (date.Year + (duration.Amount / 12) + 1 >= DateOnly.MaxValue.Year)
            {
                return EndOfTime;
            }

            var later = date.AddMonths(duration.Amount);
            return StartOf(later.Day == date.Day ? later : new DateOnly(later.Year, later.Month, 1).AddMonths(1));
        }

        return counted ? AddCounted(StartOf(date), duration) : Add(StartOf(date), duration);
    }

    /// <summary>
    /// <paramref name="duration"/> counted from the midnight that ends the local day <paramref name="start"/> falls on,
    /// so that day does not count. Months end at the end of the same date in the later month, or at the end of the
    /// later month when it has no such date (1 month from the end of 31 January ends at the end of February).
    /// </summary>
    public DateTimeOffset AddAfterTheDay(DateTimeOffset start, Duration duration, bool counted)
    {
        var date = DateOf(start);
        if (duration.Unit == DurationUnit.Months && duration.Amount > 0 && duration.IsWithinLimit)
        {
            if (date.Year + (duration.Amount / 12) + 1 >= DateOnly.MaxValue.Year)
            {
                return EndOfTime;
            }

            // DateOnly.AddMonths keeps the day, or takes the month's last day where it has no such date.
            return StartOf(date.AddMonths(duration.Amount).AddDays(1));
        }

        if (date.DayNumber >= LastCountableDay)
        {
            return EndOfTime;
        }

        var endOfDay = StartOf(date.AddDays(1));
        return counted ? AddCounted(endOfDay, duration) : Add(endOfDay, duration);
    }

    /// <summary>
    /// The instant <paramref name="duration"/> after <paramref name="start"/>, counting only the days this calendar
    /// counts: minutes and hours are elapsed time on counted days only (the clock stands still from the start of a day
    /// it does not count to the start of the next day it does); days are counted days, at the same wall-clock time (from
    /// the start of the next counted day when the start falls on a day it does not count); working days, weeks and
    /// months are as in <see cref="Add"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative, or the unit is not a known unit.</exception>
    /// <exception cref="InvalidOperationException">The calendar has no working days, or counts no day in a year.</exception>
    public DateTimeOffset AddCounted(DateTimeOffset start, Duration duration)
    {
        if (!HasWorkingDays || duration.Unit is DurationUnit.WorkingDays or DurationUnit.Weeks or DurationUnit.Months || duration.Amount <= 0)
        {
            return Add(start, duration);
        }

        var utc = start.ToUniversalTime();
        if (duration.Unit == DurationUnit.Days)
        {
            var date = DateOf(utc);
            var timeOfDay = ZonedTime.ToLocal(TimeZone, utc).TimeOfDay;
            if (!IsWorkingDay(date))
            {
                date = NextCountedDay(date);
                timeOfDay = TimeSpan.Zero;
            }

            for (var i = 0; i < duration.Amount; i++)
            {
                if (date.DayNumber >= LastCountableDay)
                {
                    return EndOfTime;
                }

                date = NextCountedDay(date);
            }

            return ZonedTime.ToInstant(TimeZone, date.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay)));
        }

        return AddCountedTime(utc, duration.Unit == DurationUnit.Minutes ? TimeSpan.FromMinutes(duration.Amount) : TimeSpan.FromHours(duration.Amount));
    }

    /// <summary>
    /// The instant <paramref name="time"/> of counted time after <paramref name="start"/>: the clock runs only on the
    /// days this calendar counts. A paused deadline counted on it keeps its counted time left this way.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar counts no day in a year.</exception>
    public DateTimeOffset AddCountedTime(DateTimeOffset start, TimeSpan time)
    {
        if (!HasWorkingDays || time <= TimeSpan.Zero)
        {
            return start;
        }

        var remaining = time;
        var at = start.ToUniversalTime();
        while (true)
        {
            var day = DateOf(at);
            if (day.DayNumber >= LastCountableDay)
            {
                return EndOfTime;
            }

            if (!IsWorkingDay(day))
            {
                day = NextCountedDay(day);
                at = StartOf(day);
            }

            var end = StartOf(day.AddDays(1));
            var available = end - at;
            if (remaining <= available)
            {
                return at + remaining;
            }

            remaining -= available;
            at = end;
        }
    }

    /// <summary>
    /// How much counted time passes from <paramref name="from"/> to <paramref name="to"/>: the parts of the span that
    /// fall on days this calendar counts (zero when <paramref name="to"/> is not later).
    /// </summary>
    public TimeSpan CountedTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var counted = TimeSpan.Zero;
        var at = from.ToUniversalTime();
        var end = to.ToUniversalTime();
        while (at < end)
        {
            var day = DateOf(at);
            if (day.DayNumber >= LastCountableDay)
            {
                break;
            }

            var next = StartOf(day.AddDays(1));
            if (IsWorkingDay(day))
            {
                counted += (next < end ? next : end) - at;
            }

            at = next;
        }

        return counted;
    }

    /// <summary>
    /// The end (local midnight) of the <paramref name="count"/>-th working day after the day <paramref name="utc"/> falls
    /// on. An instant at local midnight is the end of the day before it, as a reader counts "the next working day" after
    /// something that happened at midnight on Thursday night: so a deadline breached at the end of Thursday and escalated
    /// "after 1 working day" reaches the next stage at the end of Friday, and a start at the beginning of a day (as
    /// <c>beginning with the day</c> gives) counts that day itself.
    /// </summary>
    private DateTimeOffset EndOfWorkingDays(DateTimeOffset utc, int count)
    {
        var date = DateOf(utc);
        if (StartOf(date) == utc)
        {
            date = date.AddDays(-1);
        }

        return StartOf(AddWorkingDays(date, count).AddDays(1));
    }

    /// <summary>The first day after <paramref name="date"/> that the calendar counts.</summary>
    private DateOnly NextCountedDay(DateOnly date)
    {
        // No calendar the checker accepts goes a year without a counted day; a hand-built one that does is an error.
        for (var i = 0; i < 400; i++)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                return date;
            }
        }

        throw new InvalidOperationException($"The calendar '{Name}' counts no day in the 400 days after {date.AddDays(-400):yyyy-MM-dd}; a calendar must count at least one day a week.");
    }


    /// <summary>
    /// The latest instant a due time can be: the last day the calendar counts, kept a day clear of
    /// <see cref="DateTimeOffset.MaxValue"/> so that converting it to local time cannot overflow.
    /// </summary>
    public static DateTimeOffset EndOfTime { get; } = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The last local date counted time may reach before it saturates at <see cref="EndOfTime"/>. Declared after it: static
    /// fields are initialised in the order they are written.
    /// </summary>
    private static readonly int LastCountableDay = DateOnly.FromDateTime(EndOfTime.UtcDateTime).AddDays(-2).DayNumber;

    /// <summary>At least as many days as the duration can span from any start: clock changes, month lengths and runs of holidays included.</summary>
    private static double UpperBoundInDays(Duration duration) => duration.Unit switch
    {
        DurationUnit.Minutes => duration.Amount / 1440.0,
        DurationUnit.Hours => duration.Amount / 24.0,
        DurationUnit.Days => duration.Amount + 1.0,
        DurationUnit.Weeks => (duration.Amount * 7.0) + 1.0,
        DurationUnit.Months => (duration.Amount * 31.0) + 1.0,
        _ => (duration.Amount * 7.0) + 30.0,
    };

    /// <summary>False for a calendar that counts calendar days only, so that working days asked of it are an error, not a guess.</summary>
    protected virtual bool HasWorkingDays => true;

    /// <summary>True when working days can be counted on this calendar (false for the calendar of a policy that names none).</summary>
    public bool CountsWorkingDays => HasWorkingDays;

    private protected void ThrowIfNoWorkingDays()
    {
        if (!HasWorkingDays)
        {
            throw new InvalidOperationException(
                $"The calendar '{Name}' counts calendar days only and has no working days; a policy that uses working-day " +
                "durations must name a working calendar (for example 'calendar england-and-wales').");
        }
    }

    private DateTimeOffset AtSameWallClockTime(DateTimeOffset utc, Func<DateTime, DateTime> move) =>
        ZonedTime.ToInstant(TimeZone, move(ZonedTime.ToLocal(TimeZone, utc)));
}
