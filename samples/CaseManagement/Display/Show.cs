using System.Globalization;
using System.Text;
using Policy.Runtime.Time;

namespace CaseManagement.Display;

/// <summary>How the pages write times, durations and policy names: times in UK local time, as officers read them.</summary>
public static class Show
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, EuropeLondon.TimeZone).DateTime;

    /// <summary>"Mon 23 Nov 2026, 14:05".</summary>
    public static string Time(DateTimeOffset instant) => Local(instant).ToString("ddd d MMM yyyy, HH:mm", British);

    public static string Time(DateTimeOffset? instant) => instant is { } at ? Time(at) : "";

    /// <summary>The value for an <c>input type=datetime-local</c>.</summary>
    public static string InputDateTime(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable instant for a <c>time</c> element or a script.</summary>
    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// When something is due, as officers say it: "end of Thursday 3 December" for a deadline at midnight (midnight
    /// ends the day before), otherwise "14:05 on Thursday 3 December"; with the year when it is not this year's.
    /// </summary>
    public static string DueBy(DateTimeOffset due, DateTimeOffset now)
    {
        var local = Local(due);
        var year = local.Year == Local(now).Year ? "" : " yyyy";
        return local.TimeOfDay == TimeSpan.Zero
            ? "end of " + local.AddDays(-1).ToString("dddd d MMMM" + year, British)
            : local.ToString("HH:mm 'on' dddd d MMMM" + year, British);
    }

    /// <summary>A time on the day of <paramref name="now"/> as "14:05"; on another day "14:05 on Friday 4 December".</summary>
    public static string Clock(DateTimeOffset instant, DateTimeOffset now)
    {
        var local = Local(instant);
        return local.Date == Local(now).Date ? local.ToString("HH:mm", British) : local.ToString("HH:mm 'on' dddd d MMMM", British);
    }

    /// <summary>
    /// A countdown in words: "3 days 4 hours left", "2 hours 11 minutes overdue", "9 minutes 5 seconds left" (the two
    /// largest units, so it ticks visibly in the last hour). The page's script writes the same words as it counts.
    /// </summary>
    public static string Countdown(TimeSpan remaining)
    {
        var overdue = remaining < TimeSpan.Zero;
        var span = overdue ? remaining.Negate() : remaining;
        return $"{Span(span)} {(overdue ? "overdue" : "left")}";
    }

    /// <summary>"3 days 4 hours", "2 hours 11 minutes", "9 minutes 5 seconds", "40 seconds" (the two largest units, truncated).</summary>
    public static string Span(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        var (days, hours, minutes) = (seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60);
        return days > 0 ? Join(Count(days, "day"), Count(hours, "hour"))
            : hours > 0 ? Join(Count(hours, "hour"), Count(minutes, "minute"))
            : minutes > 0 ? Join(Count(minutes, "minute"), Count(seconds % 60, "second"))
            : seconds == 0 ? "0 seconds" : Count(seconds, "second");

        static string Count(long n, string unit) => n == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
        static string Join(string a, string b) => b.Length == 0 ? a : $"{a} {b}";
    }

    // Words the policies write in camel case that officers write in capitals.
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase) { "CAD", "DNA", "MARAC", "OIC", "PNC", "QART", "RAG", "SOIT" };

    /// <summary>"RecordKeyUpdate" → "Record key update"; "DnaMatch" → "DNA match"; "oic" → "OIC".</summary>
    public static string Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))));
            if (boundary)
            {
                words.Add(name[start..i]);
                start = i;
            }
        }

        var text = new StringBuilder(name.Length + words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(Acronyms.Contains(word) ? word.ToUpperInvariant()
                : i == 0 ? char.ToUpperInvariant(word[0]) + word[1..]
                : word.All(char.IsUpper) ? word : word.ToLowerInvariant());
        }

        return text.ToString();
    }

    /// <summary>Words in the middle of a sentence: "ReviewSoitLog" → "review SOIT log".</summary>
    public static string LowerWords(string name)
    {
        var words = Words(name);
        var first = words.Split(' ', 2)[0];
        return Acronyms.Contains(first) ? words : char.ToLowerInvariant(words[0]) + words[1..];
    }

    /// <summary>A title in the middle of a sentence: "Close the investigation" → "close the investigation" (an acronym keeps its capitals).</summary>
    public static string LowerFirst(string title)
    {
        var first = title.Split(' ', 2)[0];
        return title.Length == 0 || first.Length > 1 && first.All(char.IsUpper) ? title : char.ToLowerInvariant(title[0]) + title[1..];
    }

    /// <summary>A message that may start with a field's name ("detail must be recorded.") as a sentence.</summary>
    public static string Sentence(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];
}
