using System.Globalization;

namespace Policy.Runtime.Storage;

/// <summary>How the SQL stores write instants: exact UTC ticks for times they compare, fixed ISO text for audit entries.</summary>
internal static class StoredTime
{
    // Microseconds, because the audit hash covers exactly that much of an entry's time (see AuditChain.Seal).
    private const string AuditFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>100-nanosecond ticks since 1970-01-01 UTC: sortable as an integer and exact, so every store gives back the instant it was given.</summary>
    public static long ToTicks(DateTimeOffset instant) => instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(DateTimeOffset.UnixEpoch.UtcTicks + ticks, TimeSpan.Zero);

    public static string FormatAuditTime(DateTimeOffset instant) => instant.UtcDateTime.ToString(AuditFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseAuditTime(string text) =>
        new(DateTime.ParseExact(text, AuditFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
