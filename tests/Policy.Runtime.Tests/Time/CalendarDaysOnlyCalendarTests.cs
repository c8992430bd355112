using Policy.Definitions;
using Policy.Runtime.Time;

namespace Policy.Runtime.Tests.Time;

public sealed class CalendarDaysOnlyCalendarTests
{
    private static readonly CalendarDaysOnlyCalendar Calendar = CalendarDaysOnlyCalendar.Instance;
    private static readonly DateTimeOffset Saturday = new(2025, 3, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Working_days_are_refused_with_a_message_that_says_why(int amount)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Calendar.Add(Saturday, new Duration(amount, DurationUnit.WorkingDays)));
        Assert.Contains("no working days", error.Message, StringComparison.Ordinal);
        Assert.Contains("england-and-wales", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Calendar.IsWorkingDay(new DateOnly(2025, 3, 31)));
        Assert.Throws<InvalidOperationException>(() => Calendar.AddWorkingDays(new DateOnly(2025, 3, 31), 1));
    }

    [Fact]
    public void Other_units_mean_what_they_mean_in_every_calendar()
    {
        var named = EnglandAndWalesCalendar.Instance;
        foreach (var unit in new[] { DurationUnit.Minutes, DurationUnit.Hours, DurationUnit.Days, DurationUnit.Weeks, DurationUnit.Months })
        {
            var duration = new Duration(3, unit);
            Assert.Equal(named.Add(Saturday, duration), Calendar.Add(Saturday, duration));
        }

        // Across the spring clock change: the London clock, not UTC days.
        Assert.Equal(Saturday.AddHours(23), Calendar.Add(Saturday, new Duration(1, DurationUnit.Days)));
    }
}
