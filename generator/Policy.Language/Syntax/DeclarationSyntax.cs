using Policy.Language.Lexing;

namespace Policy.Language.Syntax;

/// <summary>A statement that declares something with a name (and usually a title).</summary>
public abstract class DeclarationSyntax : StatementSyntax
{
    protected DeclarationSyntax(Token keyword, Token name, Token? title)
    {
        Keyword = keyword;
        Name = name;
        Title = title;
    }

    public Token Keyword { get; }
    public Token Name { get; }
    public Token? Title { get; }
}

/// <summary><c>version "2025.02"</c></summary>
public sealed class VersionSyntax : StatementSyntax
{
    public VersionSyntax(Token keyword, Token value) { Keyword = keyword; Value = value; }
    public Token Keyword { get; }
    public Token Value { get; }
    public override IEnumerable<object> Children => Items(Keyword, Value);
}

/// <summary><c>ranks Constable, Sergeant, Inspector</c>: roles in order of rank, lowest first, for <c>by Inspector or above</c>.</summary>
public sealed class RanksSyntax : StatementSyntax
{
    public RanksSyntax(Token keyword, NameListSyntax ranks) { Keyword = keyword; Ranks = ranks; }
    public Token Keyword { get; }
    public NameListSyntax Ranks { get; }
    public override IEnumerable<object> Children => Items(Keyword, Ranks);
}

/// <summary><c>caseload weight 3 when complexity is Major, 2 when complexity is Complex, otherwise 1</c> and its cites.</summary>
public sealed class CaseloadWeightSyntax : StatementSyntax
{
    public CaseloadWeightSyntax(Token keyword, Token weight, IReadOnlyList<WeightCaseSyntax> cases, IReadOnlyList<Token> separators, IReadOnlyList<CiteSyntax> cites)
    {
        Keyword = keyword;
        Weight = weight;
        Cases = cases;
        Separators = separators;
        Cites = cites;
    }

    public Token Keyword { get; }
    public Token Weight { get; }
    public IReadOnlyList<WeightCaseSyntax> Cases { get; }
    public IReadOnlyList<Token> Separators { get; }
    public IReadOnlyList<CiteSyntax> Cites { get; }
    public override IEnumerable<object> Children => Items(Keyword, Weight, Interleave(Cases, Separators), Cites);
}

/// <summary>One case of a caseload weight: <c>[otherwise] 3 [when condition]</c>.</summary>
public sealed class WeightCaseSyntax : SyntaxNode
{
    public WeightCaseSyntax(Token? otherwise, Token number, Token? when, ConditionSyntax? condition)
    {
        Otherwise = otherwise;
        Number = number;
        When = when;
        Condition = condition;
    }

    public Token? Otherwise { get; }
    public Token Number { get; }
    public Token? When { get; }
    public ConditionSyntax? Condition { get; }
    public override IEnumerable<object> Children => Items(Otherwise, Number, When, Condition);
}

/// <summary><c>effective 2025-02-01</c></summary>
public sealed class EffectiveSyntax : StatementSyntax
{
    public EffectiveSyntax(Token keyword, Token date) { Keyword = keyword; Date = date; }
    public Token Keyword { get; }
    public Token Date { get; }
    public override IEnumerable<object> Children => Items(Keyword, Date);
}

/// <summary><c>calendar england-and-wales</c></summary>
public sealed class CalendarSyntax : StatementSyntax
{
    public CalendarSyntax(Token keyword, Token name) { Keyword = keyword; Name = name; }
    public Token Keyword { get; }
    public Token Name { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name);
}

/// <summary><c>calendar PaceDays "Days the detention clock counts" { counts every day except Sundays and bank holidays }</c></summary>
public sealed class CalendarDeclarationSyntax : DeclarationSyntax
{
    public CalendarDeclarationSyntax(Token keyword, Token name, Token? title, BlockSyntax body) : base(keyword, name, title) => Body = body;
    public BlockSyntax Body { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Body);
}

/// <summary><c>counts every day except Sundays, Christmas Day, Good Friday and bank holidays</c>, in a calendar.</summary>
public sealed class CountsSyntax : StatementSyntax
{
    public CountsSyntax(Token keyword, IReadOnlyList<Token> basis, Token? except, IReadOnlyList<DayNameSyntax> days, IReadOnlyList<Token> separators)
    {
        Keyword = keyword;
        Basis = basis;
        Except = except;
        Days = days;
        Separators = separators;
    }

    public Token Keyword { get; }
    /// <summary><c>every day</c> (two tokens) or <c>weekdays</c> (one).</summary>
    public IReadOnlyList<Token> Basis { get; }
    public Token? Except { get; }
    /// <summary>The days left out, each one or more words (<c>Sundays</c>, <c>Christmas Day</c>, <c>bank holidays</c>).</summary>
    public IReadOnlyList<DayNameSyntax> Days { get; }
    /// <summary>The commas and <c>and</c>s between the days.</summary>
    public IReadOnlyList<Token> Separators { get; }
    public override IEnumerable<object> Children => Items(Keyword, Basis, Except, Interleave(Days, Separators));
}

/// <summary>A day a calendar leaves out, as written: <c>Sundays</c>, <c>Good Friday</c>, <c>bank holidays</c>.</summary>
public sealed class DayNameSyntax : SyntaxNode
{
    public DayNameSyntax(IReadOnlyList<Token> words) => Words = words;
    public IReadOnlyList<Token> Words { get; }
    /// <summary>The words joined by single spaces.</summary>
    public string Text => string.Join(" ", Words.Select(w => w.Text));
    public override IEnumerable<object> Children => Items(Words);
}

/// <summary><c>source SOP "MPS RASSO Standard Operating Procedure"</c></summary>
public sealed class SourceSyntax : DeclarationSyntax
{
    public SourceSyntax(Token keyword, Token name, Token? title) : base(keyword, name, title) { }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title);
}

/// <summary><c>role OIC "Officer in charge" assigned</c></summary>
public sealed class RoleSyntax : DeclarationSyntax
{
    public RoleSyntax(Token keyword, Token name, Token? title, Token? assigned) : base(keyword, name, title) => Assigned = assigned;
    public Token? Assigned { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Assigned);
}

/// <summary><c>state Reported "Reported" initial</c></summary>
public sealed class StateSyntax : DeclarationSyntax
{
    public StateSyntax(Token keyword, Token name, Token? title, IReadOnlyList<Token> modifiers) : base(keyword, name, title) => Modifiers = modifiers;
    /// <summary><c>initial</c> and <c>final</c> markers.</summary>
    public IReadOnlyList<Token> Modifiers { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Modifiers);
}

/// <summary><c>choice Rag { Red, Amber, Green }</c></summary>
public sealed class ChoiceSyntax : DeclarationSyntax
{
    public ChoiceSyntax(Token keyword, Token name, Token open, IReadOnlyList<ChoiceOptionSyntax> options, IReadOnlyList<Token> separators, SkippedSyntax? skipped, Token close)
        : base(keyword, name, null)
    {
        Open = open;
        Options = options;
        Separators = separators;
        Skipped = skipped;
        Close = close;
    }

    public Token Open { get; }
    public IReadOnlyList<ChoiceOptionSyntax> Options { get; }
    public IReadOnlyList<Token> Separators { get; }
    /// <summary>What the parser could not read as options (already reported).</summary>
    public SkippedSyntax? Skipped { get; }
    public Token Close { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Open, Interleave(Options, Separators), Skipped, Close);
}

/// <summary><c>NotReferred(reason: text)</c>, or a bare option name.</summary>
public sealed class ChoiceOptionSyntax : SyntaxNode
{
    public ChoiceOptionSyntax(Token name, Token? open, IReadOnlyList<FieldSyntax> fields, IReadOnlyList<Token> separators, Token? close)
    {
        Name = name;
        Open = open;
        Fields = fields;
        Separators = separators;
        Close = close;
    }

    public Token Name { get; }
    public Token? Open { get; }
    public IReadOnlyList<FieldSyntax> Fields { get; }
    public IReadOnlyList<Token> Separators { get; }
    public Token? Close { get; }
    public override IEnumerable<object> Children => Items(Name, Open, Interleave(Fields, Separators), Close);
}

/// <summary><c>reason: text optional</c></summary>
public sealed class FieldSyntax : SyntaxNode
{
    public FieldSyntax(Token name, Token colon, TypeSyntax type, Token? optional)
    {
        Name = name;
        Colon = colon;
        Type = type;
        Optional = optional;
    }

    public Token Name { get; }
    public Token Colon { get; }
    public TypeSyntax Type { get; }
    public Token? Optional { get; }
    public override IEnumerable<object> Children => Items(Name, Colon, Type, Optional);
}

/// <summary>A type: <c>text</c>, <c>yes/no</c>, <c>number</c>, <c>date</c>, <c>date-time</c>, <c>duration</c>, <c>officer</c>, or a choice's name.</summary>
public sealed class TypeSyntax : SyntaxNode
{
    public TypeSyntax(IReadOnlyList<Token> tokens) => Tokens = tokens;
    public IReadOnlyList<Token> Tokens { get; }
    /// <summary>The type as written, without spaces: <c>yes/no</c>.</summary>
    public string Text => string.Concat(Tokens.Select(t => t.Text));
    public override IEnumerable<object> Children => Tokens;
}

/// <summary><c>signal DnaMatch "A DNA match comes back" on absence of OIC { record ... }</c></summary>
public sealed class SignalSyntax : DeclarationSyntax
{
    public SignalSyntax(Token keyword, Token name, Token? title, IReadOnlyList<Token> absenceKeywords, Token? absenceRole, BlockSyntax? body)
        : base(keyword, name, title)
    {
        AbsenceKeywords = absenceKeywords;
        AbsenceRole = absenceRole;
        Body = body;
    }

    public IReadOnlyList<Token> AbsenceKeywords { get; }
    public Token? AbsenceRole { get; }
    public BlockSyntax? Body { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, AbsenceKeywords, AbsenceRole, Body);
}

/// <summary><c>setting SupervisionInterval: duration = 14 days "title" cite ...</c></summary>
public sealed class SettingSyntax : DeclarationSyntax
{
    public SettingSyntax(Token keyword, Token name, Token colon, TypeSyntax type, Token equalsToken, OperandSyntax value, Token? title, Token? by, NameListSyntax? roles, IReadOnlyList<CiteSyntax> cites)
        : base(keyword, name, title)
    {
        Colon = colon;
        Type = type;
        EqualsToken = equalsToken;
        Value = value;
        By = by;
        Roles = roles;
        Cites = cites;
    }

    /// <summary><c>by</c>, before the roles that may change the setting on a case; null when nobody may.</summary>
    public Token? By { get; }
    public NameListSyntax? Roles { get; }

    public Token Colon { get; }
    public TypeSyntax Type { get; }
    public Token EqualsToken { get; }
    public OperandSyntax Value { get; }
    public IReadOnlyList<CiteSyntax> Cites { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Colon, Type, EqualsToken, Value, Title, By, Roles, Cites);
}

/// <summary><c>action Assign "title" by Supervisor from Assessed to Investigating { ... }</c></summary>
public sealed class ActionSyntax : DeclarationSyntax
{
    public ActionSyntax(Token keyword, Token name, Token? title, Token by, NameListSyntax roles, Token? fromOrIn, NameListSyntax? states, Token? to, Token? toState, SkippedSyntax? headerRest, BlockSyntax? body, IReadOnlyList<Token>? whenDue = null)
        : base(keyword, name, title)
    {
        WhenDue = whenDue ?? Array.Empty<Token>();
        By = by;
        Roles = roles;
        FromOrIn = fromOrIn;
        States = states;
        To = to;
        ToState = toState;
        HeaderRest = headerRest;
        Body = body;
    }

    public Token By { get; }
    public NameListSyntax Roles { get; }
    /// <summary><c>from</c> or <c>in</c>.</summary>
    public Token? FromOrIn { get; }
    public NameListSyntax? States { get; }
    public Token? To { get; }
    public Token? ToState { get; }
    /// <summary>The rest of a header line the parser could not read (already reported).</summary>
    public SkippedSyntax? HeaderRest { get; }
    public BlockSyntax? Body { get; }

    /// <summary>
    /// <c>when D is due</c> after the states (four tokens, the deadline's name third): an action the system performs by
    /// itself when deadline D falls due (its roles are <c>by system</c>); empty for an action people perform.
    /// </summary>
    public IReadOnlyList<Token> WhenDue { get; }

    public override IEnumerable<object> Children => Items(Keyword, Name, Title, By, Roles, FromOrIn, States, To, ToState, WhenDue, HeaderRest, Body);
}

/// <summary><c>deadline VictimUpdate "title" { ... }</c></summary>
public sealed class DeadlineSyntax : DeclarationSyntax
{
    public DeadlineSyntax(Token keyword, Token name, Token? title, BlockSyntax body) : base(keyword, name, title) => Body = body;
    public BlockSyntax Body { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Body);
}

/// <summary><c>rule NoClosure "title" { forbid ... }</c></summary>
public sealed class RuleSyntax : DeclarationSyntax
{
    public RuleSyntax(Token keyword, Token name, Token? title, BlockSyntax body) : base(keyword, name, title) => Body = body;
    public BlockSyntax Body { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Body);
}

/// <summary><c>access NeedToKnow "Who may read a case, and why" { read by ... }</c>: who may read the policy's cases.</summary>
public sealed class AccessSyntax : DeclarationSyntax
{
    public AccessSyntax(Token keyword, Token name, Token? title, BlockSyntax body) : base(keyword, name, title) => Body = body;
    public BlockSyntax Body { get; }
    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Body);
}
