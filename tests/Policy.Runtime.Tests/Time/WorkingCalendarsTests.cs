using Policy.Language.Semantics;
using Policy.Runtime.Time;

namespace Policy.Runtime.Tests.Time;

public sealed class WorkingCalendarsTests
{
    [Fact]
    public void The_runtime_knows_every_calendar_a_policy_may_name() =>
        Assert.Equal(KnownCalendars.Names.Order(StringComparer.Ordinal), WorkingCalendars.Names);

    [Fact]
    public void Names_find_their_calendars()
    {
        foreach (var name in WorkingCalendars.Names)
        {
            Assert.Equal(name, WorkingCalendars.Get(name).Name);
            Assert.True(WorkingCalendars.TryGet(name, out var calendar));
            Assert.Equal(name, calendar.Name);
        }

        Assert.Same(EnglandAndWalesCalendar.Instance, WorkingCalendars.Get("england-and-wales"));
    }

    [Fact]
    public void No_name_gives_the_calendar_days_only_calendar()
    {
        Assert.Same(CalendarDaysOnlyCalendar.Instance, WorkingCalendars.Get(null));
        Assert.True(WorkingCalendars.TryGet(null, out var calendar));
        Assert.Same(CalendarDaysOnlyCalendar.Instance, calendar);
    }

    [Theory]
    [InlineData("scotland")]
    [InlineData("England-And-Wales")]
    [InlineData("")]
    public void Unknown_names_are_refused(string name)
    {
        Assert.False(WorkingCalendars.TryGet(name, out _));
        var error = Assert.Throws<ArgumentException>(() => WorkingCalendars.Get(name));
        Assert.Contains("england-and-wales", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_London_zone_is_found() => Assert.Equal(TimeSpan.Zero, EuropeLondon.TimeZone.BaseUtcOffset);
}
