using Policy.Language;
using Policy.LanguageServer.Navigation;
using Policy.LanguageServer.Protocol;
using Range = Policy.LanguageServer.Protocol.Range;

namespace Policy.LanguageServer.Documents;

/// <summary>
/// One open document at one version: its text, and the compiler's compilation of it, built once when first asked for
/// (by a request or the debounced diagnostics) and shared by every handler until the next edit replaces the document.
/// </summary>
internal sealed class PolicyDocument
{
    private readonly Lazy<PolicyCompilation> _compilation;
    private readonly Lazy<SymbolIndex> _symbols;
    private readonly Lazy<int[]> _lineStarts;

    public PolicyDocument(string uri, int version, string text)
    {
        Uri = uri;
        Version = version;
        Text = text;
        _compilation = new Lazy<PolicyCompilation>(() => PolicyCompiler.Compile(PathOf(uri), text), LazyThreadSafetyMode.ExecutionAndPublication);
        _symbols = new Lazy<SymbolIndex>(() => SymbolIndex.Build(Compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _lineStarts = new Lazy<int[]>(() => LineStarts(text));
    }

    public string Uri { get; }
    public int Version { get; }
    public string Text { get; }
    public PolicyCompilation Compilation => _compilation.Value;
    public SymbolIndex Symbols => _symbols.Value;

    /// <summary>The position the editor shows for a character offset: the compiler's own line and column, zero-based.</summary>
    public Position PositionOf(int offset)
    {
        var position = Compilation.Source.GetLinePosition(offset);
        return new Position(position.Line - 1, position.Column - 1);
    }

    public Range RangeOf(Language.Text.TextSpan span) => new(PositionOf(span.Start), PositionOf(span.End));

    /// <summary>The character offset of an editor position, clamped to the text.</summary>
    public int OffsetOf(Position position) => OffsetOf(Text, _lineStarts.Value, position);

    public Range WholeText => new(new Position(0, 0), PositionOf(Text.Length));

    /// <summary>The text after one edit: a range replaced, or (without a range) the whole text.</summary>
    public static string Apply(string text, TextDocumentContentChangeEvent change)
    {
        if (change.Range is null)
        {
            return change.Text ?? string.Empty;
        }

        var starts = LineStarts(text);
        var start = OffsetOf(text, starts, change.Range.Start);
        var end = Math.Max(start, OffsetOf(text, starts, change.Range.End));
        return text.Substring(0, start) + (change.Text ?? string.Empty) + text.Substring(end);
    }

    private static int OffsetOf(string text, int[] lineStarts, Position position)
    {
        if (position is null || position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= lineStarts.Length)
        {
            return text.Length;
        }

        var start = lineStarts[position.Line];
        var end = position.Line + 1 < lineStarts.Length ? lineStarts[position.Line + 1] : text.Length;
        while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }

        return Math.Clamp(start + Math.Max(0, position.Character), start, end);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }

    /// <summary>The file name the compiler reports; for a file: URI, its local path.</summary>
    /// <summary>The document's file path (its URI when it is not a file).</summary>
    public string Path => PathOf(Uri);

    internal static string PathOf(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
}
