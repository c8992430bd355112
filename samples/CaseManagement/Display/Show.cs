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

    /// <summary>A countdown: "2d 03:04:05 left" or "overdue by 00:10:00" (the script writes the same form).</summary>
    public static string Countdown(TimeSpan remaining)
    {
        var overdue = remaining < TimeSpan.Zero;
        var span = overdue ? remaining.Negate() : remaining;
        var clock = string.Create(CultureInfo.InvariantCulture, $"{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
        var text = span.Days > 0 ? $"{span.Days}d {clock}" : clock;
        return overdue ? $"overdue by {text}" : $"{text} left";
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

    /// <summary>A message that may start with a field's name ("detail must be recorded.") as a sentence.</summary>
    public static string Sentence(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];
}
