using Policy.Definitions;

namespace Policy.Runtime.Time;

/// <summary>Durations taken away from an instant, for conditions such as <c>arrivedAt > now - 24 hours</c>.</summary>
public static class CalendarArithmetic
{
    /// <summary>
    /// The instant <paramref name="duration"/> before <paramref name="instant"/>: minutes and hours are elapsed time; days,
    /// weeks and months keep the wall-clock time of a zoned calendar; working days are the start of the N-th working day
    /// before the day of the instant (so that counting forward N working days from it ends at the end of that day).
    /// </summary>
    public static DateTimeOffset Subtract(IWorkingCalendar calendar, DateTimeOffset instant, Duration duration)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var utc = instant.ToUniversalTime();
        if (duration.Amount <= 0 || !duration.IsWithinLimit)
        {
            return utc;
        }

        if ((utc - DateTimeOffset.MinValue).TotalDays <= (duration.NominalDays * 1.5) + 31)
        {
            return DateTimeOffset.MinValue;
        }

        if (calendar is not ZonedCalendar zoned)
        {
            return duration.Unit switch
            {
                DurationUnit.Minutes => utc.AddMinutes(-duration.Amount),
                DurationUnit.Hours => utc.AddHours(-duration.Amount),
                DurationUnit.Weeks => utc.AddDays(-7.0 * duration.Amount),
                DurationUnit.Months => utc.AddMonths(-duration.Amount),
                _ => utc.AddDays(-duration.Amount),
            };
        }

        if (duration.Unit == DurationUnit.WorkingDays && !zoned.CountsWorkingDays)
        {
            throw new InvalidOperationException($"The calendar '{zoned.Name}' counts calendar days only and has no working days to take away.");
        }

        var local = ZonedTime.ToLocal(zoned.TimeZone, utc);
        switch (duration.Unit)
        {
            case DurationUnit.Minutes:
                return utc.AddMinutes(-duration.Amount);
            case DurationUnit.Hours:
                return utc.AddHours(-duration.Amount);
            case DurationUnit.Days:
                return ZonedTime.ToInstant(zoned.TimeZone, local.AddDays(-duration.Amount));
            case DurationUnit.Weeks:
                return ZonedTime.ToInstant(zoned.TimeZone, local.AddDays(-7.0 * duration.Amount));
            case DurationUnit.Months:
                return ZonedTime.ToInstant(zoned.TimeZone, local.AddMonths(-duration.Amount));
            default:
                var day = zoned.DateOf(utc);
                for (var found = 0; found < duration.Amount;)
                {
                    day = day.AddDays(-1);
                    if (zoned.IsWorkingDay(day))
                    {
                        found++;
                    }
                }

                return zoned.StartOf(day);
        }
    }
}
