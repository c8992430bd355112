using System.Globalization;
using System.Text;
using Policy.Language.Text;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>Helpers the baseline printers share: positions as <c>line:column</c>, and text shown on one line.</summary>
internal static class Printing
{
    /// <summary><c>[3:5..3:12)</c>: 1-based line and column of the start (inclusive) and end (exclusive), as editors show them.</summary>
    public static string Span(PolicySource source, TextSpan span)
    {
        var start = source.GetLinePosition(span.Start);
        var end = source.GetLinePosition(span.End);
        return $"[{start.Line}:{start.Column}..{end.Line}:{end.Column})";
    }

    /// <summary>The text on one line: line breaks, tabs and other control characters escaped, long text shortened.</summary>
    public static string OneLine(string text, int max = 60)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > max ? text[..(max - 3)] : text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c == '\uFEFF' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Length > max ? builder.Append("...").ToString() : builder.ToString();
    }
}
