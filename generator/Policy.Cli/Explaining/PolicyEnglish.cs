using System.Globalization;
using System.Text;
using Policy.Definitions;

namespace Policy.Cli.Explaining;

/// <summary>
/// Renders a policy in plain English, one sentence per rule, in the register of the procedures it comes from:
/// "Within 1 working day of each key update, the SOIT must inform the victim. If not, the Supervisor is alerted;
/// 2 working days later, the CrimeManager."
/// </summary>
internal sealed class PolicyEnglish
{
    private readonly PolicyDefinition _policy;

    public PolicyEnglish(PolicyDefinition policy) => _policy = policy;

    /// <summary>A PascalCase name as words: <c>RecordKeyUpdate</c> becomes "record key update"; acronyms stay.</summary>
    public static string Words(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary || (c == '_' && i > 0))
            {
                builder.Append(' ');
            }

            if (c == '_')
            {
                continue;
            }

            builder.Append(c);
        }

        // Lower-case ordinary words; keep acronyms (two or more capitals) as they are.
        var words = builder.ToString().Split(' ').Select(w => w.Length > 1 && w.All(char.IsUpper) ? w : w.ToLower(CultureInfo.InvariantCulture));
        return string.Join(" ", words);
    }

    private static string UpperFirst(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLower(text[0], CultureInfo.InvariantCulture) + text.Substring(1) : text;

    /// <summary>What doing the action is called: its title when the owner gave one, else its name in words.</summary>
    public string Action(string name)
    {
        var action = _policy.Actions.FirstOrDefault(a => a.Name == name);
        return action is not null && action.Title != action.Name ? LowerFirst(action.Title) : Words(name);
    }

    /// <summary>
    /// An action as what someone must or may do: its title when it reads as a verb phrase ("review the detention"),
    /// else the title quoted after "carry out" ("carry out “Supervisor's review”"), so that a title written as a noun
    /// phrase or a sentence never makes a garbled sentence ("the Supervisor must supervisor's review").
    /// </summary>
    private string Deed(string name)
    {
        var action = _policy.Actions.FirstOrDefault(a => a.Name == name);
        var title = action is not null && action.Title != action.Name ? action.Title : Words(name);
        return ReadsAsVerbPhrase(title, _policy) ? LowerFirst(title) : $"carry out “{title}”";
    }

    /// <summary>Words that begin a noun phrase or a sentence, never an instruction.</summary>
    private static readonly HashSet<string> NounPhraseStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "each",
        "every", "all", "any", "no", "first", "second", "third", "final", "initial", "next", "new", "another", "further",
        "it", "they", "he", "she", "we", "i", "someone", "nobody",
    };

    /// <summary>Endings of nouns made from verbs ("allocation", "assessment", "referral", "reviewing").</summary>
    private static readonly string[] NounEndings = { "tion", "sion", "ment", "ance", "ence", "al", "ing" };

    /// <summary>Instructions that end like such nouns.</summary>
    private static readonly HashSet<string> VerbsWithNounEndings = new(StringComparer.OrdinalIgnoreCase)
    {
        "appeal", "reveal", "conceal", "repeal", "signal", "cancel", "mention", "question", "position", "sanction",
        "commission", "document", "comment", "implement", "supplement", "complement", "augment", "advance", "balance",
        "finance", "evidence", "sentence", "reference", "bring", "sing", "ring", "string",
    };

    /// <summary>
    /// Whether a title can follow "must": its first word is not a determiner, pronoun, ordinal, possessive, number,
    /// role or a noun made from a verb. A verb that looks like such a noun ("appeal") is quoted too, which reads well.
    /// </summary>
    private static bool ReadsAsVerbPhrase(string title, PolicyDefinition policy)
    {
        var first = title.Split(' ', 2)[0].TrimEnd(',', ':', ';');
        if (first.Length == 0 || !char.IsLetter(first[0]) || NounPhraseStarts.Contains(first)
            || first.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || first.EndsWith("’s", StringComparison.OrdinalIgnoreCase)
            || first.EndsWith("s'", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (policy.Roles.Any(r => string.Equals(r.Name, first, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Title.Split(' ', 2)[0], first, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return VerbsWithNounEndings.Contains(first)
            || !NounEndings.Any(ending => first.Length > ending.Length + 2 && first.EndsWith(ending, StringComparison.OrdinalIgnoreCase));
    }

    private string Signal(string name)
    {
        var signal = _policy.Signals.FirstOrDefault(s => s.Name == name);
        return signal is not null && signal.Title != signal.Name ? LowerFirst(signal.Title) : Words(name);
    }

    private string Happening(string name) => _policy.Signals.Any(s => s.Name == name) ? Signal(name) : Action(name);

    public static string Role(string role) => "the " + role;

    /// <summary>"the Supervisor or the Inspector or above": the top ranks an action names all of (two or more) are said as "or above".</summary>
    private string RoleList(IReadOnlyList<string> roles)
    {
        var ranks = _policy.Ranks;
        for (var k = 0; k < ranks.Count - 1; k++)
        {
            if (ranks.Skip(k).All(roles.Contains))
            {
                var above = ranks.Skip(k).ToHashSet(StringComparer.Ordinal);
                var others = roles.Where(r => !above.Contains(r)).Select(Role);
                return Join(others.Append($"the {ranks[k]} or above").ToList(), "or");
            }
        }

        return Join(roles.Select(Role).ToList(), "or");
    }

    public static string Join(IReadOnlyList<string> items, string conjunction) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " " + conjunction + " " + items[items.Count - 1],
    };

    public string Duration(DurationExpression expression) => string.Join(", ", DurationParts(expression));

    private List<string> DurationParts(DurationExpression expression)
    {
        var parts = new List<string>();
        foreach (var item in expression.Cases)
        {
            var amount = item.Fixed?.ToString() ?? (item.Field is { } field ? $"the recorded {Words(field)}" : SettingValue(item.Setting!));
            parts.Add(item.When is null
                ? (parts.Count > 0 ? "otherwise " : string.Empty) + amount
                : $"{amount} when {Condition(item.When)}");
        }

        return parts;
    }

    /// <summary>The cases of a duration as a list: "15 minutes when the grade is immediate; otherwise 48 hours".</summary>
    private string Cases(DurationExpression expression) => string.Join("; ", DurationParts(expression));

    private string SettingValue(string name)
    {
        var setting = _policy.Settings.FirstOrDefault(s => s.Name == name);
        return setting is null ? name : $"{setting.DefaultValue.Text} (the setting {name})";
    }

    /// <summary>How the policy's cases count in officers' caseloads: "Each open case counts 3 in ... when ...; otherwise 1."</summary>
    public string CaseloadSentence()
    {
        if (_policy.Caseload is not { } caseload)
        {
            return string.Empty;
        }

        var parts = caseload.Cases.Select(c => c.When is { } when
            ? $"{c.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)} when {Condition(when)}"
            : (caseload.Cases.Count > 1 ? "otherwise " : string.Empty) + c.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"In an officer's caseload, each open case of this policy on which they hold a role counts {string.Join("; ", parts)}.";
    }

    public string Condition(Condition condition) => condition switch
    {
        AndCondition a => string.Join(" and ", a.Operands.Select(o => o is OrCondition ? "(" + Condition(o) + ")" : Condition(o))),
        OrCondition o => string.Join(" or ", o.Operands.Select(o => o is AndCondition ? "(" + Condition(o) + ")" : Condition(o))),
        NotCondition { Operand: IsSetCondition s } => $"nothing has been recorded for {Recordable(s.Operand)}",
        NotCondition { Operand: IsAvailableCondition a } => $"{Operand(a.Officer)} is not available",
        NotCondition { Operand: DeadlineOpenCondition d } => $"the deadline {d.Deadline} is not open",
        NotCondition { Operand: IsOptionCondition i } => $"{Operand(i.Operand)} is not {Words(i.Option)}",
        NotCondition { Operand: DeadlineStatusCondition { Status: DeadlineConditionStatus.Overdue } d } => $"the deadline {d.Deadline} is not overdue",
        NotCondition { Operand: DeadlineStatusCondition d } => $"the deadline {d.Deadline} has never been {(d.Status == DeadlineConditionStatus.Met ? "met" : "missed")}",
        NotCondition { Operand: HoldsRoleCondition h } => $"{Operand(h.Officer)} {(h.OnThisCase ? $"is not the case's {h.Role}" : $"does not hold the role {h.Role}")}",
        NotCondition { Operand: InvolvedCondition i } => $"{Operand(i.Officer)} has no part in the case (holds no role on it and has not acted on it)",
        NotCondition { Operand: ActedBeforeCondition a } => $"{Operand(a.Officer)} has not acted on the case before",
        NotCondition n => $"it is not the case that {Condition(n.Operand)}",
        TruthCondition t => $"{Operand(t.Operand)} is yes",
        IsOptionCondition i => $"{Operand(i.Operand)} is {Words(i.Option)}",
        IsSetCondition s => $"something has been recorded for {Recordable(s.Operand)}",
        IsAvailableCondition a => $"{Operand(a.Officer)} is available",
        DeadlineOpenCondition d => $"the deadline {d.Deadline} is open",
        DeadlineStatusCondition { Status: DeadlineConditionStatus.Overdue } d => $"the deadline {d.Deadline} is overdue",
        DeadlineStatusCondition { Status: DeadlineConditionStatus.Breached } d => $"the deadline {d.Deadline} has been missed",
        DeadlineStatusCondition d => $"the deadline {d.Deadline} has been met",
        HappenedCountCondition h => $"\"{Action(h.Action)}\" has been done {Times(h.Operator, h.Count)}",
        HappenedSinceCondition { SinceEntering: null } h => $"someone has {PastTense(h.Action)}",
        HappenedSinceCondition h => $"someone has {PastTense(h.Action)} since the case entered {State(h.SinceEntering!)}",
        HoldsRoleCondition { OnThisCase: true } h => $"{Operand(h.Officer)} is the case's {h.Role}",
        HoldsRoleCondition h => $"{Operand(h.Officer)} holds the role {h.Role}",
        InvolvedCondition i => $"{Operand(i.Officer)} is involved in the case (holds a role on it or has acted on it)",
        ActedBeforeCondition a => $"{Operand(a.Officer)} has acted on the case before",
        CompareCondition c => $"{Operand(c.Left)} {(c.Left.Type.Kind is ValueKind.Date or ValueKind.DateTime ? WhenComparison(c.Operator) : Comparison(c.Operator))} {Operand(c.Right)}",
        _ => condition.ToString(),
    };

    private static string Times(CompareOperator op, int count)
    {
        var times = count switch { 1 => "once", 2 => "twice", _ => $"{count} times" };
        return op switch
        {
            CompareOperator.GreaterOrEqual => "at least " + times,
            CompareOperator.LessOrEqual => "at most " + times,
            CompareOperator.Greater => "more than " + times,
            CompareOperator.Less => "fewer than " + times,
            CompareOperator.NotEqual => "other than " + times,
            _ => "exactly " + times,
        };
    }

    /// <summary>"has inform the victim" reads badly; say "performed 'inform the victim'" instead.</summary>
    private string PastTense(string action) => $"performed \"{Action(action)}\"";

    /// <summary>What "is set" asks about, without "the recorded" twice: "the bail conditions", "the decision's reason".</summary>
    private string Recordable(Operand operand) => operand is FieldOperand f
        ? (f.Path.Count == 0 ? $"the {Words(f.Name)}" : $"the {Words(f.Name)}'s {string.Join(" ", f.Path.Select(Words))}")
        : Operand(operand);

    /// <summary>Comparisons of dates and times read as time: "is later than", "is no later than".</summary>
    private static string WhenComparison(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "is",
        CompareOperator.NotEqual => "is not",
        CompareOperator.Less => "is earlier than",
        CompareOperator.LessOrEqual => "is no later than",
        CompareOperator.Greater => "is later than",
        _ => "is no earlier than",
    };

    private static string Comparison(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "is",
        CompareOperator.NotEqual => "is not",
        CompareOperator.Less => "is less than",
        CompareOperator.LessOrEqual => "is at most",
        CompareOperator.Greater => "is more than",
        _ => "is at least",
    };

    private string Operand(Operand operand) => operand switch
    {
        FieldOperand f => f.Path.Count == 0 ? $"the recorded {Words(f.Name)}" : $"the recorded {Words(f.Name)}'s {string.Join(" ", f.Path.Select(Words))}",
        RoleOperand r => $"the case's {r.Role}",
        SettingOperand s => $"the setting {s.Setting}",
        LiteralOperand { Value.Type.Kind: ValueKind.Text } l => $"\"{l.Value.Text}\"",
        LiteralOperand l => l.Value.Text,
        NowOperand => "now",
        ActorOperand => "the officer doing it",
        CaseloadOperand c => $"the open caseload of {Operand(c.Officer)} (their other open cases, weighed)",
        OffsetOperand { Subtract: false } o => $"{Operand(o.Base)} plus {o.Duration}",
        OffsetOperand o => $"{Operand(o.Base)} minus {o.Duration}",
        _ => operand.ToString(),
    };

    private string Trigger(DeadlineTrigger trigger)
    {
        switch (trigger.Kind)
        {
            case TriggerKind.OnEntering:
                var state = _policy.States.FirstOrDefault(s => s.Name == trigger.Name);
                return state is { IsInitial: true } ? "the case being opened" : $"the case entering {State(trigger.Name)}";
            case TriggerKind.Each:
                return $"each time someone does \"{Happening(trigger.Name)}\"";
            default:
                return _policy.Signals.Any(s => s.Name == trigger.Name)
                    ? $"\"{Signal(trigger.Name)}\""
                    : $"\"{Action(trigger.Name)}\" being done";
        }
    }

    /// <summary>One sentence for a deadline, with its escalation.</summary>
    public string Deadline(DeadlineDefinition deadline)
    {
        var who = Role(deadline.Role);
        var what = Deed(deadline.Action) + (deadline.MetWhere is null ? string.Empty : $", where {Condition(deadline.MetWhere)}");
        string sentence;
        if (deadline.Trigger.Kind == TriggerKind.Recurring)
        {
            sentence = deadline.Within.Cases.Count > 1
                ? $"While the case is {State(deadline.Trigger.Name)}{NotCounting(deadline)}, {who} must {what} every {Cases(deadline.Within)}."
                : $"Every {Duration(deadline.Within)}{NotCounting(deadline)} while the case is {State(deadline.Trigger.Name)}, {who} must {what}.";
        }
        else
        {
            // What the time counts from, without its preposition: the deadline's start, an anchor, or another's due time.
            var origin = deadline.From switch
            {
                { Kind: AnchorKind.Field } anchor => deadline.FromDay == DayBoundary.None ? $"the time recorded as {Words(anchor.Name)}" : $"the day recorded as {Words(anchor.Name)}",
                { Kind: AnchorKind.DeadlineLatest } anchor => $"the latest time the deadline {anchor.Name} could have been met",
                { } anchor => $"when the deadline {anchor.Name} was due",
                _ => Trigger(deadline.Trigger),
            };
            var starts = deadline.From is null ? string.Empty : $" (it starts on {Trigger(deadline.Trigger)})";
            var dayOf = deadline.From is { Kind: AnchorKind.Field } ? origin : $"the day of {origin}";
            if (deadline.Within.Cases.Count > 1 && deadline.NotBefore is null)
            {
                // A time that depends on the case reads as a list after the obligation, not as one long duration.
                var since = deadline.FromDay switch
                {
                    DayBoundary.Start => $"the start of {dayOf}",
                    DayBoundary.End => $"the end of {dayOf}",
                    _ => origin,
                };
                sentence = $"Counting from {since}{starts}{NotCounting(deadline)}, {who} must {what} within {Cases(deadline.Within)}.";
            }
            else
            {
                var window = deadline.NotBefore is null ? "Within" : $"Not before {Duration(deadline.NotBefore)} and within";
                var from = deadline.FromDay switch
                {
                    DayBoundary.Start => $", beginning with {dayOf}",
                    DayBoundary.End => $" from the end of {dayOf}",
                    _ when deadline.From is null => $" of {origin}",
                    _ => $" from {origin}",
                };
                sentence = $"{window} {Duration(deadline.Within)}{from}{starts}{NotCounting(deadline)}, {who} must {what}.";
            }
        }

        if (deadline.StopsWhen.Count > 0)
        {
            sentence += $" This no longer applies once someone does {Join(deadline.StopsWhen.Select(s => $"\"{Happening(s)}\"").ToList(), "or")}.";
        }

        if (deadline.Clock is { } clock)
        {
            if (clock.Pauses.Count > 0)
            {
                sentence += $" The clock stops {ClockEvents(clock.Pauses)}";
                sentence += clock.Resumes.Count > 0 ? $" and starts again {ClockEvents(clock.Resumes)}, with the time it had left." : ".";
            }

            if (clock.ExcusedBy is { } excuse)
            {
                var window = clock.ExcuseUntil switch
                {
                    null => string.Empty,
                    { Amount: 0 } => " before it is due",
                    { } until => $" up to {until} after it is due",
                };
                sentence += $" It is excused if someone does \"{Action(excuse)}\"{window}; the reason is recorded with it.";
            }
        }

        return sentence + Escalation(deadline.Escalations);
    }

    /// <summary>A state as the reader sees it: its title (or its name in words), in quotes.</summary>
    private string State(string name) => $"“{StateTitle(name)}”";

    /// <summary>A state's title; a state whose title is its one-word name keeps it as written ("Detained").</summary>
    private string StateTitle(string name) =>
        _policy.States.FirstOrDefault(s => s.Name == name) is { } state && (state.Title != state.Name || !state.Name.Skip(1).Any(char.IsUpper))
            ? state.Title
            : Words(name);

    private string ClockEvents(IReadOnlyList<ClockEvent> events) => Join(
        events.Select(e => e.Kind switch
        {
            ClockEventKind.Entering => $"when the case enters “{StateTitle(e.Name)}”",
            ClockEventKind.Leaving => $"when the case leaves “{StateTitle(e.Name)}”",
            _ => $"when someone does \"{Happening(e.Name)}\"",
        }).ToList(),
        "or");

    /// <summary>", not counting Sundays, Christmas Day, Good Friday or bank holidays" for a deadline counted on a calendar.</summary>
    private string NotCounting(DeadlineDefinition deadline)
    {
        if (deadline.CountedOn is not { } name)
        {
            return string.Empty;
        }

        var left = _policy.Calendars.FirstOrDefault(c => c.Name == name) is { } declared
            ? LeftOut(declared)
            : new List<string> { "weekends", "bank holidays" };
        return left.Count == 0 ? string.Empty : ", not counting " + Join(left, "or");
    }

    /// <summary>The days a declared calendar leaves out, as a reader names them: weekends first, then the named days.</summary>
    private static List<string> LeftOut(CalendarDefinition calendar)
    {
        var left = new List<string>();
        if (calendar.Counts == CalendarCounts.Weekdays)
        {
            left.Add("weekends");
        }

        left.AddRange(calendar.Except.Select(DayName));
        return left;
    }

    /// <summary>"every day except Sundays, Christmas Day and bank holidays": what a declared calendar counts.</summary>
    public static string Counts(CalendarDefinition calendar)
    {
        var basis = calendar.Counts == CalendarCounts.Weekdays ? "Monday to Friday" : "every day";
        return calendar.Except.Count == 0 ? basis : basis + " except " + Join(calendar.Except.Select(DayName).ToList(), "and");
    }

    private static string DayName(CalendarDay day) => day switch
    {
        CalendarDay.BankHolidays => "bank holidays",
        CalendarDay.ChristmasDay => "Christmas Day",
        CalendarDay.BoxingDay => "Boxing Day",
        CalendarDay.NewYearsDay => "New Year's Day",
        CalendarDay.GoodFriday => "Good Friday",
        CalendarDay.EasterMonday => "Easter Monday",
        _ => day.ToString(),
    };

    /// <summary>The header's sentence on working days, or empty for a policy without a calendar.</summary>
    public string CalendarSentence()
    {
        if (_policy.Calendar is not { } name)
        {
            return string.Empty;
        }

        return _policy.Calendars.FirstOrDefault(c => c.Name == name) is { } declared
            ? $"Working days are counted on the {name} calendar: {Counts(declared)}."
            : $"Working days are counted on the {name} calendar (weekends and bank holidays do not count).";
    }

    private static string Escalation(IReadOnlyList<EscalationDefinition> stages)
    {
        if (stages.Count == 0)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (i == 0)
            {
                parts.Add(stage.After is { } first ? $"{first} after it is missed, {Role(stage.Role)} is alerted" : $"{Role(stage.Role)} is alerted");
            }
            else
            {
                parts.Add(stage.After is { } later ? $"{later} later, {Role(stage.Role)}" : $"at the same time, {Role(stage.Role)}");
            }
        }

        return " If it is missed, " + string.Join("; ", parts) + ".";
    }

    /// <summary>
    /// The sentences that say who may read the policy's cases and why: one per <c>read by</c> line, then who is left
    /// out; one sentence when the policy has no access rules (anyone may read, giving a purpose).
    /// </summary>
    public IReadOnlyList<string> AccessSentences()
    {
        if (_policy.Access is not { } access)
        {
            return ["The policy does not say who may read its cases: any officer may, giving the purpose of the read, and every read is recorded with who, when and why."];
        }

        var sentences = new List<string>();
        foreach (var reader in access.Readers)
        {
            var who = UpperFirst(Join(reader.Roles.Select(ReaderRole).ToList(), "or"));
            var sentence = reader.Purposes is { } choice
                ? $"{who} may read a case for one of these purposes: {Join(Options(choice), "or")}"
                : $"{who} may read a case, giving the purpose of the read";
            if (reader.FlaggedTo is { } flagged)
            {
                sentence += $"; each such read is flagged to {Role(flagged)}, who is told who read which case and why";
            }

            sentences.Add(sentence + ".");
        }

        sentences.Add("Nobody else may read a case: a refused read shows nothing of the case, and the attempt is recorded with who tried and why.");
        return sentences;
    }

    private string ReaderRole(string role) =>
        _policy.Roles.FirstOrDefault(r => r.Name == role) is { IsAssigned: true } ? "the case's own " + role : Role(role);

    private List<string> Options(string choice) =>
        (_policy.Choices.FirstOrDefault(c => c.Name == choice)?.Options ?? []).Select(o => Words(o.Name)).ToList();

    /// <summary>One sentence for a rule.</summary>
    public string Rule(RuleDefinition rule)
    {
        var actions = Join(rule.Forbidden.Select(a => $"\"{Action(a)}\"").ToList(), "or");
        var mode = rule.Mode == RuleMode.Unless ? "unless" : "while";
        return $"Nobody may {actions} {mode} {Condition(rule.Condition)}: “{rule.Message}”";
    }

    /// <summary>One paragraph for an action: who, where, what is recorded, what must hold.</summary>
    public string ActionSentence(ActionDefinition action)
    {
        var where = Join(action.FromStates.Select(State).ToList(), "or");
        if (action.WhenDue is { } due)
        {
            // Nobody performs it: the system does, at the deadline's due time.
            var automatic = $"When the deadline {due} falls due while the case is {where}, {LowerFirst(action.Title != action.Name ? action.Title : Words(action.Name))} by itself: the case becomes {(action.ToState is { } toState ? State(toState) : where)}, recorded as done by the system.";
            foreach (var notification in action.Notifications)
            {
                automatic += $" {Capital(Role(notification.Role))} is told: “{notification.Message}”";
            }

            return automatic;
        }

        var sentence = new StringBuilder($"{Capital(RoleList(action.Roles))} may {Deed(action.Name)} when the case is {where}");
        sentence.Append(action.ToState is { } to
            ? action.FromStates.Count == 1 && action.FromStates[0] == to ? $"; the case stays {State(to)}." : $"; the case then becomes {State(to)}."
            : ".");
        if (action.Fields.Count > 0)
        {
            sentence.Append(" They record ").Append(Join(action.Fields.Select(f => $"{Words(f.Name)} ({f.Type}{(f.IsOptional ? ", if known" : string.Empty)})").ToList(), "and")).Append('.');
        }

        foreach (var requirement in action.Requirements)
        {
            sentence.Append($" It is refused unless {Condition(requirement.Condition)}: “{requirement.Message}”");
        }

        foreach (var assignment in action.Assignments)
        {
            sentence.Append($" The officer recorded as {Words(assignment.Field)} becomes the case's {assignment.Role}; they must hold the role {assignment.Role}, or it is refused{(assignment.Message is { } message ? $": “{message}”" : ".")}");
        }

        foreach (var notification in action.Notifications)
        {
            sentence.Append($" {Capital(Role(notification.Role))} is told: “{notification.Message}”");
        }

        return sentence.ToString();
    }

    public static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text.Substring(1);

    public string SignalSentence(SignalDefinition signal)
    {
        var sentence = $"“{Capital(Signal(signal.Name))}” is recorded when it happens";
        if (signal.AbsenceOfRole is { } role)
        {
            sentence += $", and automatically when the absence of the case's {role} is confirmed";
        }

        return sentence + (signal.Fields.Count > 0 ? $", with {Join(signal.Fields.Select(f => Words(f.Name)).ToList(), "and")}." : ".");
    }

    public static string SettingSentence(SettingDefinition setting) =>
        $"{setting.Name}: {(setting.Title != setting.Name ? setting.Title + ", " : string.Empty)}{setting.DefaultValue.Text} unless the case sets its own.";

    public string CitationText(IReadOnlyList<Citation> citations) =>
        string.Join("; ", citations.Select(c => $"{c.SourceId}: “{c.Clause}”").Distinct(StringComparer.Ordinal));
}
