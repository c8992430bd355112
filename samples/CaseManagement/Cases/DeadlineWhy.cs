using System.Globalization;
using CaseManagement.Display;
using CaseManagement.Officers;
using Policy.Definitions;
using Policy.Runtime.Explanations;
using Policy.Runtime.Time;

namespace CaseManagement.Cases;

/// <summary>
/// The runtime's <see cref="DeadlineExplanation"/> in officers' words, for "why is this due then?" beside each deadline
/// on the case page: what started it, the rule and its duration, the calendar and the days it skipped, the clause.
/// </summary>
public sealed record DeadlineWhy(string Deadline, int Instance, IReadOnlyList<string> Lines, IReadOnlyList<Citation> Citations)
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    public static DeadlineWhy From(DeadlineExplanation why, PolicyDefinition policy, OfficerDirectory officers, DateTimeOffset now)
    {
        var lines = new List<string>();
        var start = why.Start;
        var by = start.ActorId is null ? "" : $" by {officers.NameOf(start.ActorId)}";
        lines.Add(start.Trigger switch
        {
            TriggerKind.OnEntering => $"It started at {Show.Time(start.At)}, when the case entered the state \"{StateTitle(policy, start.Name)}\"{(start.EventName is null ? "" : $" ({EventTitle(policy, start.EventName)}{by})")}.",
            TriggerKind.Recurring => $"It recurs: this instance started at {Show.Time(start.At)}.",
            _ => $"It started at {Show.Time(start.At)}, when \"{EventTitle(policy, start.Name)}\" was recorded{by}.",
        });

        var duration = why.WithinSetting is { } setting
            ? $"{why.Within} (the setting \"{policy.Settings.FirstOrDefault(s => s.Name == setting)?.Title ?? Show.Words(setting)}\")"
            : why.WithinField is { } field ? $"{why.Within} (as recorded in \"{Show.Words(field)}\")" : why.Within.ToString();
        var condition = why.WithinCondition is { } when ? $", the time the policy gives when {Describe(when, policy)}" : "";
        lines.Add($"The policy's rule: {ActionFields.RoleTitle(policy, why.Role)} must {Show.LowerFirst(CaseTimeline.ActionTitle(policy, why.Action))} within {duration}{condition}.");

        if (why.Anchor is { } anchor)
        {
            var what = anchor.Kind switch
            {
                AnchorKind.Field => $"the {Show.LowerWords(anchor.Name)} recorded on the case",
                AnchorKind.DeadlineLatest => $"the latest time \"{CaseTimeline.DeadlineTitle(policy, anchor.Name)}\" could have been met",
                _ => $"when \"{CaseTimeline.DeadlineTitle(policy, anchor.Name)}\" was due",
            };
            lines.Add($"It is counted from {what}: {Show.Time(why.CountedFrom)}.");
        }

        if (why.FromDay == DayBoundary.Start)
        {
            lines.Add("The count begins with the day it starts on.");
        }
        else if (why.FromDay == DayBoundary.End)
        {
            lines.Add("The count begins at the end of the day it starts on.");
        }

        var calendar = CalendarTitle(why.Calendar);
        if (!why.SkipsDays)
        {
            lines.Add($"It is counted in calendar time: every day counts, weekends and bank holidays too (calendar: {calendar}).");
        }
        else if (why.SkippedDays.Count == 0)
        {
            lines.Add($"It is counted in working days on the {calendar} calendar; no day in this period was skipped.");
        }
        else
        {
            var skipped = string.Join("; ", why.SkippedDays.Select(d => $"{d.Date.ToString("dddd d MMMM", British)} ({d.Reason})"));
            lines.Add($"It is counted in working days on the {calendar} calendar, which skipped: {skipped}.");
        }

        if (why.PausedFor > TimeSpan.Zero)
        {
            lines.Add($"Its clock stood still for {Show.Span(why.PausedFor)}, which moved the due time on by as much.");
        }

        lines.Add($"So it is due by {Show.DueBy(why.DueAt, now)}.");
        return new DeadlineWhy(why.Deadline, why.Instance, lines, why.Citations);
    }

    /// <summary>A condition as a clause: "the grade is Immediate"; one the page cannot put in words is named as the policy's condition.</summary>
    private static string Describe(Condition condition, PolicyDefinition policy) => condition switch
    {
        IsOptionCondition { Operand: FieldOperand field } option => $"the {Show.LowerWords(field.Name)} is {Show.Words(option.Option)}",
        IsSetCondition { Operand: FieldOperand field } => $"the {Show.LowerWords(field.Name)} is recorded",
        NotCondition { Operand: IsOptionCondition { Operand: FieldOperand field } option } => $"the {Show.LowerWords(field.Name)} is not {Show.Words(option.Option)}",
        AndCondition and => string.Join(" and ", and.Operands.Select(o => Describe(o, policy))),
        OrCondition or => string.Join(" or ", or.Operands.Select(o => Describe(o, policy))),
        _ => "its condition for this case holds",
    };

    private static string CalendarTitle(string name) =>
        name == EnglandAndWalesCalendar.CalendarName ? "England and Wales" : Show.Words(name.Replace('-', ' '));

    private static string StateTitle(PolicyDefinition policy, string state) => policy.States.FirstOrDefault(s => s.Name == state)?.Title ?? Show.Words(state);

    private static string EventTitle(PolicyDefinition policy, string name) =>
        policy.Actions.FirstOrDefault(a => a.Name == name)?.Title
        ?? policy.Signals.FirstOrDefault(s => s.Name == name)?.Title
        ?? (policy.States.Any(s => s.Name == name) ? "the case was opened" : Show.Words(name));
}
