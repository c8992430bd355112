using System.Globalization;
using Policy.Definitions;

namespace Policy.Runtime.Engine;

/// <summary>
/// Reads the recorded form of a duration ("14 days", "1 working day") without allocating, because durations are
/// read while deciding and applying actions; <see cref="Events.FieldValues"/> writes the same form.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(ReadOnlySpan<char> text, out Duration duration)
    {
        duration = default;
        var space = text.IndexOf(' ');
        if (space <= 0 || !int.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var unitText = text[(space + 1)..];
        DurationUnit unit;
        if (unitText is "minute" or "minutes")
        {
            unit = DurationUnit.Minutes;
        }
        else if (unitText is "hour" or "hours")
        {
            unit = DurationUnit.Hours;
        }
        else if (unitText is "day" or "days")
        {
            unit = DurationUnit.Days;
        }
        else if (unitText is "working day" or "working days")
        {
            unit = DurationUnit.WorkingDays;
        }
        else if (unitText is "week" or "weeks")
        {
            unit = DurationUnit.Weeks;
        }
        else if (unitText is "month" or "months")
        {
            unit = DurationUnit.Months;
        }
        else
        {
            return false;
        }

        duration = new Duration(amount, unit);
        return true;
    }

    /// <summary>
    /// A duration's nominal length in minutes, used only to order durations written in different units in conditions
    /// (a working day counts as a day, a month as 30.44 days); due times are always computed on the calendar.
    /// </summary>
    public static long NominalMinutes(Duration duration) => duration.Unit switch
    {
        DurationUnit.Minutes => duration.Amount,
        DurationUnit.Hours => duration.Amount * 60L,
        DurationUnit.Days or DurationUnit.WorkingDays => duration.Amount * 1440L,
        DurationUnit.Weeks => duration.Amount * 10080L,
        _ => duration.Amount * 43830L,
    };
}
