using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Syntax;

namespace Policy.Language.Semantics;

/// <summary>Time: what a deadline's due time counts from (its anchor), and durations the case records.</summary>
internal sealed partial class Binder
{
    /// <summary>The anchor of a <c>within</c> line (<c>from arrivedAt</c>, <c>beginning with madeOn</c>, <c>from when D was due</c>), or null.</summary>
    private DeadlineAnchor? BindAnchor(TimingSyntax timing, string deadline)
    {
        if (timing.Anchor is not { IsMissing: false } token)
        {
            return null;
        }

        if (timing.FromDeadlineDue)
        {
            var kind = timing.Origin == TimingOrigin.FromLatestMet ? AnchorKind.DeadlineLatest : AnchorKind.DeadlineDue;
            return Resolve<DeadlineSyntax>(token, "deadline", out _) ? new DeadlineAnchor(kind, token.Text) : null;
        }

        if (!_caseRecord.TryGetValue(token.Text, out var recorded))
        {
            ReportUnknown(token, "recorded date or date-time", _caseRecord.Values.Where(f => f.Field.Type.Kind is ValueKind.Date or ValueKind.DateTime).Select(f => f.Field.Name));
            return null;
        }

        if (recorded.Field.Type.Kind is not (ValueKind.Date or ValueKind.DateTime))
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, token.Span, $"Deadline '{deadline}' counts from '{token.Text}', which is {recorded.Field.Type}; a deadline counts from a date or a date-time. Record it as: {token.Text}: date-time");
            return null;
        }

        return new DeadlineAnchor(AnchorKind.Field, token.Text);
    }

    /// <summary>The day boundary a <c>within</c> line counts from, keeping one an earlier line set.</summary>
    private static DayBoundary DayOf(TimingSyntax timing, DayBoundary earlier) => timing.Origin switch
    {
        _ when earlier != DayBoundary.None => earlier,
        TimingOrigin.BeginningWith or TimingOrigin.FromStartOfDay => DayBoundary.Start,
        TimingOrigin.FromEndOfDay => DayBoundary.End,
        _ => DayBoundary.None,
    };

    /// <summary>Warns when the field a deadline counts from may not be recorded by the time the deadline starts.</summary>
    private void CheckAnchorIsRecorded(DeadlineSyntax syntax, DeadlineTrigger trigger, DeadlineAnchor anchor)
    {
        if (anchor.Kind != AnchorKind.Field || trigger.Name.Length == 0)
        {
            return;
        }

        bool Records(string owner) =>
            _records.TryGetValue(owner, out var record) && record.Fields.Any(f => f.Name == anchor.Name && !f.IsOptional);

        string? unproven;
        if (trigger.Kind == TriggerKind.OnEntering)
        {
            // Every action into the state records it; the initial state is entered when the case opens, with nothing recorded.
            var into = Declared<ActionSyntax>().Where(a => a.ToState is { IsMissing: false } to && to.Text == trigger.Name).Select(a => a.Name.Text).ToList();
            var initial = Declared<StateSyntax>().Any(s => s.Name.Text == trigger.Name && s.Modifiers.Any(m => m.Is("initial")));
            unproven = initial || into.Count == 0 || !into.All(Records)
                ? (into.Count == 0 ? $"entering {trigger.Name}" : Join(into.Where(a => !Records(a)).DefaultIfEmpty("opening the case").ToList()))
                : null;
        }
        else
        {
            unproven = Records(trigger.Name) ? null : trigger.Name;
        }

        if (unproven is not null)
        {
            var at = syntax.Body.Statements.SelectMany(Timings).Select(t => t.Anchor).FirstOrDefault(a => a is not null) ?? syntax.Name;
            _diagnostics.Add(DiagnosticDescriptors.AnchorMayBeUnset, at.Span, syntax.Name.Text, anchor.Name, unproven);
        }
    }

    private static IEnumerable<TimingSyntax> Timings(StatementSyntax statement) => statement switch
    {
        TimingSyntax t => new[] { t },
        MustSyntax m => m.Timings,
        _ => Array.Empty<TimingSyntax>(),
    };

    private static string Join(IReadOnlyList<string> names) =>
        names.Count <= 1 ? names.FirstOrDefault() ?? string.Empty : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];

    /// <summary>
    /// A duration case that names a duration the case records (<c>within warrantPeriod</c>): its latest value applies when
    /// the deadline opens. Null (reported) when the field is not a duration.
    /// </summary>
    private string? BindRecordedDuration(Token token)
    {
        var recorded = _caseRecord[token.Text];
        if (recorded.Field.Type.Kind != ValueKind.Duration)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, token.Span, $"'{token.Text}' is {recorded.Field.Type}, but a duration is needed here. Record it as: {token.Text}: duration");
            return null;
        }

        // A recorded duration may be in working days, which need a calendar to count on.
        RequireCalendar(token.Span);
        return token.Text;
    }

    /// <summary><c>arrivedAt + 24 hours</c>: a date-time (a recorded one, or <c>now</c>) moved by a fixed duration.</summary>
    private Operand? BindOffset(OffsetOperandSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        var operand = BindOperand(syntax.Operand, scope);
        var duration = BindDuration(syntax.Duration);
        if (operand is null || duration is null)
        {
            return null;
        }

        if (operand.Type.Kind != ValueKind.DateTime)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, syntax.Operand.Span, $"A duration can be added to or taken from a date-time, but this is {operand.Type}. Write a date-time field or 'now', e.g. arrivedAt + 24 hours");
            return null;
        }

        return new OffsetOperand(operand, duration.Value, syntax.Sign.Kind == TokenKind.Minus);
    }

    /// <summary><c>FirstReview was breached</c>, <c>FirstReview was met</c>.</summary>
    private Condition? BindWas(WasConditionSyntax syntax)
    {
        if (!Resolve<DeadlineSyntax>(syntax.Deadline, "deadline", out _) || syntax.Status.IsMissing)
        {
            return null;
        }

        switch (syntax.Status.Text)
        {
            case "breached":
                return new DeadlineStatusCondition(syntax.Deadline.Text, DeadlineConditionStatus.Breached);
            case "met":
                return new DeadlineStatusCondition(syntax.Deadline.Text, DeadlineConditionStatus.Met);
            default:
                _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, syntax.Status.Span, $"A deadline 'was breached' or 'was met', not '{syntax.Status.Text}'. Write, e.g., {syntax.Deadline.Text} was breached");
                return null;
        }
    }

    /// <summary><c>Review happened at least 2 times</c>, <c>twice</c>, <c>more than once</c>: how often an action was performed.</summary>
    private Condition? BindHappenedCount(string action, IReadOnlyList<Token> words)
    {
        if (words.Any(w => w.IsMissing))
        {
            return null;
        }

        var op = CompareOperator.Equal;
        var at = 0;
        if (words.Count > 2 && (words[0].Is("at") || words[0].Is("more") || words[0].Is("fewer")))
        {
            op = words[0].Text switch
            {
                "more" => CompareOperator.Greater,
                "fewer" => CompareOperator.Less,
                _ => words[1].Is("least") ? CompareOperator.GreaterOrEqual : CompareOperator.LessOrEqual,
            };
            at = 2;
        }

        var count = words[at];
        int times;
        if (count.Is("once") || count.Is("twice"))
        {
            times = count.Is("once") ? 1 : 2;
        }
        else if (!int.TryParse(count.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out times) || times > 100_000)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidNumber, count.Span, count.Text);
            return null;
        }

        return new HappenedCountCondition(action, op, times);
    }

    /// <summary><c>pauses when A, B</c>, <c>resumes on leaving S</c>: what stops and starts a deadline's clock.</summary>
    private void BindClockLine(ClockLineSyntax syntax, List<ClockEvent> events)
    {
        if (syntax.Mode.Count == 0 || syntax.Mode.Any(m => m.IsMissing))
        {
            return;
        }

        // Told apart by the words' shape, so that a misspelt 'leavin' (reported) is still read as 'leaving'.
        var kind = syntax.Mode[0].Is("when") ? ClockEventKind.When
            : syntax.Mode.Count > 1 && Binder.Suggest(syntax.Mode[1].Text, new[] { "entering", "leaving" }) is { } word
                ? (word == "leaving" ? ClockEventKind.Leaving : ClockEventKind.Entering)
                : (ClockEventKind?)null;
        if (kind is null)
        {
            // A wrong word where 'when' or 'on entering' belongs has been reported by the parser.
            return;
        }

        foreach (var target in syntax.Targets.Names)
        {
            var known = kind == ClockEventKind.When ? ResolveActionOrSignal(target, out _) : Resolve<StateSyntax>(target, "state", out _);
            if (known && events.All(e => e.Kind != kind || e.Name != target.Text))
            {
                events.Add(new ClockEvent(kind.Value, target.Text));
            }
        }
    }

    /// <summary><c>excused by PostponeReview until 2 hours after due</c>: the action, which must record why, and its window.</summary>
    private (string? Action, Duration? Until) BindExcused(ExcusedSyntax syntax, string deadline)
    {
        if (!Resolve<ActionSyntax>(syntax.Action, "action", out _))
        {
            return (null, null);
        }

        var record = _records[syntax.Action.Text];
        if (!record.Fields.Any(f => f.Type.Kind == ValueKind.Text && !f.IsOptional))
        {
            _diagnostics.Add(DiagnosticDescriptors.ExcuseWithoutReason, syntax.Action.Span, deadline, syntax.Action.Text);
        }

        var until = syntax.BeforeDue ? new Duration(0, DurationUnit.Minutes) : syntax.Until is null ? (Duration?)null : BindDuration(syntax.Until);
        return (syntax.Action.Text, until);
    }

    /// <summary>The name that stands for the system in <c>action Expire by system from A to B when D is due</c>.</summary>
    private const string SystemRole = "system";

    /// <summary>
    /// <c>when D is due</c> on an action: the deadline whose due time makes the system perform it. The action is
    /// <c>by system</c> and records nothing required, because no person performs it (POL0029 otherwise).
    /// </summary>
    private string? BindWhenDue(ActionSyntax action)
    {
        if (action.WhenDue.Count < 2 || action.WhenDue[1] is not { IsMissing: false } deadline || !Resolve<DeadlineSyntax>(deadline, "deadline", out _))
        {
            return null;
        }

        var name = action.Name.Text;
        if (action.Roles.Names.Count != 1 || action.Roles.Names[0].Text != SystemRole || _declarations.ContainsKey(SystemRole))
        {
            _diagnostics.Add(DiagnosticDescriptors.AutomaticActionWrong, action.Roles.Span.Length > 0 ? action.Roles.Span : action.Name.Span, name, deadline.Text,
                "no one performs it: write 'by system' (and declare no role named 'system').");
            return null;
        }

        if (_records[name].Fields.FirstOrDefault(f => !f.IsOptional) is { } field)
        {
            _diagnostics.Add(DiagnosticDescriptors.AutomaticActionWrong, _records[name].Syntax[field.Name].Span, name, deadline.Text,
                $"no one records '{field.Name}' on it. Mark the field optional, or record it on an action a person performs.");
            return null;
        }

        if (action.ToState is null)
        {
            _diagnostics.Add(DiagnosticDescriptors.AutomaticActionWrong, action.Name.Span, name, deadline.Text,
                "it should move the case: write 'from State to State'.");
            return null;
        }

        return deadline.Text;
    }
}
