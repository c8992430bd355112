using Policy.Language.Lexing;

namespace Policy.Language.Syntax;

/// <summary><c>record rating: Rag, risks: text</c></summary>
public sealed class RecordSyntax : StatementSyntax
{
    public RecordSyntax(Token keyword, IReadOnlyList<FieldSyntax> fields, IReadOnlyList<Token> separators)
    {
        Keyword = keyword;
        Fields = fields;
        Separators = separators;
    }

    public Token Keyword { get; }
    public IReadOnlyList<FieldSyntax> Fields { get; }
    public IReadOnlyList<Token> Separators { get; }
    public override IEnumerable<object> Children => Items(Keyword, Interleave(Fields, Separators));
}

/// <summary><c>require oic is available "message" cite SOP "clause"</c></summary>
public sealed class RequireSyntax : StatementSyntax
{
    public RequireSyntax(Token keyword, ConditionSyntax condition, Token message, IReadOnlyList<CiteSyntax> cites)
    {
        Keyword = keyword;
        Condition = condition;
        Message = message;
        Cites = cites;
    }

    public Token Keyword { get; }
    public ConditionSyntax Condition { get; }
    public Token Message { get; }
    public IReadOnlyList<CiteSyntax> Cites { get; }
    public override IEnumerable<object> Children => Items(Keyword, Condition, Message, Cites);
}

/// <summary><c>assign OIC = oic, SOIT = soit</c></summary>
public sealed class AssignSyntax : StatementSyntax
{
    public AssignSyntax(Token keyword, IReadOnlyList<AssignmentSyntax> assignments, IReadOnlyList<Token> separators, Token? message = null, IReadOnlyList<CiteSyntax>? cites = null)
    {
        Keyword = keyword;
        Assignments = assignments;
        Separators = separators;
        Message = message;
        Cites = cites ?? Array.Empty<CiteSyntax>();
    }

    public Token Keyword { get; }
    public IReadOnlyList<AssignmentSyntax> Assignments { get; }
    public IReadOnlyList<Token> Separators { get; }
    /// <summary>The refusal's message when an officer who does not hold the role is named; null for the runtime's own.</summary>
    public Token? Message { get; }
    public IReadOnlyList<CiteSyntax> Cites { get; }
    public override IEnumerable<object> Children => Items(Keyword, Interleave(Assignments, Separators), Message, Cites);
}

/// <summary><c>OIC = oic</c></summary>
public sealed class AssignmentSyntax : SyntaxNode
{
    public AssignmentSyntax(Token role, Token equalsToken, Token field)
    {
        Role = role;
        EqualsToken = equalsToken;
        Field = field;
    }

    public Token Role { get; }
    public Token EqualsToken { get; }
    public Token Field { get; }
    public override IEnumerable<object> Children => Items(Role, EqualsToken, Field);
}

/// <summary><c>notify Supervisor "message"</c></summary>
public sealed class NotifySyntax : StatementSyntax
{
    public NotifySyntax(Token keyword, Token role, Token message)
    {
        Keyword = keyword;
        Role = role;
        Message = message;
    }

    public Token Keyword { get; }
    public Token Role { get; }
    public Token Message { get; }
    public override IEnumerable<object> Children => Items(Keyword, Role, Message);
}

/// <summary><c>cite SOP "clause"</c></summary>
public sealed class CiteSyntax : StatementSyntax
{
    public CiteSyntax(Token keyword, Token source, Token clause)
    {
        Keyword = keyword;
        Source = source;
        Clause = clause;
    }

    public Token Keyword { get; }
    public Token Source { get; }
    public Token Clause { get; }
    public override IEnumerable<object> Children => Items(Keyword, Source, Clause);
}

/// <summary><c>starts when Assign</c>, <c>starts each RecordKeyUpdate</c>, <c>starts on entering Reported</c></summary>
public sealed class StartsSyntax : StatementSyntax
{
    public StartsSyntax(Token keyword, IReadOnlyList<Token> mode, Token target)
    {
        Keyword = keyword;
        Mode = mode;
        Target = target;
    }

    public Token Keyword { get; }
    /// <summary><c>when</c>, <c>each</c>, or <c>on entering</c>.</summary>
    public IReadOnlyList<Token> Mode { get; }
    public Token Target { get; }
    public override IEnumerable<object> Children => Items(Keyword, Mode, Target);
}

/// <summary><c>every SupervisionInterval while Investigating</c></summary>
public sealed class EverySyntax : StatementSyntax
{
    public EverySyntax(Token keyword, DurationExpressionSyntax interval, Token whileKeyword, Token state)
    {
        Keyword = keyword;
        Interval = interval;
        WhileKeyword = whileKeyword;
        State = state;
    }

    public Token Keyword { get; }
    public DurationExpressionSyntax Interval { get; }
    public Token WhileKeyword { get; }
    public Token State { get; }
    public override IEnumerable<object> Children => Items(Keyword, Interval, WhileKeyword, State);
}

/// <summary><c>SOIT must InformVictim where outcome is Reached within 1 working day</c></summary>
public sealed class MustSyntax : StatementSyntax
{
    public MustSyntax(Token role, Token must, Token action, Token? where, ConditionSyntax? condition, IReadOnlyList<TimingSyntax> timings)
    {
        Role = role;
        Must = must;
        Action = action;
        Where = where;
        Condition = condition;
        Timings = timings;
    }

    public Token Role { get; }
    public Token Must { get; }
    public Token Action { get; }
    public Token? Where { get; }
    public ConditionSyntax? Condition { get; }
    public IReadOnlyList<TimingSyntax> Timings { get; }
    public override IEnumerable<object> Children => Items(Role, Must, Action, Where, Condition, Timings);
}

/// <summary><c>within 1 working day</c> or <c>not before 10 hours</c>, on a <c>must</c> line or a line of its own.</summary>
public sealed class TimingSyntax : StatementSyntax
{
    public TimingSyntax(IReadOnlyList<Token> keywords, DurationExpressionSyntax duration, IReadOnlyList<Token>? startWords = null, Token? anchor = null, IReadOnlyList<Token>? endWords = null, TimingOrigin origin = TimingOrigin.Moment)
    {
        Origin = origin;
        Keywords = keywords;
        Duration = duration;
        StartWords = startWords ?? Array.Empty<Token>();
        Anchor = anchor;
        EndWords = endWords ?? Array.Empty<Token>();
    }

    /// <summary><c>within</c>, or <c>not before</c>.</summary>
    public IReadOnlyList<Token> Keywords { get; }
    public bool IsNotBefore => Keywords.Count > 1;
    public DurationExpressionSyntax Duration { get; }

    /// <summary>
    /// What the due time counts from, after the duration: <c>beginning with the day</c>, <c>beginning with</c> (then
    /// <see cref="Anchor"/>), <c>from</c> (then the anchor), or <c>from when</c> (then a deadline, then <c>was due</c>).
    /// </summary>
    public IReadOnlyList<Token> StartWords { get; }

    /// <summary>The recorded field or deadline the due time counts from, or null.</summary>
    public Token? Anchor { get; }

    /// <summary><c>was due</c> after a deadline anchor.</summary>
    public IReadOnlyList<Token> EndWords { get; }

    /// <summary>
    /// What the words after the duration say it counts from. The parser sets it from the line's shape, so that a
    /// misspelt keyword (reported) is still read as the line it belongs to.
    /// </summary>
    public TimingOrigin Origin { get; }

    /// <summary>Counted from the start of a day (<c>beginning with ...</c>, <c>from the start of the day</c>), which itself counts.</summary>
    public bool BeginsWithTheDay => Origin is TimingOrigin.BeginningWith or TimingOrigin.FromStartOfDay;

    /// <summary><c>from when D was due</c> or <c>from the latest time D could have been met</c>: the anchor is another deadline.</summary>
    public bool FromDeadlineDue => Origin is TimingOrigin.FromWhenDue or TimingOrigin.FromLatestMet;

    public override IEnumerable<object> Children => Items(Keywords, Duration, StartWords, Anchor, EndWords);
}

/// <summary>What a <c>within</c> line's due time counts from, as its words say.</summary>
public enum TimingOrigin
{
    /// <summary>Nothing after the duration: from the moment the deadline opens.</summary>
    Moment,
    /// <summary><c>beginning with the day</c>, or <c>beginning with madeOn</c>.</summary>
    BeginningWith,
    /// <summary><c>from arrivedAt</c>.</summary>
    FromAnchor,
    /// <summary><c>from when FirstReview was due</c>.</summary>
    FromWhenDue,
    /// <summary><c>from the latest time FirstReview could have been met</c>.</summary>
    FromLatestMet,
    /// <summary><c>from the start of the day</c>, or <c>of</c> a recorded date or date-time.</summary>
    FromStartOfDay,
    /// <summary><c>from the end of the day</c>, or <c>of</c> a recorded date or date-time.</summary>
    FromEndOfDay,
}

/// <summary><c>pauses when SuspendClock</c>, <c>resumes on leaving InHospital</c>: the deadline's clock stops or starts.</summary>
public sealed class ClockLineSyntax : StatementSyntax
{
    public ClockLineSyntax(Token keyword, IReadOnlyList<Token> mode, NameListSyntax targets)
    {
        Keyword = keyword;
        Mode = mode;
        Targets = targets;
    }

    /// <summary><c>pauses</c> or <c>resumes</c>.</summary>
    public Token Keyword { get; }
    /// <summary><c>when</c>, <c>on entering</c> or <c>on leaving</c>.</summary>
    public IReadOnlyList<Token> Mode { get; }
    public NameListSyntax Targets { get; }
    public bool IsPause => Keyword.Is("pauses");
    public override IEnumerable<object> Children => Items(Keyword, Mode, Targets);
}

/// <summary><c>excused by PostponeReview</c>, <c>... before due</c>, <c>... until 2 hours after due</c>.</summary>
public sealed class ExcusedSyntax : StatementSyntax
{
    public ExcusedSyntax(Token keyword, Token by, Token action, IReadOnlyList<Token> window, DurationSyntax? until)
    {
        Keyword = keyword;
        By = by;
        Action = action;
        Window = window;
        Until = until;
    }

    public Token Keyword { get; }
    public Token By { get; }
    public Token Action { get; }
    /// <summary><c>before due</c>, or <c>until</c> and <c>after due</c> around <see cref="Until"/>; empty: while open.</summary>
    public IReadOnlyList<Token> Window { get; }
    public DurationSyntax? Until { get; }
    public bool BeforeDue => Window.Count == 2 && Until is null;
    public override IEnumerable<object> Children => Window.Count > 0 && Until is not null
        ? Items(Keyword, By, Action, Window[0], Until, Window.Skip(1))
        : Items(Keyword, By, Action, Window);
}

/// <summary><c>counted on PaceDays</c>: the calendar a deadline's times are counted on.</summary>
public sealed class CountedOnSyntax : StatementSyntax
{
    public CountedOnSyntax(Token keyword, Token on, Token calendar)
    {
        Keyword = keyword;
        On = on;
        Calendar = calendar;
    }

    public Token Keyword { get; }
    public Token On { get; }
    public Token Calendar { get; }
    public override IEnumerable<object> Children => Items(Keyword, On, Calendar);
}

/// <summary><c>stops when Withdraw, Close</c> or <c>stops on leaving Investigating</c></summary>
public sealed class StopsSyntax : StatementSyntax
{
    public StopsSyntax(Token keyword, IReadOnlyList<Token> mode, NameListSyntax targets)
    {
        Keyword = keyword;
        Mode = mode;
        Targets = targets;
    }

    public Token Keyword { get; }
    public IReadOnlyList<Token> Mode { get; }
    public bool OnLeaving => Mode.Any(m => m.Is("on") || m.Is("leaving"));
    public NameListSyntax Targets { get; }
    public override IEnumerable<object> Children => Items(Keyword, Mode, Targets);
}

/// <summary><c>escalate to Supervisor, then to CrimeManager after 2 working days</c></summary>
public sealed class EscalateSyntax : StatementSyntax
{
    public EscalateSyntax(Token keyword, IReadOnlyList<EscalationStageSyntax> stages, IReadOnlyList<Token> separators)
    {
        Keyword = keyword;
        Stages = stages;
        Separators = separators;
    }

    public Token Keyword { get; }
    public IReadOnlyList<EscalationStageSyntax> Stages { get; }
    public IReadOnlyList<Token> Separators { get; }
    public override IEnumerable<object> Children => Items(Keyword, Interleave(Stages, Separators));
}

/// <summary><c>then to CrimeManager after 2 working days</c></summary>
public sealed class EscalationStageSyntax : SyntaxNode
{
    public EscalationStageSyntax(IReadOnlyList<Token> keywords, Token role, Token? after, DurationSyntax? delay)
    {
        Keywords = keywords;
        Role = role;
        After = after;
        Delay = delay;
    }

    /// <summary><c>then</c> (optional) and <c>to</c>.</summary>
    public IReadOnlyList<Token> Keywords { get; }
    public Token Role { get; }
    public Token? After { get; }
    public DurationSyntax? Delay { get; }
    public override IEnumerable<object> Children => Items(Keywords, Role, After, Delay);
}

/// <summary><c>warn 2 hours before</c></summary>
public sealed class WarnSyntax : StatementSyntax
{
    public WarnSyntax(Token keyword, DurationSyntax duration, Token before)
    {
        Keyword = keyword;
        Duration = duration;
        Before = before;
    }

    public Token Keyword { get; }
    public DurationSyntax Duration { get; }
    public Token Before { get; }
    public override IEnumerable<object> Children => Items(Keyword, Duration, Before);
}

/// <summary><c>forbid Close while VictimUpdate is open "message"</c></summary>
public sealed class ForbidSyntax : StatementSyntax
{
    public ForbidSyntax(Token keyword, NameListSyntax actions, Token mode, ConditionSyntax condition, Token message)
    {
        Keyword = keyword;
        Actions = actions;
        Mode = mode;
        Condition = condition;
        Message = message;
    }

    public Token Keyword { get; }
    public NameListSyntax Actions { get; }
    /// <summary><c>while</c>, <c>when</c> or <c>unless</c>.</summary>
    public Token Mode { get; }
    public ConditionSyntax Condition { get; }
    public Token Message { get; }
    public override IEnumerable<object> Children => Items(Keyword, Actions, Mode, Condition, Message);
}

/// <summary><c>read by OIC, Supervisor</c> or <c>read by Officer for ReadingPurpose flagged to ProfessionalStandards</c></summary>
public sealed class ReadSyntax : StatementSyntax
{
    public ReadSyntax(Token keyword, Token by, NameListSyntax roles, Token? forKeyword, Token? purposes, Token? flagged, Token? to, Token? flaggedTo)
    {
        Keyword = keyword;
        By = by;
        Roles = roles;
        For = forKeyword;
        Purposes = purposes;
        Flagged = flagged;
        To = to;
        FlaggedTo = flaggedTo;
    }

    public Token Keyword { get; }
    public Token By { get; }
    public NameListSyntax Roles { get; }
    public Token? For { get; }
    /// <summary>The choice whose options are the purposes these readers may give; null when any purpose is accepted.</summary>
    public Token? Purposes { get; }
    public Token? Flagged { get; }
    public Token? To { get; }
    /// <summary>The role told of every read made under this line; null when such reads are not flagged.</summary>
    public Token? FlaggedTo { get; }
    public override IEnumerable<object> Children => Items(Keyword, By, Roles, For, Purposes, Flagged, To, FlaggedTo);
}
