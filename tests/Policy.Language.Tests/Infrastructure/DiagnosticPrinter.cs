using System.Text;
using Policy.Language.Diagnostics;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// Prints a policy's text with each diagnostic as a marker line under the line where it starts:
/// <code>
///   action Close by OIC from Investigatng to Closed
/// //@[12:28..12:40) POL0010 Error: There is no state named 'Investigatng'. Did you mean 'Investigating'? |Investigatng|
/// </code>
/// The span is 1-based line:column, start inclusive and end exclusive; the text between bars is what it covers.
/// A marker begins with <c>//@</c> so that it reads as a comment in a policy.
/// </summary>
internal static class DiagnosticPrinter
{
    public const string MarkerPrefix = "//@";

    public static string Print(PolicyCompilation compilation)
    {
        var source = compilation.Source;
        var byLine = compilation.Diagnostics.ToLookup(d => source.GetLinePosition(d.Span.Start).Line);
        var output = new StringBuilder();
        for (var line = 1; line <= source.LineCount; line++)
        {
            output.Append(source.GetLineText(line));
            foreach (var diagnostic in byLine[line])
            {
                output.Append('\n').Append(Marker(compilation, diagnostic));
            }

            if (line < source.LineCount)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    public static string Marker(PolicyCompilation compilation, Diagnostic diagnostic)
    {
        var covered = compilation.Source.Text.Substring(diagnostic.Span.Start, diagnostic.Span.Length);
        return $"{MarkerPrefix}{Printing.Span(compilation.Source, diagnostic.Span)} {diagnostic.Id} {diagnostic.Severity}: {diagnostic.Message} |{Printing.OneLine(covered)}|";
    }
}
