namespace Policy.Cli.Scenarios;

/// <summary>A clock that only moves when the scenario says so.</summary>
internal sealed class SimulatedClock : TimeProvider
{
    private DateTimeOffset _now;

    public SimulatedClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => LondonTime.Zone;

    public void MoveTo(DateTimeOffset instant)
    {
        if (instant < _now)
        {
            throw new InvalidOperationException("The simulated clock never goes back.");
        }

        _now = instant;
    }
}

/// <summary>Conversions between London wall-clock times, as scenarios are written, and UTC, as the runtime keeps them.</summary>
internal static class LondonTime
{
    public static TimeZoneInfo Zone { get; } = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
        }
    }

    /// <summary>A London wall-clock time as an instant; in the spring gap, the first instant after it; when ambiguous, the earlier.</summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
}
