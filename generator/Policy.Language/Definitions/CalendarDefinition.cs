namespace Policy.Definitions;

/// <summary>
/// A calendar a policy declares: which London days count. <c>counted on</c> a deadline, hours and days skip the days it
/// leaves out, and its counted days are that deadline's working days; named by the policy's <c>calendar</c> line, its
/// counted days are the policy's working days.
/// </summary>
/// <param name="Name">The name deadlines and the <c>calendar</c> line use.</param>
/// <param name="Title">The title, as the policy owner wrote it.</param>
/// <param name="Counts">The days it counts before the exceptions: every day, or Monday to Friday.</param>
/// <param name="Except">The days it leaves out of those, in the order written.</param>
/// <param name="Citations">Where the calendar comes from.</param>
public sealed record CalendarDefinition(
    string Name,
    string Title,
    CalendarCounts Counts,
    IReadOnlyList<CalendarDay> Except,
    IReadOnlyList<Citation> Citations);

/// <summary>What a declared calendar counts before its exceptions.</summary>
public enum CalendarCounts
{
    /// <summary><c>counts every day</c></summary>
    EveryDay,
    /// <summary><c>counts weekdays</c>: Monday to Friday.</summary>
    Weekdays,
}

/// <summary>A day, or kind of day, that a declared calendar may leave out.</summary>
public enum CalendarDay
{
    Mondays,
    Tuesdays,
    Wednesdays,
    Thursdays,
    Fridays,
    Saturdays,
    Sundays,
    /// <summary>Every bank holiday of England and Wales, substitute days and one-off holidays included.</summary>
    BankHolidays,
    /// <summary>25 December itself, whatever day of the week it falls on.</summary>
    ChristmasDay,
    /// <summary>26 December itself.</summary>
    BoxingDay,
    /// <summary>1 January itself.</summary>
    NewYearsDay,
    /// <summary>The Friday before Easter Sunday.</summary>
    GoodFriday,
    /// <summary>The Monday after Easter Sunday.</summary>
    EasterMonday,
}
