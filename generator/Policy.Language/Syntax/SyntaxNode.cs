using Policy.Language.Lexing;
using Policy.Language.Text;

namespace Policy.Language.Syntax;

/// <summary>
/// A node of the syntax tree. The tree is complete for any input: what the parser could not make sense of is kept
/// in <see cref="SkippedSyntax"/> nodes, and missing tokens are zero-width <see cref="Token.IsMissing"/> tokens.
/// </summary>
public abstract class SyntaxNode
{
    private TextSpan? _span;

    /// <summary>The tokens and nodes this node is made of, in source order (never null entries).</summary>
    public abstract IEnumerable<object> Children { get; }

    /// <summary>From the start of the first child to the end of the last.</summary>
    public TextSpan Span => _span ??= ComputeSpan();

    private TextSpan ComputeSpan()
    {
        TextSpan? result = null;
        foreach (var child in Children)
        {
            var span = child switch
            {
                Token t => t.Span,
                SyntaxNode n => n.Span,
                _ => (TextSpan?)null,
            };
            if (span is { } s)
            {
                result = result is { } r ? r.Cover(s) : s;
            }
        }

        return result ?? default;
    }

    /// <summary>Items of a separated list with their separators between them, in source order.</summary>
    protected static IEnumerable<object> Interleave<T>(IReadOnlyList<T> items, IReadOnlyList<Token> separators)
        where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            yield return items[i];
            if (i < separators.Count)
            {
                yield return separators[i];
            }
        }

        for (var i = items.Count; i < separators.Count; i++)
        {
            yield return separators[i];
        }
    }

    /// <summary>Helper for <see cref="Children"/>: yields the non-null items of the arguments, flattening lists.</summary>
    protected static IEnumerable<object> Items(params object?[] items)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case null:
                    break;
                case Token or SyntaxNode:
                    yield return item;
                    break;
                case System.Collections.IEnumerable list:
                    foreach (var inner in list)
                    {
                        if (inner is not null)
                        {
                            yield return inner;
                        }
                    }

                    break;
            }
        }
    }
}

/// <summary>Tokens the parser could not use, kept so that nothing is lost; the diagnostic was reported where they start.</summary>
public sealed class SkippedSyntax : StatementSyntax
{
    public SkippedSyntax(IReadOnlyList<Token> tokens) => Tokens = tokens;

    public IReadOnlyList<Token> Tokens { get; }

    public override IEnumerable<object> Children => Tokens;
}

/// <summary>A whole <c>.policy</c> file.</summary>
public sealed class PolicyFileSyntax : SyntaxNode
{
    public PolicyFileSyntax(IReadOnlyList<SyntaxNode> members, Token endOfFile)
    {
        Members = members;
        EndOfFile = endOfFile;
    }

    /// <summary>Policy declarations and skipped text.</summary>
    public IReadOnlyList<SyntaxNode> Members { get; }
    public Token EndOfFile { get; }

    /// <summary>The first policy declared, if any.</summary>
    public PolicyDeclarationSyntax? Policy => Members.OfType<PolicyDeclarationSyntax>().FirstOrDefault();

    public override IEnumerable<object> Children => Items(Members, EndOfFile);
}

/// <summary><c>policy Name "Title" { statements }</c></summary>
public sealed class PolicyDeclarationSyntax : SyntaxNode
{
    public PolicyDeclarationSyntax(Token keyword, Token name, Token? title, BlockSyntax body)
    {
        Keyword = keyword;
        Name = name;
        Title = title;
        Body = body;
    }

    public Token Keyword { get; }
    public Token Name { get; }
    public Token? Title { get; }
    public BlockSyntax Body { get; }

    public override IEnumerable<object> Children => Items(Keyword, Name, Title, Body);
}

/// <summary><c>{ statements }</c>, the body of a policy, action, signal, deadline or rule.</summary>
public sealed class BlockSyntax : SyntaxNode
{
    public BlockSyntax(Token open, IReadOnlyList<StatementSyntax> statements, Token close)
    {
        Open = open;
        Statements = statements;
        Close = close;
    }

    public Token Open { get; }
    public IReadOnlyList<StatementSyntax> Statements { get; }
    public Token Close { get; }

    public override IEnumerable<object> Children => Items(Open, Statements, Close);
}

/// <summary>A line of a block.</summary>
public abstract class StatementSyntax : SyntaxNode
{
}

/// <summary>A comma-separated list of names: <c>OIC, SOIT</c>.</summary>
public sealed class NameListSyntax : SyntaxNode
{
    public NameListSyntax(IReadOnlyList<Token> names, IReadOnlyList<Token> separators, IReadOnlyList<OrAboveSyntax?>? orAbove = null)
    {
        Names = names;
        Separators = separators;
        OrAbove = orAbove ?? Array.Empty<OrAboveSyntax?>();
    }

    public IReadOnlyList<Token> Names { get; }
    public IReadOnlyList<Token> Separators { get; }
    /// <summary>For each name (when not empty), the <c>or above</c> after it, or null: only in an action's <c>by</c> list.</summary>
    public IReadOnlyList<OrAboveSyntax?> OrAbove { get; }

    /// <summary>True when the name at <paramref name="index"/> is followed by <c>or above</c>.</summary>
    public bool IsOrAbove(int index) => index < OrAbove.Count && OrAbove[index] is not null;

    public override IEnumerable<object> Children
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
            {
                yield return Names[i];
                if (i < OrAbove.Count && OrAbove[i] is { } orAbove)
                {
                    yield return orAbove;
                }

                if (i < Separators.Count)
                {
                    yield return Separators[i];
                }
            }

            for (var i = Names.Count; i < Separators.Count; i++)
            {
                yield return Separators[i];
            }
        }
    }
}

/// <summary><c>or above</c> after a rank in an action's <c>by</c> list: that rank and every rank above it.</summary>
public sealed class OrAboveSyntax : SyntaxNode
{
    public OrAboveSyntax(Token or, Token above)
    {
        Or = or;
        Above = above;
    }

    public Token Or { get; }
    public Token Above { get; }
    public override IEnumerable<object> Children => Items(Or, Above);
}
