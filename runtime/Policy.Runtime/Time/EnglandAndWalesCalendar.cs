namespace Policy.Runtime.Time;

/// <summary>The <c>england-and-wales</c> calendar: Monday to Friday except bank holidays, on Europe/London wall-clock time.</summary>
public sealed class EnglandAndWalesCalendar : ZonedCalendar
{
    /// <summary>The name a policy writes: <c>calendar england-and-wales</c>.</summary>
    public const string CalendarName = "england-and-wales";

    private EnglandAndWalesCalendar()
        : base(EuropeLondon.TimeZone)
    {
    }

    /// <summary>The one instance; it holds no state of its own.</summary>
    public static EnglandAndWalesCalendar Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => CalendarName;

    /// <inheritdoc/>
    public override bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !EnglandAndWalesBankHolidays.IsBankHoliday(date);
}
