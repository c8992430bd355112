using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Syntax;

namespace Policy.Language.Semantics;

/// <summary>Calendars: the policy's <c>calendar</c> line, declared calendars, and the calendar a deadline is counted on.</summary>
internal sealed partial class Binder
{
    /// <summary>The words that name a day a calendar may leave out, lower case, single spaces.</summary>
    private static readonly Dictionary<string, CalendarDay> DayWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mondays"] = CalendarDay.Mondays,
        ["monday"] = CalendarDay.Mondays,
        ["tuesdays"] = CalendarDay.Tuesdays,
        ["tuesday"] = CalendarDay.Tuesdays,
        ["wednesdays"] = CalendarDay.Wednesdays,
        ["wednesday"] = CalendarDay.Wednesdays,
        ["thursdays"] = CalendarDay.Thursdays,
        ["thursday"] = CalendarDay.Thursdays,
        ["fridays"] = CalendarDay.Fridays,
        ["friday"] = CalendarDay.Fridays,
        ["saturdays"] = CalendarDay.Saturdays,
        ["saturday"] = CalendarDay.Saturdays,
        ["sundays"] = CalendarDay.Sundays,
        ["sunday"] = CalendarDay.Sundays,
        ["bank holidays"] = CalendarDay.BankHolidays,
        ["bank holiday"] = CalendarDay.BankHolidays,
        ["christmas day"] = CalendarDay.ChristmasDay,
        ["boxing day"] = CalendarDay.BoxingDay,
        ["new years day"] = CalendarDay.NewYearsDay,
        ["good friday"] = CalendarDay.GoodFriday,
        ["easter monday"] = CalendarDay.EasterMonday,
    };

    private static readonly CalendarDay[] Weekdays = { CalendarDay.Mondays, CalendarDay.Tuesdays, CalendarDay.Wednesdays, CalendarDay.Thursdays, CalendarDay.Fridays };
    private static readonly CalendarDay[] Weekend = { CalendarDay.Saturdays, CalendarDay.Sundays };

    private readonly Dictionary<string, CalendarDefinition> _declaredCalendars = new(StringComparer.Ordinal);
    private CalendarSyntax? _calendarLine;

    /// <summary>The calendar of the deadline being bound (<c>counted on</c>), whose counted days are its working days.</summary>
    private string? _countedOn;

    private IReadOnlyList<CalendarDefinition> BindCalendars()
    {
        foreach (var syntax in Declared<CalendarDeclarationSyntax>())
        {
            _declaredCalendars[syntax.Name.Text] = BindCalendar(syntax);
        }

        if (_calendarLine is { Name.IsMissing: false } line && _calendar is null)
        {
            if (_declaredCalendars.ContainsKey(line.Name.Text))
            {
                _calendar = line.Name.Text;
            }
            else
            {
                _diagnostics.Add(DiagnosticDescriptors.UnknownCalendar, line.Name.Span, line.Name.Text, string.Join(", ", CalendarNames()));
            }
        }

        return _declaredCalendars.Values.ToArray();
    }

    private IEnumerable<string> CalendarNames() => KnownCalendars.Names.Concat(_declaredCalendars.Keys).Distinct(StringComparer.Ordinal);

    private CalendarDefinition BindCalendar(CalendarDeclarationSyntax syntax)
    {
        var name = syntax.Name.Text;
        if (KnownCalendars.Names.Contains(name))
        {
            _diagnostics.Add(DiagnosticDescriptors.BuiltInCalendarName, syntax.Name.Span, name);
        }

        var counts = syntax.Body.Statements.OfType<CountsSyntax>().ToList();
        var except = new List<CalendarDay>();
        var basis = CalendarCounts.EveryDay;
        var anchor = syntax.Name.IsMissing ? syntax.Keyword.Span : syntax.Name.Span;
        if (counts.Count == 0 && !syntax.Body.Open.IsMissing && !syntax.Body.Statements.OfType<SkippedSyntax>().Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.CalendarCountsLine, anchor, name, "does not say which days it counts. Add a line such as: counts every day except Sundays and bank holidays");
        }

        foreach (var extra in counts.Skip(1))
        {
            _diagnostics.Add(DiagnosticDescriptors.CalendarCountsLine, extra.Keyword.Span, name, "already has a 'counts' line. Write every day it leaves out on that one line.");
        }

        if (counts.Count > 0)
        {
            var line = counts[0];
            basis = line.Basis.Count == 1 && line.Basis[0].Is("weekdays") ? CalendarCounts.Weekdays : CalendarCounts.EveryDay;
            foreach (var day in line.Days)
            {
                if (day.Words.Any(w => w.IsMissing))
                {
                    continue;
                }

                if (!DayWords.TryGetValue(day.Text, out var value))
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnknownDay, day.Span, day.Text);
                    continue;
                }

                if (except.Contains(value))
                {
                    _diagnostics.Add(DiagnosticDescriptors.DayLeftOutTwice, day.Span, name, day.Text, "which it already leaves out");
                    continue;
                }

                if (basis == CalendarCounts.Weekdays && Weekend.Contains(value))
                {
                    _diagnostics.Add(DiagnosticDescriptors.DayLeftOutTwice, day.Span, name, day.Text, "which it does not count anyway: it counts weekdays");
                    continue;
                }

                except.Add(value);
            }

            var counted = basis == CalendarCounts.Weekdays ? Weekdays : Weekdays.Concat(Weekend);
            if (counted.All(except.Contains))
            {
                _diagnostics.Add(DiagnosticDescriptors.CalendarCountsNoDay, anchor, name);
            }
        }

        return new CalendarDefinition(name, syntax.Title?.Text ?? name, basis, except, BindCites(syntax.Body.Statements.OfType<CiteSyntax>()));
    }

    /// <summary>The calendar named by a deadline's <c>counted on</c> line, or null (reported) when there is none of that name.</summary>
    private string? ResolveCountedOn(CountedOnSyntax syntax)
    {
        var token = syntax.Calendar;
        if (token.IsMissing)
        {
            return null;
        }

        if (_declaredCalendars.ContainsKey(token.Text) || KnownCalendars.Names.Contains(token.Text))
        {
            return token.Text;
        }

        _diagnostics.Add(DiagnosticDescriptors.UnknownCalendar, token.Span, token.Text, string.Join(", ", CalendarNames()));
        return null;
    }

    /// <summary>Warns where weeks or months are counted on a calendar that leaves days out, which they do not skip.</summary>
    private void CheckUnitsOnCountedCalendar(string deadline, string calendar, IEnumerable<DurationSyntax> durations)
    {
        var leavesDaysOut = !_declaredCalendars.TryGetValue(calendar, out var declared) || declared.Counts == CalendarCounts.Weekdays || declared.Except.Count > 0;
        if (!leavesDaysOut)
        {
            return;
        }

        foreach (var duration in durations)
        {
            if (duration.Unit.Count > 0 && duration.Unit[0].Text is "week" or "weeks" or "month" or "months" && !duration.Amount.IsMissing)
            {
                _diagnostics.Add(DiagnosticDescriptors.WeeksOnCountedCalendar, duration.Span, deadline, calendar, duration.Amount.Text + " " + duration.Unit[0].Text);
            }
        }
    }
}
