using Policy.Definitions;
using Policy.Runtime.Time;

namespace Policy.Runtime.Tests.Time;

public sealed class EnglandAndWalesCalendarTests
{
    private static readonly EnglandAndWalesCalendar Calendar = EnglandAndWalesCalendar.Instance;

    [Fact]
    public void Is_named_as_a_policy_names_it() => Assert.Equal("england-and-wales", Calendar.Name);

    [Theory]
    [InlineData("2025-03-07", true)]  // Friday
    [InlineData("2025-03-08", false)] // Saturday
    [InlineData("2025-03-09", false)] // Sunday
    [InlineData("2025-05-26", false)] // spring bank holiday
    [InlineData("2022-05-30", true)]  // the Monday whose holiday moved to 2 June
    [InlineData("2022-09-19", false)] // State Funeral
    public void Working_days_are_weekdays_that_are_not_bank_holidays(string date, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingDay(DateOnly.Parse(date)));

    [Theory]
    [InlineData(100000, DurationUnit.Months)]
    [InlineData(100000, DurationUnit.Weeks)]
    [InlineData(100000, DurationUnit.WorkingDays)]
    [InlineData(int.MaxValue, DurationUnit.Days)]
    [InlineData(int.MaxValue, DurationUnit.Minutes)]
    public void A_due_time_past_the_calendars_range_is_never_reached_rather_than_an_exception(int amount, DurationUnit unit)
    {
        var late = new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var due = Calendar.Add(late, new Duration(amount, unit));

        Assert.Equal(ZonedCalendar.EndOfTime, due);
        Assert.Equal(ZonedCalendar.EndOfTime, Calendar.Add(ZonedCalendar.EndOfTime, new Duration(1, DurationUnit.Minutes)));
    }

    [Fact]
    public void A_DNA_match_on_Friday_afternoon_is_due_at_the_end_of_Monday()
    {
        var due = Calendar.Add(Utc("2025-03-07T15:00:00Z"), new Duration(1, DurationUnit.WorkingDays));
        Assert.Equal(Utc("2025-03-11T00:00:00Z"), due);
    }

    [Fact]
    public void A_DNA_match_on_Friday_afternoon_before_a_bank_holiday_is_due_at_the_end_of_Tuesday()
    {
        var due = Calendar.Add(Utc("2025-08-22T14:00:00Z"), new Duration(1, DurationUnit.WorkingDays));
        Assert.Equal(Utc("2025-08-26T23:00:00Z"), due); // Wednesday 27 August 00:00 BST
    }

    [Theory]
    [InlineData("2025-03-04T00:00:01Z")]
    [InlineData("2025-03-04T12:00:00Z")]
    [InlineData("2025-03-04T23:59:59Z")]
    public void The_time_of_day_of_the_start_does_not_matter_for_working_days(string start) =>
        Assert.Equal(Utc("2025-03-06T00:00:00Z"), Calendar.Add(Utc(start), new Duration(1, DurationUnit.WorkingDays)));

    [Theory]
    [InlineData("2025-03-04T00:00:00Z", "2025-03-05T00:00:00Z")] // midnight ending Monday: the next working day is Tuesday
    [InlineData("2025-03-08T00:00:00Z", "2025-03-11T00:00:00Z")] // midnight ending Friday: Monday
    [InlineData("2025-05-23T23:00:00Z", "2025-05-27T23:00:00Z")] // midnight (BST) ending Friday before the spring bank holiday: Tuesday
    public void A_start_at_midnight_counts_from_the_day_that_has_just_ended(string start, string due) =>
        Assert.Equal(Utc(due), Calendar.Add(Utc(start), new Duration(1, DurationUnit.WorkingDays)));

    [Fact]
    public void A_working_day_is_never_shorter_than_a_full_working_day()
    {
        // From every hour of two years, the due time leaves at least one whole working day untouched.
        var start = Utc("2024-01-01T00:00:00Z");
        for (var instant = start; instant < start.AddYears(2); instant = instant.AddHours(1))
        {
            var due = Calendar.Add(instant, new Duration(1, DurationUnit.WorkingDays));
            var lastDay = Calendar.DateOf(due.AddTicks(-1));
            Assert.True(Calendar.IsWorkingDay(lastDay));
            // After the day of the start; or that day itself when the start is its first moment (the end of the day before).
            Assert.True(lastDay > Calendar.DateOf(instant) || instant == Calendar.StartOf(Calendar.DateOf(instant)));
            Assert.Equal(Calendar.StartOf(lastDay.AddDays(1)), due);
            Assert.True(due - instant >= TimeSpan.FromHours(24));
        }
    }

    [Fact]
    public void Hours_are_real_hours_across_the_spring_clock_change()
    {
        var start = Utc("2025-03-29T20:00:00Z");
        Assert.Equal(start.AddHours(18), Calendar.Add(start, new Duration(18, DurationUnit.Hours)));
        Assert.Equal(start.AddMinutes(90), Calendar.Add(start, new Duration(90, DurationUnit.Minutes)));
    }

    [Fact]
    public void Days_keep_the_London_clock_time_across_clock_changes()
    {
        Assert.Equal(Utc("2025-03-30T11:00:00Z"), Calendar.Add(Utc("2025-03-29T12:00:00Z"), new Duration(1, DurationUnit.Days)));
        Assert.Equal(Utc("2025-10-26T12:00:00Z"), Calendar.Add(Utc("2025-10-25T11:00:00Z"), new Duration(1, DurationUnit.Days)));
    }

    [Fact]
    public void A_local_time_the_clocks_skip_becomes_the_first_instant_after_the_gap()
    {
        foreach (var minute in new[] { 0, 1, 30, 59 })
        {
            var start = Utc($"2025-03-29T01:{minute:00}:00Z");
            Assert.Equal(Utc("2025-03-30T01:00:00Z"), Calendar.Add(start, new Duration(1, DurationUnit.Days)));
        }

        Assert.Equal(Utc("2025-03-30T01:00:00Z"), Calendar.Add(Utc("2025-03-29T01:59:59.999Z"), new Duration(1, DurationUnit.Days)));
    }

    [Fact]
    public void A_local_time_the_clocks_show_twice_becomes_the_earlier_instant()
    {
        Assert.Equal(Utc("2025-10-26T00:30:00Z"), Calendar.Add(Utc("2025-10-25T00:30:00Z"), new Duration(1, DurationUnit.Days)));
        Assert.Equal(Utc("2025-10-26T00:30:00Z"), Calendar.Add(Utc("2025-09-26T00:30:00Z"), new Duration(1, DurationUnit.Months)));
    }

    [Fact]
    public void Weeks_are_seven_days() =>
        Assert.Equal(
            Calendar.Add(Utc("2025-10-20T09:00:00Z"), new Duration(14, DurationUnit.Days)),
            Calendar.Add(Utc("2025-10-20T09:00:00Z"), new Duration(2, DurationUnit.Weeks)));

    [Theory]
    [InlineData("2025-01-31T10:00:00Z", 1, "2025-02-28T10:00:00Z")]
    [InlineData("2024-01-31T10:00:00Z", 1, "2024-02-29T10:00:00Z")]
    [InlineData("2024-03-31T09:00:00Z", 1, "2024-04-30T09:00:00Z")] // 10:00 BST stays 10:00 BST
    [InlineData("2025-01-15T14:00:00Z", 6, "2025-07-15T13:00:00Z")]
    public void Months_keep_the_day_clamped_to_the_month_end(string start, int months, string expected) =>
        Assert.Equal(Utc(expected), Calendar.Add(Utc(start), new Duration(months, DurationUnit.Months)));

    [Theory]
    [InlineData(DurationUnit.Minutes)]
    [InlineData(DurationUnit.Hours)]
    [InlineData(DurationUnit.Days)]
    [InlineData(DurationUnit.WorkingDays)]
    [InlineData(DurationUnit.Weeks)]
    [InlineData(DurationUnit.Months)]
    public void Zero_gives_the_start_and_negative_is_refused(DurationUnit unit)
    {
        var start = new DateTimeOffset(2025, 3, 8, 11, 0, 0, TimeSpan.FromHours(1)); // a Saturday, written with an offset
        Assert.Equal(start, Calendar.Add(start, new Duration(0, unit)));
        Assert.Equal(TimeSpan.Zero, Calendar.Add(start, new Duration(0, unit)).Offset);
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Add(start, new Duration(-1, unit)));
    }

    [Fact]
    public void Results_are_UTC_whatever_offset_the_start_is_written_with()
    {
        var due = Calendar.Add(new DateTimeOffset(2025, 3, 7, 10, 0, 0, TimeSpan.FromHours(-5)), new Duration(1, DurationUnit.Days));
        Assert.Equal(TimeSpan.Zero, due.Offset);
        Assert.Equal(Utc("2025-03-08T15:00:00Z"), due);
    }

    [Fact]
    public void An_unknown_unit_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Add(Utc("2025-03-07T15:00:00Z"), new Duration(1, (DurationUnit)99)));

    [Theory]
    [InlineData("2025-03-07", 0, "2025-03-07")]
    [InlineData("2025-03-07", 1, "2025-03-10")]
    [InlineData("2025-12-22", 5, "2025-12-31")]
    [InlineData("2025-04-17", 1, "2025-04-22")]
    public void AddWorkingDays_counts_working_days_after_the_date(string date, int count, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), Calendar.AddWorkingDays(DateOnly.Parse(date), count));

    [Fact]
    public void The_London_date_and_midnight_follow_the_clock_in_use()
    {
        Assert.Equal(new DateOnly(2025, 3, 31), Calendar.DateOf(Utc("2025-03-30T23:30:00Z")));
        Assert.Equal(Utc("2025-06-30T23:00:00Z"), Calendar.StartOf(new DateOnly(2025, 7, 1)));
        Assert.Equal(Utc("2025-12-01T00:00:00Z"), Calendar.StartOf(new DateOnly(2025, 12, 1)));
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
