using Policy.Language.Diagnostics;
using Policy.Language.Text;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>Compiles text the way hostile input should be compiled in a test: on a pool thread, with a time limit.</summary>
internal static class Compile
{
    /// <summary>
    /// Compiles on a thread-pool thread (the generator runs there, with its smaller stack) and fails the test if the
    /// compiler throws or has not finished within <paramref name="seconds"/>: a hang is reported, not waited out.
    /// </summary>
    public static async Task<PolicyCompilation> WithinAsync(string text, int seconds = 10)
    {
        var work = Task.Run(() => PolicyCompiler.Compile("input.policy", text));
        return await work.WaitAsync(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>The diagnostics as <c>(line,column) id</c>, for comparing positions across line endings.</summary>
    public static IEnumerable<string> Positions(PolicyCompilation compilation) =>
        compilation.Diagnostics.Select(d => $"{compilation.Source.GetLinePosition(d.Span.Start)} {d.Id}: {d.Message}");

    /// <summary>Asserts the invariants every compilation keeps, whatever the input.</summary>
    public static void AssertWellFormed(PolicyCompilation compilation)
    {
        var length = compilation.Source.Text.Length;
        foreach (var diagnostic in compilation.Diagnostics)
        {
            Assert.InRange(diagnostic.Span.Start, 0, length);
            Assert.InRange(diagnostic.Span.End, diagnostic.Span.Start, length);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }

        Assert.True(compilation.Diagnostics.Count <= DiagnosticBag.Limit + 1);
        Assert.Equal(compilation.HasErrors, compilation.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));

        // Errors and a definition exclude each other: a file without errors always lowers to a definition.
        Assert.Equal(compilation.HasErrors, compilation.Definition is null);
    }

    public static LinePosition At(int line, int column) => new(line, column);
}
