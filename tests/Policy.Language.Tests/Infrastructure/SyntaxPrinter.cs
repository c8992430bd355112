using System.Text;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// Prints a syntax tree as an indented outline: each node's type and span, each token's kind, span and source text.
/// Missing tokens (invented by the parser) print as <c>&lt;missing Kind&gt;</c>, so recovery shows in the baseline.
/// <code>
/// Action [31:3..35:4)
///   Identifier [31:3..31:9) action
///   Identifier [31:10..31:20) AssessRisk
/// </code>
/// </summary>
internal static class SyntaxPrinter
{
    public static string Print(PolicySource source, SyntaxNode root)
    {
        var output = new StringBuilder();
        Walk(source, root, 0, output);
        return output.ToString();
    }

    private static void Walk(PolicySource source, SyntaxNode node, int depth, StringBuilder output)
    {
        // Recursive: trees are shallow, since only conditions nest and they stop at 64 levels.
        Indent(output, depth).Append(NodeName(node)).Append(' ').AppendLine(Printing.Span(source, node.Span));
        foreach (var child in node.Children)
        {
            switch (child)
            {
                case Token token:
                    Indent(output, depth + 1).AppendLine(Describe(source, token));
                    break;
                case SyntaxNode inner:
                    Walk(source, inner, depth + 1, output);
                    break;
            }
        }
    }

    private static string NodeName(SyntaxNode node)
    {
        var name = node.GetType().Name;
        return name.EndsWith("Syntax", StringComparison.Ordinal) ? name[..^"Syntax".Length] : name;
    }

    private static string Describe(PolicySource source, Token token)
    {
        var span = Printing.Span(source, token.Span);
        if (token.IsMissing)
        {
            return $"<missing {token.Kind}> {span}";
        }

        if (token.Kind == TokenKind.EndOfFile)
        {
            return $"EndOfFile {span}";
        }

        return $"{token.Kind} {span} {Printing.OneLine(source.Text.Substring(token.Span.Start, token.Span.Length))}";
    }

    private static StringBuilder Indent(StringBuilder output, int depth) => output.Append(' ', depth * 2);
}
