using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Policy.Analyzers.Model;

/// <summary>
/// The C# that Razor writes for a <c>.razor</c> component or a <c>.cshtml</c> page. It is generated code (marked
/// <c>&lt;auto-generated/&gt;</c>), but the parts that <c>#line</c> maps back to the <c>.razor</c> or <c>.cshtml</c> file
/// are the developer's own (<c>@code</c> and <c>@functions</c> blocks, expressions in markup): the rules analyse those,
/// and the compiler reports their warnings at the Razor file's line. Razor's own plumbing (<c>#line hidden</c>, or
/// lines mapped nowhere) is still skipped, like every other generated file.
/// </summary>
internal static class RazorCode
{
    /// <summary>True for a file the Razor source generator (or the older Razor compiler) wrote.</summary>
    public static bool IsRazorGenerated(SyntaxTree tree)
    {
        var path = tree.FilePath;
        return path.EndsWith("_razor.g.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("_cshtml.g.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".razor.g.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".cshtml.g.cs", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when <paramref name="span"/> of a Razor-generated <paramref name="tree"/> is code the developer wrote in the
    /// Razor file: visible, and mapped by <c>#line</c> to a <c>.razor</c> or <c>.cshtml</c> path.
    /// </summary>
    public static bool IsWrittenInRazor(SyntaxTree tree, TextSpan span)
    {
        if (!IsRazorGenerated(tree) || tree.GetLineVisibility(span.Start) != LineVisibility.Visible)
        {
            return false;
        }

        var mapped = tree.GetMappedLineSpan(span);
        return mapped.HasMappedPath
            && (mapped.Path.EndsWith(".razor", StringComparison.OrdinalIgnoreCase) || mapped.Path.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the rules analyse <paramref name="syntax"/>: it is not generated, or it was written in a Razor file.</summary>
    public static bool IsAnalysed(SyntaxNode syntax, bool isGeneratedCode) =>
        !isGeneratedCode || IsWrittenInRazor(syntax.SyntaxTree, syntax.Span);
}
