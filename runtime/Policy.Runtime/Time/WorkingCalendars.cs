using System.Diagnostics.CodeAnalysis;

namespace Policy.Runtime.Time;

/// <summary>The calendars the runtime knows, by the name a policy's <c>calendar</c> line gives.</summary>
public static class WorkingCalendars
{
    private static readonly Dictionary<string, IWorkingCalendar> ByName = new(StringComparer.Ordinal)
    {
        [EnglandAndWalesCalendar.CalendarName] = EnglandAndWalesCalendar.Instance,
    };

    /// <summary>The names a policy may give, in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } = ByName.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The calendar named <paramref name="name"/>; null (a policy that names none) gives <see cref="CalendarDaysOnlyCalendar"/>.</summary>
    /// <exception cref="ArgumentException">No calendar has that name.</exception>
    public static IWorkingCalendar Get(string? name) =>
        TryGet(name, out var calendar)
            ? calendar
            : throw new ArgumentException($"There is no calendar named '{name}'; the known calendars are: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Finds the calendar named <paramref name="name"/>; null gives <see cref="CalendarDaysOnlyCalendar"/>.</summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out IWorkingCalendar? calendar)
    {
        if (name is null)
        {
            calendar = CalendarDaysOnlyCalendar.Instance;
            return true;
        }

        return ByName.TryGetValue(name, out calendar);
    }
}
