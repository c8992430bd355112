using Policy.Language.Lexing;

namespace Policy.Language.Syntax;

/// <summary><c>14 days</c>, <c>1 working day</c>, <c>18 hours</c>.</summary>
public sealed class DurationSyntax : SyntaxNode
{
    public DurationSyntax(Token amount, IReadOnlyList<Token> unit)
    {
        Amount = amount;
        Unit = unit;
    }

    public Token Amount { get; }
    /// <summary>One token, or two for <c>working day(s)</c>.</summary>
    public IReadOnlyList<Token> Unit { get; }
    public override IEnumerable<object> Children => Items(Amount, Unit);
}

/// <summary><c>15 minutes when grade is Immediate, 60 minutes when grade is Significant, otherwise ExtendedTarget</c></summary>
public sealed class DurationExpressionSyntax : SyntaxNode
{
    public DurationExpressionSyntax(IReadOnlyList<DurationCaseSyntax> cases, IReadOnlyList<Token> separators)
    {
        Cases = cases;
        Separators = separators;
    }

    public IReadOnlyList<DurationCaseSyntax> Cases { get; }
    public IReadOnlyList<Token> Separators { get; }
    public override IEnumerable<object> Children => Interleave(Cases, Separators);
}

/// <summary>One case: <c>[otherwise] (duration | SettingName) [when condition]</c>.</summary>
public sealed class DurationCaseSyntax : SyntaxNode
{
    public DurationCaseSyntax(Token? otherwise, DurationSyntax? duration, Token? setting, Token? when, ConditionSyntax? condition)
    {
        Otherwise = otherwise;
        Duration = duration;
        Setting = setting;
        When = when;
        Condition = condition;
    }

    public Token? Otherwise { get; }
    public DurationSyntax? Duration { get; }
    public Token? Setting { get; }
    public Token? When { get; }
    public ConditionSyntax? Condition { get; }
    public override IEnumerable<object> Children => Items(Otherwise, Duration, Setting, When, Condition);
}

/// <summary>A condition.</summary>
public abstract class ConditionSyntax : SyntaxNode
{
}

/// <summary>
/// <c>a and b and c</c>, or <c>a or b or c</c>: one connective over any number of operands. A chain is one node, not a
/// nested pair per connective, so that no walk of the tree recurses on the chain's length.
/// </summary>
public sealed class LogicalConditionSyntax : ConditionSyntax
{
    public LogicalConditionSyntax(IReadOnlyList<ConditionSyntax> operands, IReadOnlyList<Token> operators, bool isAnd)
    {
        Operands = operands;
        Operators = operators;
        IsAnd = isAnd;
    }

    /// <summary>Two or more operands, in source order.</summary>
    public IReadOnlyList<ConditionSyntax> Operands { get; }
    /// <summary>The connectives between the operands (one fewer than the operands; a missing one was reported).</summary>
    public IReadOnlyList<Token> Operators { get; }
    /// <summary>True for <c>and</c>, false for <c>or</c>.</summary>
    public bool IsAnd { get; }
    public override IEnumerable<object> Children => Interleave(Operands, Operators);
}

/// <summary><c>not a</c></summary>
public sealed class NotConditionSyntax : ConditionSyntax
{
    public NotConditionSyntax(Token not, ConditionSyntax operand)
    {
        Not = not;
        Operand = operand;
    }

    public Token Not { get; }
    public ConditionSyntax Operand { get; }
    public override IEnumerable<object> Children => Items(Not, Operand);
}

/// <summary><c>( a )</c></summary>
public sealed class ParenthesizedConditionSyntax : ConditionSyntax
{
    public ParenthesizedConditionSyntax(Token open, ConditionSyntax inner, Token close)
    {
        Open = open;
        Inner = inner;
        Close = close;
    }

    public Token Open { get; }
    public ConditionSyntax Inner { get; }
    public Token Close { get; }
    public override IEnumerable<object> Children => Items(Open, Inner, Close);
}

/// <summary>
/// <c>x is [not] [a|an|the] Target [or above]</c>: an option, <c>set</c>, <c>available</c>, <c>open</c>, <c>involved</c>, or a role
/// (<c>actor is not OIC</c>, <c>soit is a SOIT</c>, <c>actor is an Inspector or above</c>).
/// </summary>
public sealed class IsConditionSyntax : ConditionSyntax
{
    public IsConditionSyntax(OperandSyntax operand, Token isKeyword, Token? not, Token target, Token? article = null, Token? or = null, Token? above = null)
    {
        Operand = operand;
        IsKeyword = isKeyword;
        Not = not;
        Article = article;
        Target = target;
        Or = or;
        Above = above;
    }

    public OperandSyntax Operand { get; }
    public Token IsKeyword { get; }
    public Token? Not { get; }
    /// <summary><c>a</c>, <c>an</c> or <c>the</c> before a role: <c>a</c>/<c>an</c> asks whether the officer holds the role in the force.</summary>
    public Token? Article { get; }
    public Token Target { get; }
    /// <summary><c>or</c> of <c>or above</c>, after a rank.</summary>
    public Token? Or { get; }
    public Token? Above { get; }
    public override IEnumerable<object> Children => Items(Operand, IsKeyword, Not, Article, Target, Or, Above);
}

/// <summary><c>actor has [not] acted [before]</c></summary>
public sealed class ActedConditionSyntax : ConditionSyntax
{
    public ActedConditionSyntax(OperandSyntax operand, Token has, Token? not, Token acted, Token? before)
    {
        Operand = operand;
        Has = has;
        Not = not;
        Acted = acted;
        Before = before;
    }

    public OperandSyntax Operand { get; }
    public Token Has { get; }
    public Token? Not { get; }
    public Token Acted { get; }
    public Token? Before { get; }
    public override IEnumerable<object> Children => Items(Operand, Has, Not, Acted, Before);
}

/// <summary><c>count &gt; 0</c></summary>
public sealed class CompareConditionSyntax : ConditionSyntax
{
    public CompareConditionSyntax(OperandSyntax left, Token op, OperandSyntax right)
    {
        Left = left;
        Operator = op;
        Right = right;
    }

    public OperandSyntax Left { get; }
    public Token Operator { get; }
    public OperandSyntax Right { get; }
    public override IEnumerable<object> Children => Items(Left, Operator, Right);
}

/// <summary><c>ContactVictim since entering UnderReview</c></summary>
public sealed class SinceConditionSyntax : ConditionSyntax
{
    public SinceConditionSyntax(Token action, Token since, Token entering, Token state)
    {
        Action = action;
        Since = since;
        Entering = entering;
        State = state;
    }

    public Token Action { get; }
    public Token Since { get; }
    public Token Entering { get; }
    public Token State { get; }
    public override IEnumerable<object> Children => Items(Action, Since, Entering, State);
}

/// <summary>A bare operand used as a condition: a yes/no field, or <c>X happened</c>.</summary>
public sealed class OperandConditionSyntax : ConditionSyntax
{
    public OperandConditionSyntax(OperandSyntax operand, Token? happened, IReadOnlyList<Token>? count = null)
    {
        Operand = operand;
        Happened = happened;
        Count = count ?? Array.Empty<Token>();
    }

    public OperandSyntax Operand { get; }
    /// <summary><c>happened</c>, for <c>ContactVictim happened</c>.</summary>
    public Token? Happened { get; }
    /// <summary>
    /// After <c>happened</c>, how often: <c>2 times</c>, <c>at least 2 times</c>, <c>at most once</c>, <c>more than twice</c>,
    /// <c>fewer than 3 times</c>; empty for "at least once".
    /// </summary>
    public IReadOnlyList<Token> Count { get; }
    public override IEnumerable<object> Children => Items(Operand, Happened, Count);
}

/// <summary><c>FirstReview was breached</c>, <c>FirstReview was met</c>.</summary>
public sealed class WasConditionSyntax : ConditionSyntax
{
    public WasConditionSyntax(Token deadline, Token was, Token status)
    {
        Deadline = deadline;
        Was = was;
        Status = status;
    }

    public Token Deadline { get; }
    public Token Was { get; }
    public Token Status { get; }
    public override IEnumerable<object> Children => Items(Deadline, Was, Status);
}

/// <summary>The part of a condition nested too deeply to read (already reported); it binds to nothing.</summary>
public sealed class SkippedConditionSyntax : ConditionSyntax
{
    public SkippedConditionSyntax(IReadOnlyList<Token> tokens) => Tokens = tokens;
    public IReadOnlyList<Token> Tokens { get; }
    public override IEnumerable<object> Children => Tokens;
}

/// <summary>A value in a condition or a setting's default.</summary>
public abstract class OperandSyntax : SyntaxNode
{
}

/// <summary><c>arrivedAt + 24 hours</c>, <c>now - 14 days</c>: a date-time moved by a duration.</summary>
public sealed class OffsetOperandSyntax : OperandSyntax
{
    public OffsetOperandSyntax(OperandSyntax operand, Token sign, DurationSyntax duration)
    {
        Operand = operand;
        Sign = sign;
        Duration = duration;
    }

    public OperandSyntax Operand { get; }
    /// <summary><c>+</c> or <c>-</c>.</summary>
    public Token Sign { get; }
    public DurationSyntax Duration { get; }
    public override IEnumerable<object> Children => Items(Operand, Sign, Duration);
}

/// <summary><c>caseload of oic</c>: an officer's open caseload across every case.</summary>
public sealed class CaseloadOperandSyntax : OperandSyntax
{
    public CaseloadOperandSyntax(Token caseload, Token of, OperandSyntax officer)
    {
        Caseload = caseload;
        Of = of;
        Officer = officer;
    }

    public Token Caseload { get; }
    public Token Of { get; }
    public OperandSyntax Officer { get; }
    public override IEnumerable<object> Children => Items(Caseload, Of, Officer);
}

/// <summary><c>decision.reason</c>, <c>OIC</c>, <c>SupervisionInterval</c>.</summary>
public sealed class NameOperandSyntax : OperandSyntax
{
    public NameOperandSyntax(IReadOnlyList<Token> parts, IReadOnlyList<Token> dots)
    {
        Parts = parts;
        Dots = dots;
    }

    public IReadOnlyList<Token> Parts { get; }
    public IReadOnlyList<Token> Dots { get; }
    public override IEnumerable<object> Children => Interleave(Parts, Dots);
}

/// <summary>A literal: text, a number, a date, a date-time, <c>yes</c>/<c>no</c>, or a duration.</summary>
public sealed class LiteralOperandSyntax : OperandSyntax
{
    public LiteralOperandSyntax(Token? token, DurationSyntax? duration)
    {
        Token = token;
        Duration = duration;
    }

    public Token? Token { get; }
    public DurationSyntax? Duration { get; }
    public override IEnumerable<object> Children => Items(Token, Duration);
}
