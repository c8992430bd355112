using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>textDocument/foldingRange</c>: every braced block and choice that spans lines, and runs of comment lines.</summary>
internal sealed class FoldingRangeHandler
{
    private readonly DocumentStore _documents;

    public FoldingRangeHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/foldingRange")]
    public FoldingRange[]? FoldingRanges(DocumentParams parameters) => Guard.Run("foldingRange", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document)
        {
            return null;
        }

        var ranges = new List<FoldingRange>();
        var pending = new Stack<SyntaxNode>();
        pending.Push(document.Compilation.Syntax);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            var (open, close) = node switch
            {
                BlockSyntax block => (block.Open, block.Close),
                ChoiceSyntax choice => (choice.Open, choice.Close),
                _ => ((Token?)null, (Token?)null),
            };
            if (open is { IsMissing: false } && close is { IsMissing: false })
            {
                var start = document.PositionOf(open.Span.Start).Line;
                var end = document.PositionOf(close.Span.Start).Line - 1;
                if (end > start)
                {
                    ranges.Add(new FoldingRange(start, end, null));
                }
            }

            foreach (var child in node.Children.OfType<SyntaxNode>())
            {
                pending.Push(child);
            }
        }

        ranges.AddRange(CommentRuns(document));
        return ranges.OrderBy(r => r.StartLine).ToArray();
    });

    private static IEnumerable<FoldingRange> CommentRuns(PolicyDocument document)
    {
        var lines = document.Text.Split('\n');
        var runStart = -1;
        for (var i = 0; i <= lines.Length; i++)
        {
            var trimmed = i < lines.Length ? lines[i].TrimStart() : string.Empty;
            var isComment = trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal);
            if (isComment && runStart < 0)
            {
                runStart = i;
            }
            else if (!isComment && runStart >= 0)
            {
                if (i - 1 > runStart)
                {
                    yield return new FoldingRange(runStart, i - 1, "comment");
                }

                runStart = -1;
            }
        }
    }
}
