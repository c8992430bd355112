using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests.Differential;

/// <summary>
/// The minimal reproducers of the failures the differential test found, one valid policy per failure class, each in
/// Differential/Regressions/*.policy with what went wrong on the day it was found in its first lines. Each must check
/// clean (otherwise it reproduces nothing) and then pass the whole pipeline: generate, compile with warnings as
/// errors, load, match the definition, and walk a case.
/// </summary>
public sealed class RegressionTests
{
    private static readonly string Folder = RepositoryPaths.Combine("tests", "Policy.Generator.Tests", "Differential", "Regressions");

    public static TheoryData<string> Reproducers()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.policy").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void There_are_reproducers_to_run()
    {
        // A theory over an empty folder passes by running nothing; this is what would notice.
        Assert.NotEmpty(Reproducers());
    }

    [Theory]
    [MemberData(nameof(Reproducers))]
    public void The_reproducer_is_refused_by_the_checker_or_passes_the_whole_pipeline(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name + ".policy"));
        var checkedPolicy = Language.PolicyCompiler.Compile(name + ".policy", text);
        if (checkedPolicy.HasErrors)
        {
            // A clean refusal: a naming error at a position in the policy, and nothing generated from it.
            Assert.Contains(checkedPolicy.Diagnostics, d => d.Id is "POL0013" or "POL0016" && d.Span.Length > 0);
            Assert.Null(checkedPolicy.Definition);
            return;
        }

        // Several walks, since a walk's calls depend on its seed: a runtime fault need not show in the first.
        var failures = Enumerable.Range(1, 5).SelectMany(seed => DifferentialPipeline.FailuresOf(text, walkSteps: 200, seed: seed)).Distinct().ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"[{f.Stage}] {f.ClassKey}: {f.Evidence}")));
    }
}
