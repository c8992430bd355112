using Policy.Runtime.Time;

namespace Policy.Runtime.Tests.Time;

public sealed class EasterTests
{
    [Theory]
    [InlineData(2020, 4, 12)]
    [InlineData(2021, 4, 4)]
    [InlineData(2022, 4, 17)]
    [InlineData(2023, 4, 9)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2028, 4, 16)]
    [InlineData(2029, 4, 1)]
    [InlineData(2030, 4, 21)]
    [InlineData(2031, 4, 13)]
    [InlineData(2032, 3, 28)]
    [InlineData(2033, 4, 17)]
    [InlineData(2034, 4, 9)]
    [InlineData(2035, 3, 25)]
    // The extremes and a few well-known years, to exercise the century corrections.
    [InlineData(1818, 3, 22)]
    [InlineData(2285, 3, 22)]
    [InlineData(1943, 4, 25)]
    [InlineData(2038, 4, 25)]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    public void Easter_Sunday_is_the_published_date(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Easter.Sunday(year));

    [Fact]
    public void Easter_is_always_a_Sunday_between_22_March_and_25_April()
    {
        for (var year = 1583; year <= 9999; year++)
        {
            var easter = Easter.Sunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    [Fact]
    public void Years_before_the_Gregorian_calendar_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Easter.Sunday(1582));
}
