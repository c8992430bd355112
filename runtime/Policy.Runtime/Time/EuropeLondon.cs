namespace Policy.Runtime.Time;

/// <summary>The Europe/London time zone, in which England and Wales count days, months and working days.</summary>
public static class EuropeLondon
{
    /// <summary>The zone: GMT in winter, BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.</summary>
    public static TimeZoneInfo TimeZone { get; } = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            // Windows without ICU (e.g. invariant globalization) knows only its own zone ids.
            return TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
        }
    }
}
