namespace Policy.Runtime.Time;

/// <summary>
/// The calendar of a policy that names none: minutes, hours, days, weeks and months as in every calendar (on
/// Europe/London wall-clock time), but no working days; the checker refuses working-day durations in such a policy.
/// </summary>
public sealed class CalendarDaysOnlyCalendar : ZonedCalendar
{
    /// <summary>The name it reports; no policy writes it.</summary>
    public const string CalendarName = "calendar-days";

    private CalendarDaysOnlyCalendar()
        : base(EuropeLondon.TimeZone)
    {
    }

    /// <summary>The one instance; it holds no state of its own.</summary>
    public static CalendarDaysOnlyCalendar Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => CalendarName;

    /// <inheritdoc/>
    protected override bool HasWorkingDays => false;

    /// <summary>Always throws: without a named calendar there is no notion of a working day to answer with.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override bool IsWorkingDay(DateOnly date)
    {
        ThrowIfNoWorkingDays();
        return false;
    }
}
