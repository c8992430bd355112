using System.Globalization;
using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Semantics;

/// <summary>Deadlines: triggers, timings, stops, escalation and durations.</summary>
internal sealed partial class Binder
{
    // ---- Deadlines ---------------------------------------------------------------------------------------------------

    private DeadlineDefinition BindDeadline(DeadlineSyntax deadline)
    {
        var name = deadline.Name.Text;
        DeadlineTrigger? trigger = null;
        IReadOnlyList<FieldDefinition> triggerFields = Array.Empty<FieldDefinition>();
        string role = string.Empty, action = string.Empty;
        Condition? metWhere = null;
        DurationExpression? within = null, notBefore = null;
        var stopsWhen = new List<string>();
        string? stopsOnLeaving = null;
        var escalations = new List<EscalationDefinition>();
        Duration? warn = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        MustSyntax? must = null;
        EverySyntax? recurrence = null;
        var isRecurring = false;
        var fromDay = DayBoundary.None;
        DeadlineAnchor? from = null;
        var pauses = new List<ClockEvent>();
        var resumes = new List<ClockEvent>();
        string? excusedBy = null;
        Duration? excuseUntil = null;
        _countedOn = null;

        void Once(Token keyword, string line)
        {
            if (!seen.Add(line))
            {
                _diagnostics.Add(DiagnosticDescriptors.RepeatedDeadlineLine, keyword.Span, name, line);
            }
        }

        // Triggers first: their fields are in scope for the durations.
        foreach (var statement in deadline.Body.Statements)
        {
            switch (statement)
            {
                case StartsSyntax starts:
                    if (trigger is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TwoTriggers, starts.Keyword.Span, name);
                        break;
                    }

                    trigger = BindTrigger(starts, out triggerFields) ?? new DeadlineTrigger(TriggerKind.When, string.Empty);
                    break;
                case EverySyntax every:
                    if (trigger is not null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TwoTriggers, every.Keyword.Span, name);
                        break;
                    }

                    isRecurring = true;
                    recurrence = every;

                    // An unknown state (reported) leaves the trigger unnamed, so no check reasons about a state that is not there.
                    var state = Resolve<StateSyntax>(every.State, "state", out _) ? every.State.Text : string.Empty;
                    trigger = new DeadlineTrigger(TriggerKind.Recurring, state);
                    stopsOnLeaving = state.Length > 0 ? state : null;
                    break;
                case CountedOnSyntax counted:
                    // Before the durations: working days counted on a calendar need no policy calendar.
                    Once(counted.Keyword, "counted on");
                    _countedOn ??= ResolveCountedOn(counted);
                    break;
            }
        }

        foreach (var statement in deadline.Body.Statements)
        {
            switch (statement)
            {
                case EverySyntax every when ReferenceEquals(every, recurrence):
                    within = BindDurationExpression(every.Interval, triggerFields);
                    break;
                case MustSyntax m:
                    Once(m.Must, "must");
                    must = m;
                    if (Resolve<RoleSyntax>(m.Role, "role", out _))
                    {
                        role = m.Role.Text;
                    }

                    if (Resolve<ActionSyntax>(m.Action, "action", out _))
                    {
                        action = m.Action.Text;
                        if (m.Condition is not null)
                        {
                            var fields = _records[action].Fields;
                            metWhere = WithoutActor("in a deadline's 'must … where', which is worked out again whenever the case is replayed", () => BindCondition(m.Condition, fields));
                        }
                    }

                    foreach (var timing in m.Timings)
                    {
                        BindTiming(timing, triggerFields, ref within, ref notBefore, Once);
                        fromDay = DayOf(timing, fromDay);
                        from ??= BindAnchor(timing, name);
                    }

                    break;
                case TimingSyntax timing:
                    BindTiming(timing, triggerFields, ref within, ref notBefore, Once);
                    fromDay = DayOf(timing, fromDay);
                    from ??= BindAnchor(timing, name);
                    break;
                case StopsSyntax stops:
                    Once(stops.Keyword, "stops");

                    // A wrong word where 'when' or 'on leaving' belongs has been reported by the parser.
                    if (!stops.OnLeaving && !(stops.Mode.Count > 0 && stops.Mode[0].Is("when")))
                    {
                        break;
                    }

                    foreach (var target in stops.Targets.Names)
                    {
                        if (stops.OnLeaving)
                        {
                            if (Resolve<StateSyntax>(target, "state", out _))
                            {
                                stopsOnLeaving = target.Text;
                            }
                        }
                        else if (ResolveActionOrSignal(target, out _))
                        {
                            stopsWhen.Add(target.Text);
                        }
                    }

                    break;
                case EscalateSyntax escalate:
                    Once(escalate.Keyword, "escalate");
                    for (var i = 0; i < escalate.Stages.Count; i++)
                    {
                        var stage = escalate.Stages[i];
                        var after = stage.Delay is null ? (Duration?)null : BindDuration(stage.Delay);
                        if (i > 0 && stage.Delay is null)
                        {
                            _diagnostics.Add(DiagnosticDescriptors.UnorderedEscalation, stage.Span);
                        }

                        if (Resolve<RoleSyntax>(stage.Role, "role", out _))
                        {
                            escalations.Add(new EscalationDefinition(stage.Role.Text, after));
                        }
                    }

                    break;
                case WarnSyntax w:
                    Once(w.Keyword, "warn");
                    warn = BindDuration(w.Duration);
                    break;
                case ClockLineSyntax clock:
                    BindClockLine(clock, clock.IsPause ? pauses : resumes);
                    break;
                case ExcusedSyntax excused:
                    Once(excused.Keyword, "excused by");
                    (excusedBy, excuseUntil) = BindExcused(excused, name);
                    break;
            }
        }

        var anchor = deadline.Name.IsMissing ? deadline.Keyword.Span : deadline.Name.Span;

        // When a line of the deadline could not be read (reported), what seems missing is probably in that line.
        if (!deadline.Name.IsMissing && !deadline.Body.Open.IsMissing && !deadline.Body.Statements.OfType<SkippedSyntax>().Any())
        {
            if (trigger is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, anchor, name, "when it starts", "starts when Action  (or: starts on entering State, or: every 14 days while State)");
            }

            if (must is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, anchor, name, "who must do what", "Role must Action within 1 working day");
            }
            else if (within is null && !isRecurring)
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadlineIncomplete, must.Span, name, "by when", $"{must.Role.Text} must {must.Action.Text} within 28 days");
            }

            if (isRecurring && seen.Contains("within"))
            {
                _diagnostics.Add(DiagnosticDescriptors.RecurringWithWithin, anchor, name);
            }
        }

        // A resumes line that could not be read (reported) still says the clock starts again: no second error for it.
        if (pauses.Count > 0 && !deadline.Body.Statements.OfType<ClockLineSyntax>().Any(c => !c.IsPause))
        {
            var pauseLine = deadline.Body.Statements.OfType<ClockLineSyntax>().First(c => c.IsPause);
            _diagnostics.Add(DiagnosticDescriptors.PauseNeverResumes, pauseLine.Keyword.Span, name);
        }

        if (from is not null && trigger is not null)
        {
            CheckAnchorIsRecorded(deadline, trigger, from);
        }

        if (_countedOn is { } calendar)
        {
            CheckUnitsOnCountedCalendar(name, calendar, DurationsIn(deadline.Body));
        }

        if (!deadline.Name.IsMissing && !CitesIn(deadline.Body).Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.UncitedRule, anchor, "Deadline", name);
        }

        return new DeadlineDefinition(
            name,
            deadline.Title?.Text ?? name,
            trigger ?? new DeadlineTrigger(TriggerKind.When, string.Empty),
            role,
            action,
            metWhere,
            within ?? new DurationExpression(Array.Empty<DurationCase>()),
            notBefore,
            stopsWhen,
            stopsOnLeaving,
            escalations,
            warn,
            BindCites(CitesIn(deadline.Body)),
            _countedOn,
            fromDay,
            from,
            pauses.Count > 0 || resumes.Count > 0 || excusedBy is not null ? new ClockStops(pauses, resumes, excusedBy, excuseUntil) : null);
    }

    /// <summary>Every fixed duration a deadline's lines write: its timings, interval, escalation stages and warning.</summary>
    private static IEnumerable<DurationSyntax> DurationsIn(BlockSyntax body)
    {
        foreach (var statement in body.Statements)
        {
            var expressions = statement is EverySyntax every ? new[] { every.Interval } : Timings(statement).Select(t => t.Duration);
            foreach (var duration in expressions.SelectMany(e => e.Cases).Select(c => c.Duration).OfType<DurationSyntax>())
            {
                yield return duration;
            }

            if (statement is EscalateSyntax escalate)
            {
                foreach (var delay in escalate.Stages.Select(s => s.Delay).OfType<DurationSyntax>())
                {
                    yield return delay;
                }
            }
            else if (statement is WarnSyntax warn)
            {
                yield return warn.Duration;
            }
        }
    }

    private void BindTiming(TimingSyntax timing, IReadOnlyList<FieldDefinition> scope, ref DurationExpression? within, ref DurationExpression? notBefore, Action<Token, string> once)
    {
        if (timing.IsNotBefore)
        {
            once(timing.Keywords[0], "not before");
            notBefore = BindDurationExpression(timing.Duration, scope);
        }
        else
        {
            once(timing.Keywords[0], "within");
            within = BindDurationExpression(timing.Duration, scope);
        }
    }

    private DeadlineTrigger? BindTrigger(StartsSyntax starts, out IReadOnlyList<FieldDefinition> fields)
    {
        fields = Array.Empty<FieldDefinition>();
        // A wrong word where 'when', 'each' or 'on' belongs has been reported by the parser.
        var onEntering = starts.Mode.Any(m => m.Is("on") || m.Is("entering"));
        if (starts.Mode.Count == 0 || !(onEntering || starts.Mode[0].Is("when") || starts.Mode[0].Is("each")) || starts.Target.IsMissing)
        {
            return null;
        }

        if (onEntering)
        {
            return Resolve<StateSyntax>(starts.Target, "state", out _) ? new DeadlineTrigger(TriggerKind.OnEntering, starts.Target.Text) : null;
        }

        if (!ResolveActionOrSignal(starts.Target, out var record))
        {
            return null;
        }

        fields = record.Fields;
        return new DeadlineTrigger(starts.Mode[0].Is("each") ? TriggerKind.Each : TriggerKind.When, starts.Target.Text);
    }

    private bool ResolveActionOrSignal(Token token, out ActionRecord record)
    {
        record = null!;
        if (token.IsMissing)
        {
            return false;
        }

        if (_declarations.TryGetValue(token.Text, out var found) && found is ActionSyntax or SignalSyntax)
        {
            record = _records[token.Text];
            return true;
        }

        if (found is not null)
        {
            _diagnostics.Add(DiagnosticDescriptors.WrongKindOfName, token.Span, token.Text, WithArticle(KindOf(found)), WithArticle("action or signal"));
            return false;
        }

        ReportUnknown(token, "action or signal", Declared<ActionSyntax>().Select(a => a.Name.Text).Concat(Declared<SignalSyntax>().Select(s => s.Name.Text)));
        return false;
    }

    private DurationExpression BindDurationExpression(DurationExpressionSyntax syntax, IReadOnlyList<FieldDefinition> scope)
    {
        var cases = new List<DurationCase>();
        foreach (var item in syntax.Cases)
        {
            Duration? fixedDuration = null;
            string? setting = null;
            string? field = null;
            if (item.Duration is not null)
            {
                fixedDuration = BindDuration(item.Duration);
            }
            else if (item.Setting is { IsMissing: false } recordedToken && !_settings.ContainsKey(recordedToken.Text) && _caseRecord.ContainsKey(recordedToken.Text))
            {
                field = BindRecordedDuration(recordedToken);
            }
            else if (item.Setting is { IsMissing: false } token)
            {
                if (Resolve<SettingSyntax>(token, "setting", out _) && _settings.TryGetValue(token.Text, out var definition))
                {
                    if (definition.Type.Kind != ValueKind.Duration)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, token.Span, $"Setting '{token.Text}' is {definition.Type}, but a duration is needed here. Declare it as: setting {token.Text}: duration = 14 days");
                    }
                    else
                    {
                        setting = token.Text;
                        if (definition.DefaultValue.Duration is { Unit: DurationUnit.WorkingDays })
                        {
                            RequireCalendar(token.Span);
                        }
                    }
                }
            }

            var condition = item.Condition is null
                ? null
                : WithoutActor("in a deadline's duration, which is worked out again whenever the case is replayed", () => BindCondition(item.Condition, scope));
            if (fixedDuration is null && setting is null && field is null)
            {
                continue;
            }

            cases.Add(new DurationCase(fixedDuration, setting, condition, field));
        }

        if (cases.Count > 0 && cases[cases.Count - 1].When is not null && !CoversEveryOption(cases))
        {
            var example = cases[cases.Count - 1].Fixed?.ToString() ?? cases[cases.Count - 1].Setting ?? cases[cases.Count - 1].Field ?? "28 days";
            _diagnostics.Add(DiagnosticDescriptors.DurationNotExhaustive, syntax.Span, example);
        }

        return new DurationExpression(cases);
    }

    /// <summary>True when the cases test one choice value against every one of its options.</summary>
    private bool CoversEveryOption(IReadOnlyList<DurationCase> cases)
    {
        string? field = null;
        string? choice = null;
        var options = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in cases)
        {
            if (item.When is not IsOptionCondition { Operand: FieldOperand operand } test)
            {
                return false;
            }

            var key = operand.Name + "." + string.Join(".", operand.Path);
            if (field is not null && field != key)
            {
                return false;
            }

            field = key;
            choice = test.Choice;
            options.Add(test.Option);
        }

        return choice is not null && _choices.TryGetValue(choice, out var definition) && definition.Options.All(o => options.Contains(o.Name));
    }

    private Duration? BindDuration(DurationSyntax syntax)
    {
        if (syntax.Amount.IsMissing || syntax.Unit.Count == 0 || syntax.Unit.Any(u => u.IsMissing))
        {
            return null;
        }

        if (!int.TryParse(syntax.Amount.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000)
        {
            _diagnostics.Add(DiagnosticDescriptors.InvalidNumber, syntax.Amount.Span, syntax.Amount.Text);
            return null;
        }

        var unitText = syntax.Unit[0].Text;
        var unit = unitText switch
        {
            "minute" or "minutes" => DurationUnit.Minutes,
            "hour" or "hours" => DurationUnit.Hours,
            "day" or "days" => DurationUnit.Days,
            "working" => DurationUnit.WorkingDays,
            "week" or "weeks" => DurationUnit.Weeks,
            _ => DurationUnit.Months,
        };
        if (amount == 0)
        {
            _diagnostics.Add(DiagnosticDescriptors.ZeroDuration, syntax.Span, unit == DurationUnit.WorkingDays ? "working days" : unitText.TrimEnd('s') + "s");
        }

        if (unit == DurationUnit.WorkingDays)
        {
            RequireCalendar(syntax.Span);
        }

        var duration = new Duration(amount, unit);
        if (!duration.IsWithinLimit)
        {
            _diagnostics.Add(DiagnosticDescriptors.DurationTooLong, syntax.Span, duration, Duration.MaximumYears);
            return null;
        }

        return duration;
    }

    private void RequireCalendar(TextSpan span)
    {
        if (_calendar is null && _countedOn is null && !_reportedWorkingDays && !Statements.OfType<CalendarSyntax>().Any())
        {
            _reportedWorkingDays = true;
            _diagnostics.Add(DiagnosticDescriptors.WorkingDaysWithoutCalendar, span);
        }
    }
}
