using System.Collections.Concurrent;

namespace Policy.Runtime.Time;

/// <summary>
/// England and Wales bank holidays, computed from the standing rules (Banking and Financial Dealings Act 1971 and the
/// annual proclamations that keep them) plus the one-off changes in <see cref="OneOffChanges"/>.
/// </summary>
public static class EnglandAndWalesBankHolidays
{
    /// <summary>The first year the standing rules describe: the early May bank holiday began in 1978.</summary>
    public const int FirstYear = 1978;

    private const string Substitute = " (substitute day)";

    /// <summary>
    /// Changes made by royal proclamation, as published on gov.uk. This is the one place to add a future change
    /// (a jubilee, a coronation, a state funeral); nothing else in the calendar lists dates.
    /// </summary>
    private static readonly OneOffChange[] OneOffChanges =
    [
        new(RegularHoliday.EarlyMay, new DateOnly(1995, 5, 8), "Early May bank holiday (VE day)"),
        new(null, new DateOnly(1999, 12, 31), "Millennium bank holiday"),
        new(RegularHoliday.SpringBank, new DateOnly(2002, 6, 4), "Spring bank holiday"),
        new(null, new DateOnly(2002, 6, 3), "Golden Jubilee bank holiday"),
        new(null, new DateOnly(2011, 4, 29), "Royal wedding"),
        new(RegularHoliday.SpringBank, new DateOnly(2012, 6, 4), "Spring bank holiday"),
        new(null, new DateOnly(2012, 6, 5), "Diamond Jubilee bank holiday"),
        new(RegularHoliday.EarlyMay, new DateOnly(2020, 5, 8), "Early May bank holiday (VE day)"),
        new(RegularHoliday.SpringBank, new DateOnly(2022, 6, 2), "Spring bank holiday"),
        new(null, new DateOnly(2022, 6, 3), "Platinum Jubilee bank holiday"),
        new(null, new DateOnly(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        new(null, new DateOnly(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
    ];

    private static readonly ConcurrentDictionary<int, YearOfHolidays> Years = new();

    private enum RegularHoliday
    {
        NewYearsDay,
        GoodFriday,
        EasterMonday,
        EarlyMay,
        SpringBank,
        SummerBank,
        ChristmasDay,
        BoxingDay,
    }

    /// <summary>The bank holidays of <paramref name="year"/>, in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is before <see cref="FirstYear"/>.</exception>
    public static IReadOnlyList<BankHoliday> For(int year) => Get(year).Holidays;

    /// <summary>True when <paramref name="date"/> is a bank holiday in England and Wales.</summary>
    public static bool IsBankHoliday(DateOnly date) => Get(date.Year).Dates.Contains(date);

    private static YearOfHolidays Get(int year)
    {
        // 9999 is DateOnly's last year; a substitute for its Boxing Day would fall in a year that does not exist.
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        return Years.GetOrAdd(year, static y => new YearOfHolidays(Compute(y)));
    }

    private static BankHoliday[] Compute(int year)
    {
        var easter = Easter.Sunday(year);
        var holidays = new Dictionary<RegularHoliday, BankHoliday>
        {
            [RegularHoliday.GoodFriday] = new(easter.AddDays(-2), "Good Friday"),
            [RegularHoliday.EasterMonday] = new(easter.AddDays(1), "Easter Monday"),
            [RegularHoliday.EarlyMay] = new(FirstMonday(year, 5), "Early May bank holiday"),
            [RegularHoliday.SpringBank] = new(LastMonday(year, 5), "Spring bank holiday"),
            [RegularHoliday.SummerBank] = new(LastMonday(year, 8), "Summer bank holiday"),
        };
        AddWithSubstitutes(holidays, (RegularHoliday.NewYearsDay, new DateOnly(year, 1, 1), "New Year's Day"));
        AddWithSubstitutes(
            holidays,
            (RegularHoliday.ChristmasDay, new DateOnly(year, 12, 25), "Christmas Day"),
            (RegularHoliday.BoxingDay, new DateOnly(year, 12, 26), "Boxing Day"));

        var extras = new List<BankHoliday>();
        foreach (var change in OneOffChanges.Where(c => c.Date.Year == year))
        {
            if (change.Moves is { } moved)
            {
                holidays[moved] = new BankHoliday(change.Date, change.Name);
            }
            else
            {
                extras.Add(new BankHoliday(change.Date, change.Name));
            }
        }

        return holidays.Values.Concat(extras).OrderBy(h => h.Date).ToArray();
    }

    /// <summary>
    /// Holidays with fixed dates move to the next weekday that is not already a holiday when they fall at a weekend.
    /// Those on weekdays are placed first, so that a Sunday Christmas gives Boxing Day on Monday 26 and the
    /// substitute Christmas Day on Tuesday 27, as gov.uk publishes it.
    /// </summary>
    private static void AddWithSubstitutes(Dictionary<RegularHoliday, BankHoliday> holidays, params (RegularHoliday Kind, DateOnly Date, string Name)[] fixedDates)
    {
        var taken = new HashSet<DateOnly>(fixedDates.Where(f => !IsWeekend(f.Date)).Select(f => f.Date));
        foreach (var (kind, date, name) in fixedDates)
        {
            if (!IsWeekend(date))
            {
                holidays[kind] = new BankHoliday(date, name);
                continue;
            }

            var substitute = date.AddDays(1);
            while (IsWeekend(substitute) || taken.Contains(substitute))
            {
                substitute = substitute.AddDays(1);
            }

            taken.Add(substitute);
            holidays[kind] = new BankHoliday(substitute, name + Substitute);
        }
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }

    /// <summary>A proclaimed change: <see cref="Moves"/> a regular holiday of the same year to <see cref="Date"/>, or, when null, adds an extra holiday.</summary>
    private sealed record OneOffChange(RegularHoliday? Moves, DateOnly Date, string Name);

    private sealed class YearOfHolidays(BankHoliday[] holidays)
    {
        public IReadOnlyList<BankHoliday> Holidays { get; } = Array.AsReadOnly(holidays);

        public HashSet<DateOnly> Dates { get; } = holidays.Select(h => h.Date).ToHashSet();
    }
}
