using Policy.Definitions;

namespace Policy.Runtime.Time;

/// <summary>
/// A calendar a policy declares (<c>calendar PaceDays { counts every day except Sundays, Christmas Day, Good Friday and
/// bank holidays }</c>), on Europe/London wall-clock time. Its counted days are its working days.
/// </summary>
public sealed class DeclaredCalendar : ZonedCalendar
{
    private readonly bool _weekdaysOnly;
    private readonly bool[] _excludedWeekdays = new bool[7];
    private readonly bool _bankHolidays;
    private readonly bool _christmasDay;
    private readonly bool _boxingDay;
    private readonly bool _newYearsDay;
    private readonly bool _goodFriday;
    private readonly bool _easterMonday;

    /// <summary>The calendar <paramref name="definition"/> describes.</summary>
    /// <exception cref="ArgumentException">It counts no day of the week.</exception>
    public DeclaredCalendar(CalendarDefinition definition)
        : base(EuropeLondon.TimeZone)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        _weekdaysOnly = definition.Counts == CalendarCounts.Weekdays;
        foreach (var day in definition.Except)
        {
            switch (day)
            {
                case >= CalendarDay.Mondays and <= CalendarDay.Sundays:
                    // Mondays = 0 ... Sundays = 6; DayOfWeek has Sunday = 0.
                    _excludedWeekdays[((int)day + 1) % 7] = true;
                    break;
                case CalendarDay.BankHolidays:
                    _bankHolidays = true;
                    break;
                case CalendarDay.ChristmasDay:
                    _christmasDay = true;
                    break;
                case CalendarDay.BoxingDay:
                    _boxingDay = true;
                    break;
                case CalendarDay.NewYearsDay:
                    _newYearsDay = true;
                    break;
                case CalendarDay.GoodFriday:
                    _goodFriday = true;
                    break;
                case CalendarDay.EasterMonday:
                    _easterMonday = true;
                    break;
                default:
                    throw new ArgumentException($"Calendar '{definition.Name}' leaves out an unknown day ({day}).", nameof(definition));
            }
        }

        var counted = Enumerable.Range(0, 7).Where(d => !_excludedWeekdays[d] && !(_weekdaysOnly && d is 0 or 6));
        if (!counted.Any())
        {
            throw new ArgumentException($"Calendar '{definition.Name}' counts no day of the week.", nameof(definition));
        }
    }

    /// <summary>What the policy declared.</summary>
    public CalendarDefinition Definition { get; }

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    public override bool IsWorkingDay(DateOnly date)
    {
        var dayOfWeek = date.DayOfWeek;
        if (_excludedWeekdays[(int)dayOfWeek] || (_weekdaysOnly && dayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            return false;
        }

        if ((_christmasDay && date.Month == 12 && date.Day == 25)
            || (_boxingDay && date.Month == 12 && date.Day == 26)
            || (_newYearsDay && date.Month == 1 && date.Day == 1))
        {
            return false;
        }

        if (_goodFriday || _easterMonday)
        {
            var easter = Easter.Sunday(date.Year);
            if ((_goodFriday && date == easter.AddDays(-2)) || (_easterMonday && date == easter.AddDays(1)))
            {
                return false;
            }
        }

        return !(_bankHolidays && EnglandAndWalesBankHolidays.IsBankHoliday(date));
    }
}
