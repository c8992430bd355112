using System.Globalization;

namespace Policy.Analyzers.Model;

/// <summary>Reads a duration as a policy writes it ("28 days", "1 week", "18 hours") as elapsed time.</summary>
internal static class PolicyDuration
{
    /// <summary>
    /// The elapsed time of a fixed-length duration; null for working days and months, whose length depends on the
    /// calendar, and for anything that is not a duration.
    /// </summary>
    public static TimeSpan? ToTimeSpan(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Trim().Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        var unit = parts[1].EndsWith("s", StringComparison.Ordinal) ? parts[1].Substring(0, parts[1].Length - 1) : parts[1];
        return unit switch
        {
            "minute" => TimeSpan.FromMinutes(amount),
            "hour" => TimeSpan.FromHours(amount),
            "day" => TimeSpan.FromDays(amount),
            "week" => TimeSpan.FromDays(amount * 7L),
            _ => null,
        };
    }
}
