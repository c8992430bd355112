namespace Policy.Runtime.Time;

/// <summary>Converts between UTC instants and a zone's wall-clock time, resolving clock-change gaps and overlaps one fixed way.</summary>
internal static class ZonedTime
{
    /// <summary>The wall-clock time in <paramref name="zone"/> at <paramref name="instant"/> (kind Unspecified).</summary>
    public static DateTime ToLocal(TimeZoneInfo zone, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return DateTime.SpecifyKind(local.DateTime, DateTimeKind.Unspecified);
    }

    /// <summary>The date in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static DateOnly ToLocalDate(TimeZoneInfo zone, DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(zone, instant));

    /// <summary>
    /// The UTC instant at which the clocks of <paramref name="zone"/> show <paramref name="local"/>. A time the clocks skip
    /// (spring forward) gives the first instant after the gap; a time they show twice (fall back) gives the earlier instant.
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return FirstInstantAfterGap(zone, local);
        }

        // The earlier of two instants is the one with the larger offset (summer time, before the clocks go back).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static DateTimeOffset FirstInstantAfterGap(TimeZoneInfo zone, DateTime local)
    {
        // Zones change their clocks at most once in a couple of days, so the offsets a day either side are the
        // offsets before and after this gap.
        var before = zone.GetUtcOffset(new DateTimeOffset(local.AddDays(-2), TimeSpan.Zero));
        var after = zone.GetUtcOffset(new DateTimeOffset(local.AddDays(2), TimeSpan.Zero));

        // The transition lies in (local - after, local - before]; find it to the tick. Clock changes are rare and the
        // interval is at most a few hours, so a bisection of about 40 steps is cheaper than reading adjustment rules,
        // whose representation differs between Windows and IANA zones.
        var low = (local - after).Ticks;
        var high = (local - before).Ticks;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == after)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }
}
