using System.Text.RegularExpressions;
using Policy.Cli.Commands;
using Policy.Language.Diagnostics;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests;

/// <summary>
/// Every diagnostic has a help page at <c>docs/diagnostics/POLnnnn.md</c>, every page belongs to a diagnostic, and the
/// pages stay true: each example produces its diagnostic exactly as the page shows it, and each fix is clean.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    private const string ExampleFile = "example.policy";

    /// <summary>Ids whose pages cannot show a one-file example (see <see cref="SampleTests"/>).</summary>
    private static readonly string[] WithoutExample = { "POL0007", "POL0038", "POL0080", "POL0081", "POL0082", "POL0083", "POL0090", "POL0091" };

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Every_page_belongs_to_a_diagnostic_in_the_catalogue()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        // POL1xxx pages belong to the C# analyzers; tests/Policy.Analyzers.Tests checks those.
        var strays = Directory.EnumerateFiles(RepositoryPaths.DiagnosticDocsFolder, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.StartsWith("POL1", StringComparison.Ordinal) && !ids.Contains(name!));

        Assert.Empty(strays);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_page_names_its_diagnostic_with_its_title_and_severity(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        var path = Path.Combine(RepositoryPaths.Root, descriptor.HelpPath);

        Assert.True(File.Exists(path), $"There is no help page {descriptor.HelpPath} for {id}.");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
        Assert.Contains($"**Severity:** {descriptor.Severity}", lines);
        Assert.Contains("## What it means", lines);
        Assert.Contains("## Example", lines);
        Assert.Contains("## How to fix", lines);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_example_gives_the_diagnostic_as_shown_and_the_fix_is_clean(string id)
    {
        if (WithoutExample.Contains(id))
        {
            return;
        }

        var page = File.ReadAllText(Path.Combine(RepositoryPaths.DiagnosticDocsFolder, id + ".md")).Replace("\r\n", "\n");
        var policies = PolicyBlock().Matches(page).Select(m => m.Groups["code"].Value).ToList();
        Assert.True(policies.Count == 2, $"{id}.md should have two ```policy blocks: the example, then the fix.");
        var shown = TextBlock().Match(page).Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var example = PolicyCompiler.Compile(ExampleFile, policies[0]);
        var reported = example.Diagnostics.Select(d => CheckCommand.Format(ExampleFile, example, d)).ToList();
        Assert.Contains(example.Diagnostics, d => d.Id == id);
        Assert.NotEmpty(shown);
        Assert.All(shown, line => Assert.Contains(line, reported));

        var fix = PolicyCompiler.Compile(ExampleFile, policies[1]);
        Assert.Empty(fix.Diagnostics.Select(d => CheckCommand.Format(ExampleFile, fix, d)));
    }

    [GeneratedRegex(@"```policy\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PolicyBlock();

    /// <summary>The block after "reports:", which shows what <c>policy check</c> prints for the example.</summary>
    [GeneratedRegex(@"reports:\n\n```text\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex TextBlock();
}
