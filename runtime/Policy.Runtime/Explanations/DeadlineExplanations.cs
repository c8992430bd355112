using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Explanations;

/// <summary>Explains open deadlines from a case's events (see <see cref="DeadlineExplanation"/>).</summary>
public static class DeadlineExplanations
{
    /// <summary>
    /// Why <paramref name="deadline"/> (an open instance of the case whose events are <paramref name="events"/>) is due
    /// when it is; null when the events do not show how it opened (it is not a deadline of this policy).
    /// </summary>
    /// <remarks>
    /// Give <paramref name="versions"/> when the policy has several: the case is then replayed under the version it ran
    /// under when the instance opened, whose rule the explanation gives (a migration that recomputed the instance says so
    /// in the case's history).
    /// </remarks>
    public static DeadlineExplanation? Explain(CompiledPolicy policy, IReadOnlyList<CaseEvent> events, DeadlineStatus deadline, Versions.PolicyVersions? versions = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(deadline);

        // The case as it stood just after the instance opened: its durations and anchor are worked out on that.
        var opening = events.Where(e => e.At <= deadline.OpenedAt).ToArray();
        var before = versions is null ? new PolicyWorkflow(policy) : new PolicyWorkflow(versions);
        try
        {
            before.Replay(opening);
        }
        catch (InvalidOperationException)
        {
            // Events this policy cannot explain (a version the caller did not give): no explanation rather than a wrong one.
            return null;
        }

        policy = before.CompiledPolicy;
        var index = policy.IndexOfDeadline(deadline.Deadline);
        if (index < 0 || !before.Case.TryExplainStart(index, deadline.OpenedAt, out var within, out var withinCase, out var countedFrom))
        {
            return null;
        }

        var compiled = policy.Deadlines[index];
        var definition = compiled.Definition;
        var chosen = definition.Within.Cases[withinCase];
        var computedDue = compiled.DueAt(countedFrom, within);
        var skips = within.Unit == DurationUnit.WorkingDays || compiled.IsCounted;
        var trigger = definition.Trigger;
        var starter = opening.LastOrDefault(e => e.At == deadline.OpenedAt && (trigger.Kind is not (TriggerKind.When or TriggerKind.Each) || e.Name == trigger.Name))
            ?? opening.LastOrDefault();
        return new DeadlineExplanation(
            definition.Name,
            definition.Title,
            deadline.Instance,
            definition.Role,
            definition.Action,
            new DeadlineStart(trigger.Kind, trigger.Name, deadline.OpenedAt, starter?.ActorId, starter?.Name),
            within,
            chosen.Setting,
            chosen.Field,
            definition.Within.Cases.Count > 1 ? chosen.When : null,
            countedFrom,
            definition.From,
            compiled.FromDay,
            compiled.Calendar.Name,
            skips,
            skips ? Skipped(compiled.Calendar, countedFrom, computedDue) : [],
            computedDue,
            deadline.DueAt,
            definition.Citations);
    }

    /// <summary>The local dates from the count's start to the due time that the calendar does not work, with why.</summary>
    private static List<SkippedDay> Skipped(IWorkingCalendar calendar, DateTimeOffset from, DateTimeOffset due)
    {
        var zone = calendar is ZonedCalendar zoned ? zoned.TimeZone : TimeZoneInfo.Utc;
        var first = ZonedTime.ToLocalDate(zone, from);
        // A due time at midnight ends the day before: the day it begins is not part of the count.
        var last = ZonedTime.ToLocalDate(zone, due.AddTicks(-1));
        var skipped = new List<SkippedDay>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (!calendar.IsWorkingDay(date))
            {
                skipped.Add(new SkippedDay(date, ReasonFor(date, calendar)));
            }
        }

        return skipped;
    }

    private static string ReasonFor(DateOnly date, IWorkingCalendar calendar)
    {
        if (calendar.Name == EnglandAndWalesCalendar.CalendarName && date.Year >= EnglandAndWalesBankHolidays.FirstYear && EnglandAndWalesBankHolidays.For(date.Year).FirstOrDefault(h => h.Date == date) is { } holiday)
        {
            return $"{holiday.Name} (a bank holiday in England and Wales)";
        }

        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? date.DayOfWeek.ToString()
            : $"not a working day in the {calendar.Name} calendar";
    }
}
