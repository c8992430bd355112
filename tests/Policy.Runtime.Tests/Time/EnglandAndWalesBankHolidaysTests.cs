using Policy.Runtime.Time;

namespace Policy.Runtime.Tests.Time;

public sealed class EnglandAndWalesBankHolidaysTests
{
    /// <summary>The dates gov.uk publishes for England and Wales, written out by hand, not computed.</summary>
    public static TheoryData<int, string[]> Published => new()
    {
        { 2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"] },
        { 2021, ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"] },
        { 2022, ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"] },
        { 2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"] },
        { 2024, ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"] },
        { 2025, ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"] },
        { 2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"] },
        { 2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"] },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Bank_holidays_are_the_published_dates(int year, string[] expected) =>
        Assert.Equal(expected.Select(DateOnly.Parse), EnglandAndWalesBankHolidays.For(year).Select(h => h.Date));

    [Theory]
    [InlineData("2020-05-08", "Early May bank holiday (VE day)")]
    [InlineData("2020-12-28", "Boxing Day (substitute day)")]
    [InlineData("2021-12-27", "Christmas Day (substitute day)")]
    [InlineData("2021-12-28", "Boxing Day (substitute day)")]
    [InlineData("2022-01-03", "New Year's Day (substitute day)")]
    [InlineData("2022-06-02", "Spring bank holiday")]
    [InlineData("2022-06-03", "Platinum Jubilee bank holiday")]
    [InlineData("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II")]
    [InlineData("2022-12-26", "Boxing Day")]
    [InlineData("2022-12-27", "Christmas Day (substitute day)")]
    [InlineData("2023-05-08", "Bank holiday for the coronation of King Charles III")]
    [InlineData("2025-04-18", "Good Friday")]
    [InlineData("2025-08-25", "Summer bank holiday")]
    public void Holidays_carry_their_published_names(string date, string name)
    {
        var day = DateOnly.Parse(date);
        Assert.Equal(name, Assert.Single(EnglandAndWalesBankHolidays.For(day.Year), h => h.Date == day).Name);
    }

    [Theory]
    [InlineData("2020-05-04")] // the early May bank holiday that moved to VE Day
    [InlineData("2022-05-30")] // the spring bank holiday that moved to the Platinum Jubilee
    [InlineData("2022-12-25")] // a Sunday Christmas gives its day to Tuesday 27
    public void Days_a_holiday_moved_away_from_are_not_holidays(string date) =>
        Assert.False(EnglandAndWalesBankHolidays.IsBankHoliday(DateOnly.Parse(date)));

    [Theory]
    [InlineData(2028)]
    [InlineData(2029)]
    [InlineData(2030)]
    [InlineData(2031)]
    [InlineData(2032)]
    [InlineData(2033)]
    [InlineData(2034)]
    [InlineData(2035)]
    public void Later_years_have_eight_weekday_holidays_in_the_right_places(int year)
    {
        var holidays = EnglandAndWalesBankHolidays.For(year);
        Assert.Equal(8, holidays.Count);
        Assert.Equal(8, holidays.Select(h => h.Date).Distinct().Count());
        Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
        Assert.All(holidays, h => Assert.True(h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{h.Name} on {h.Date} is at a weekend"));
        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);

        var goodFriday = Assert.Single(holidays, h => h.Name == "Good Friday").Date;
        var easterMonday = Assert.Single(holidays, h => h.Name == "Easter Monday").Date;
        Assert.Equal(goodFriday.AddDays(3), easterMonday);
        Assert.Equal(Easter.Sunday(year).AddDays(-2), goodFriday);

        var newYear = Assert.Single(holidays, h => h.Name.StartsWith("New Year's Day", StringComparison.Ordinal)).Date;
        Assert.InRange(newYear, new DateOnly(year, 1, 1), new DateOnly(year, 1, 3));
        AssertMonday(holidays, "Early May bank holiday", new DateOnly(year, 5, 1), new DateOnly(year, 5, 7));
        AssertMonday(holidays, "Spring bank holiday", new DateOnly(year, 5, 25), new DateOnly(year, 5, 31));
        AssertMonday(holidays, "Summer bank holiday", new DateOnly(year, 8, 25), new DateOnly(year, 8, 31));
        var christmas = holidays.Where(h => h.Date.Month == 12).Select(h => h.Date).ToArray();
        Assert.Equal(2, christmas.Length);
        Assert.InRange(christmas[0], new DateOnly(year, 12, 25), new DateOnly(year, 12, 27));
        Assert.InRange(christmas[1], new DateOnly(year, 12, 26), new DateOnly(year, 12, 28));
    }

    [Theory]
    [InlineData(2020, 8)]
    [InlineData(2022, 10)]
    [InlineData(2023, 9)]
    public void One_off_years_have_their_changed_count(int year, int count) =>
        Assert.Equal(count, EnglandAndWalesBankHolidays.For(year).Count);

    [Theory]
    [InlineData(2032, "2032-12-27", "2032-12-28")] // Christmas on a Saturday
    [InlineData(2033, "2033-12-26", "2033-12-27")] // Christmas on a Sunday
    [InlineData(2026, "2026-12-25", "2026-12-28")] // Boxing Day on a Saturday
    public void Christmas_substitutes_follow_the_weekday_rule(int year, string first, string second) =>
        Assert.Equal(
            new[] { DateOnly.Parse(first), DateOnly.Parse(second) },
            EnglandAndWalesBankHolidays.For(year).Where(h => h.Date.Month == 12).Select(h => h.Date));

    [Theory]
    [InlineData(2033, "2033-01-03")] // New Year's Day on a Saturday
    [InlineData(2034, "2034-01-02")] // New Year's Day on a Sunday
    public void New_Year_substitutes_are_the_following_Monday(int year, string expected) =>
        Assert.Contains(EnglandAndWalesBankHolidays.For(year), h => h.Date == DateOnly.Parse(expected) && h.Name == "New Year's Day (substitute day)");

    [Fact]
    public void Years_before_the_rules_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EnglandAndWalesBankHolidays.For(EnglandAndWalesBankHolidays.FirstYear - 1));

    private static void AssertMonday(IReadOnlyList<BankHoliday> holidays, string name, DateOnly earliest, DateOnly latest)
    {
        var date = Assert.Single(holidays, h => h.Name == name).Date;
        Assert.Equal(DayOfWeek.Monday, date.DayOfWeek);
        Assert.InRange(date, earliest, latest);
    }
}
