using Policy.Definitions;

namespace Policy.Language.Semantics;

/// <summary>
/// The shortest and longest a duration can be in real time, in minutes, whatever the start: used to find
/// durations that contradict each other without knowing when a case starts (clock changes, months of 28 to 31
/// days, and working days stretched by weekends and bank holidays).
/// </summary>
internal static class DurationBounds
{
    private const long Day = 24 * 60;

    public static long Shortest(Duration d) => d.Unit switch
    {
        DurationUnit.Minutes => d.Amount,
        DurationUnit.Hours => d.Amount * 60L,
        DurationUnit.Days => (d.Amount * Day) - 60,
        DurationUnit.Weeks => (d.Amount * 7 * Day) - 60,
        // The end of the n-th working day after the start's day is at least n days away, less a minute.
        DurationUnit.WorkingDays => Math.Max(0, (d.Amount * Day) - 1),
        _ => (d.Amount * 28L * Day) - 60,
    };

    public static long Longest(Duration d) => d.Unit switch
    {
        DurationUnit.Minutes => d.Amount,
        DurationUnit.Hours => d.Amount * 60L,
        DurationUnit.Days => (d.Amount * Day) + 60,
        DurationUnit.Weeks => (d.Amount * 7 * Day) + 60,
        // Weekends add two days in seven; Christmas and Easter can add four more.
        DurationUnit.WorkingDays => ((d.Amount + 1) * Day * 7 / 5) + (5 * Day),
        _ => (d.Amount * 31L * Day) + 60,
    };
}
