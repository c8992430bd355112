using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests.Baselines;

/// <summary>
/// Bicep-style baselines: beside each sample <c>X.policy</c> are <c>X.syntax.txt</c> (its syntax tree),
/// <c>X.diagnostics.txt</c> (its text with a marker under each line that has a diagnostic) and, for valid samples,
/// <c>X.definition.txt</c> (what it lowers to). Refresh them all with <c>POLICY_UPDATE_BASELINES=1</c>.
/// </summary>
public sealed class BaselineTests
{
    [Theory]
    [MemberData(nameof(Samples.AllData), MemberType = typeof(Samples))]
    public void Syntax_tree_matches_its_baseline(string sample)
    {
        var compilation = Samples.Compile(sample);

        Baseline.AssertMatches(BaselinePath(sample, "syntax"), SyntaxPrinter.Print(compilation.Source, compilation.Syntax));
    }

    [Theory]
    [MemberData(nameof(Samples.AllData), MemberType = typeof(Samples))]
    public void Diagnostics_match_their_baseline(string sample)
    {
        var compilation = Samples.Compile(sample);

        Baseline.AssertMatches(BaselinePath(sample, "diagnostics"), DiagnosticPrinter.Print(compilation));
    }

    [Theory]
    [MemberData(nameof(Samples.ValidData), MemberType = typeof(Samples))]
    public void Definition_matches_its_baseline(string sample)
    {
        var compilation = Samples.Compile(sample);

        Assert.NotNull(compilation.Definition);
        Baseline.AssertMatches(BaselinePath(sample, "definition"), DefinitionPrinter.Print(compilation.Definition));
    }

    [Fact]
    public void Every_baseline_belongs_to_a_sample()
    {
        // A renamed or deleted sample must not leave its baselines behind.
        var samples = Samples.All.Select(s => Samples.PathOf(s)[..^Samples.Extension.Length]).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(RepositoryPaths.SamplesFolder, "*.txt", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".received.txt", StringComparison.Ordinal))
            .Where(path => !samples.Contains(StripBaselineSuffix(path)))
            .Select(path => Path.GetRelativePath(RepositoryPaths.SamplesFolder, path))
            .ToList();

        Assert.Empty(orphans);
    }

    private static string BaselinePath(string sample, string stage) => Samples.PathOf(sample)[..^Samples.Extension.Length] + "." + stage + ".txt";

    private static string StripBaselineSuffix(string path)
    {
        var withoutTxt = path[..^".txt".Length];
        return withoutTxt[..withoutTxt.LastIndexOf('.')];
    }
}
