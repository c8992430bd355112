namespace Policy.Language.Text;

/// <summary>
/// The text of one <c>.policy</c> file and where its lines start. Accepts LF, CRLF and lone CR line endings
/// and ignores a leading byte-order mark for positions' sake (it is still part of the text).
/// </summary>
public sealed class PolicySource
{
    private readonly int[] _lineStarts;

    public PolicySource(string path, string text)
    {
        Path = path ?? string.Empty;
        Text = text ?? string.Empty;
        _lineStarts = ComputeLineStarts(Text);
    }

    /// <summary>The file's path as the caller named it (used in diagnostics).</summary>
    public string Path { get; }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The 1-based line and column of a character offset; offsets past the end map to the end.</summary>
    public LinePosition GetLinePosition(int offset)
    {
        if (offset < 0)
        {
            offset = 0;
        }

        if (offset > Text.Length)
        {
            offset = Text.Length;
        }

        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        // A leading byte-order mark is not a column an editor shows.
        var column = offset - _lineStarts[line] + 1;
        if (line == 0 && offset > 0 && Text[0] == '\uFEFF')
        {
            column--;
        }

        return new LinePosition(line + 1, column);
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string GetLineText(int line)
    {
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return Text.Substring(start, end - start);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }
}
