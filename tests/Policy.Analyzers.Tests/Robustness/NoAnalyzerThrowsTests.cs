using Microsoft.CodeAnalysis;
using Policy.Analyzers.Tests.Corpus;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Robustness;

/// <summary>
/// No analyzer may throw (which the compiler would report as AD0001 and the IDE as a crashed analyzer), whatever the
/// code: this repository's own sources compiled together, and a generated corpus of a thousand files, some broken.
/// </summary>
public sealed class NoAnalyzerThrowsTests
{
    [Fact]
    public async Task Over_the_repository_own_sources()
    {
        var sources = RepositoryFiles.Below("*.cs", "generator", "runtime", "tests", "samples", "policies")
            .Select(path => (Path.GetRelativePath(RepositoryFiles.Root, path), File.ReadAllText(path)))
            .ToList();
        var policies = RepositoryFiles.Below("*.policy", "policies")
            .Select(path => (Path.GetRelativePath(RepositoryFiles.Root, path), File.ReadAllText(path)))
            .ToList();

        // The runtime is among the sources; every other assembly the process has loaded stands in for the rest.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("Policy.", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));

        var run = await AnalyzerRun.RunAsync(sources, policies, references, policyNamespace: "Force.Policies");

        Assert.True(sources.Count > 100, $"Only {sources.Count} sources were found below {RepositoryFiles.Root}.");
        Assert.Empty(run.AnalyzerExceptions);
    }

    [Fact]
    public async Task Over_a_generated_corpus_of_a_thousand_files()
    {
        var files = AnalyzerCorpus.Files(1000);

        var run = await AnalyzerRun.RunAsync(
            files,
            new[] { (TestPolicies.FileName, TestPolicies.Casework), (TestPolicies.CustodyFileName, TestPolicies.Custody) },
            TestReferences.Framework);

        Assert.Empty(run.AnalyzerExceptions);
        // The corpus reaches every rule about code, so the run above exercised each of them (POL1008 is about the
        // project's C# version, which the corpus does not lower).
        var reported = run.Diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            AnalyzerRun.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => d.Id != PolicyDiagnostics.LanguageVersionId),
            d => Assert.Contains(d.Id, reported));
    }

    [Fact]
    public void The_corpus_is_the_same_every_time()
    {
        Assert.Equal(AnalyzerCorpus.Files(50), AnalyzerCorpus.Files(50));
        Assert.Equal(1000, AnalyzerCorpus.Files().Select(f => f.Path).Distinct().Count());
    }
}
