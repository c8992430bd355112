using System.Globalization;
using Policy.Definitions;

namespace Policy.Runtime.Events;

/// <summary>
/// Converts typed values (as generated workflow methods receive them) to recorded <see cref="FieldValue"/>s, in the
/// invariant forms documented on <see cref="FieldValue"/>. A null input gives null: "not recorded".
/// </summary>
public static class FieldValues
{
    private static readonly FieldValue Yes = new(ValueKind.YesNo, "yes");
    private static readonly FieldValue No = new(ValueKind.YesNo, "no");

    public static FieldValue? Text(string? value) => value is null ? null : new FieldValue(ValueKind.Text, value);

    public static FieldValue? YesNo(bool? value) => value is null ? null : value.Value ? Yes : No;

    public static FieldValue? Number(decimal? value) =>
        value is null ? null : new FieldValue(ValueKind.Number, value.Value.ToString(CultureInfo.InvariantCulture));

    public static FieldValue? Date(DateOnly? value) =>
        value is null ? null : new FieldValue(ValueKind.Date, value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static FieldValue? DateTime(DateTimeOffset? value) =>
        value is null ? null : new FieldValue(ValueKind.DateTime, value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    public static FieldValue? Duration(Duration? value) => value is null ? null : new FieldValue(ValueKind.Duration, value.Value.ToString());

    public static FieldValue? Officer(string? officerId) => officerId is null ? null : new FieldValue(ValueKind.Officer, officerId);

    /// <summary>A choice's option, with the option's own fields when it carries data.</summary>
    public static FieldValue Choice(string option, IReadOnlyDictionary<string, FieldValue>? fields = null) => new(ValueKind.Choice, option, fields);

    /// <summary>Builds the fields of a choice option, leaving out those not recorded.</summary>
    public static IReadOnlyDictionary<string, FieldValue> Fields(params (string Name, FieldValue? Value)[] fields)
    {
        var result = new Dictionary<string, FieldValue>(fields.Length, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>A recorded text or officer id; null when not recorded or of another kind.</summary>
    public static string? ToText(FieldValue? value) => value is { Kind: ValueKind.Text or ValueKind.Officer } ? value.Text : null;

    /// <summary>A recorded yes/no; null when not recorded or of another kind.</summary>
    public static bool? ToYesNo(FieldValue? value) => value is { Kind: ValueKind.YesNo } ? value.Text == "yes" : null;

    /// <summary>A recorded number; null when not recorded, of another kind, or not in the invariant form.</summary>
    public static decimal? ToNumber(FieldValue? value) =>
        value is { Kind: ValueKind.Number } && decimal.TryParse(value.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>A recorded date; null when not recorded, of another kind, or not in the invariant form.</summary>
    public static DateOnly? ToDate(FieldValue? value) =>
        value is { Kind: ValueKind.Date } && DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A recorded date-time, in UTC; null when not recorded, of another kind, or not in the invariant form.</summary>
    public static DateTimeOffset? ToDateTime(FieldValue? value) =>
        value is { Kind: ValueKind.DateTime }
        && DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    /// <summary>A recorded duration; null when not recorded, of another kind, or not in the form <see cref="Duration(Policy.Definitions.Duration?)"/> writes.</summary>
    public static Duration? ToDuration(FieldValue? value) =>
        value is { Kind: ValueKind.Duration } && TryParseDuration(value.Text, out var duration) ? duration : null;

    /// <summary>One field of a recorded choice's option; null when the choice or the field is not recorded.</summary>
    public static FieldValue? Field(FieldValue? choice, string name) =>
        choice?.Fields is { } fields && fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>The option a recorded choice names; null when not recorded or of another kind.</summary>
    public static string? ToOption(FieldValue? value) => value is { Kind: ValueKind.Choice } ? value.Text : null;

    /// <summary>Reads a duration written by <see cref="Duration(Policy.Definitions.Duration?)"/> (e.g. "14 days", "1 working day").</summary>
    public static bool TryParseDuration(string text, out Duration duration)
    {
        duration = default;
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        DurationUnit? unit = parts[1] switch
        {
            "minute" or "minutes" => DurationUnit.Minutes,
            "hour" or "hours" => DurationUnit.Hours,
            "day" or "days" => DurationUnit.Days,
            "working day" or "working days" => DurationUnit.WorkingDays,
            "week" or "weeks" => DurationUnit.Weeks,
            "month" or "months" => DurationUnit.Months,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        duration = new Duration(amount, unit.Value);
        return true;
    }
}
