using Microsoft.CodeAnalysis;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Catalogue;

/// <summary>
/// The analyzers' catalogue stays whole: every rule has a help page that names it as the rule does, every POL1xxx page
/// belongs to a rule, every rule is in the release tracking files, and every rule's severity can be changed.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly DiagnosticDescriptor[] Rules = AnalyzerRun.AllAnalyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Rules)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Fact]
    public void There_are_the_eight_rules_with_ids_from_POL1001()
    {
        Assert.Equal(Enumerable.Range(1001, 8).Select(n => "POL" + n), Rules.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_rule_has_a_help_page_with_its_title_and_default_severity(string id)
    {
        var rule = Rules.Single(r => r.Id == id);
        var path = Path.Combine(RepositoryFiles.Root, "docs", "diagnostics", id + ".md");

        Assert.True(File.Exists(path), $"There is no help page docs/diagnostics/{id}.md for {id}.");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {rule.Title}", lines[0]);
        Assert.Contains($"**Severity:** {rule.DefaultSeverity}", lines);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_rule_links_absolutely_to_its_help_page_under_the_published_documentation(string id)
    {
        var rule = Rules.Single(r => r.Id == id);

        Assert.True(Uri.TryCreate(rule.HelpLinkUri, UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps, $"{id}'s help link '{rule.HelpLinkUri}' is not an absolute https URL.");
        Assert.Equal(PolicyDiagnostics.DefaultDocumentationBaseUrl + $"docs/diagnostics/{id}.md", rule.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "docs", "diagnostics", id + ".md")), $"{id}'s help link points at a page that does not exist.");
    }

    [Fact]
    public async Task The_generator_links_the_policy_language_diagnostics_to_their_pages_below_the_same_base_url()
    {
        // Two mistakes the language reports: an unknown role in an action, and a policy without states.
        var broken = new[] { ("broken.policy", "policy Broken \"Broken\" {\n  version \"1\"\n  action Close by Nobody\n}\n") };
        var published = await AnalyzerRun.RunAsync([], broken, TestReferences.Framework);
        var intranet = await AnalyzerRun.RunAsync(
            [],
            broken,
            TestReferences.Framework,
            buildProperties: new Dictionary<string, string> { ["PolicyDocumentationBaseUrl"] = "https://intranet.force.example/policy/" });

        Assert.NotEmpty(published.GeneratorDiagnostics);
        Assert.All(published.GeneratorDiagnostics, d =>
        {
            Assert.Equal(PolicyDiagnostics.DefaultDocumentationBaseUrl + $"docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "docs", "diagnostics", d.Id + ".md")), $"{d.Id} has no help page.");
        });
        Assert.All(intranet.GeneratorDiagnostics, d => Assert.Equal($"https://intranet.force.example/policy/docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri));
    }

    [Fact]
    public void Every_policy_language_diagnostic_has_a_help_page()
    {
        var missing = Policy.Language.Diagnostics.DiagnosticDescriptors.All
            .Select(d => d.Id)
            .Where(id => !File.Exists(Path.Combine(RepositoryFiles.Root, "docs", "diagnostics", id + ".md")));

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Help_links_follow_the_project_documentation_base_url()
    {
        var source = """
            using Policies;
            using Policy.Runtime.Workflows;

            public static class Desk
            {
                public static void Submit(Casework workflow, Actor actor) => workflow.SubmitForReview(actor);
            }
            """;
        var policies = new[] { (TestPolicies.FileName, TestPolicies.Casework) };

        var published = await AnalyzerRun.RunAsync([("Desk.cs", source)], policies, TestReferences.Framework);
        var intranet = await AnalyzerRun.RunAsync(
            [("Desk.cs", source)],
            policies,
            TestReferences.Framework,
            buildProperties: new Dictionary<string, string> { ["PolicyDocumentationBaseUrl"] = "https://intranet.force.example/policy" });
        var notAUrl = await AnalyzerRun.RunAsync(
            [("Desk.cs", source)],
            policies,
            TestReferences.Framework,
            buildProperties: new Dictionary<string, string> { ["PolicyDocumentationBaseUrl"] = "docs" });

        Assert.Equal(PolicyDiagnostics.DefaultDocumentationBaseUrl + "docs/diagnostics/POL1001.md", HelpLink(published));
        Assert.Equal("https://intranet.force.example/policy/docs/diagnostics/POL1001.md", HelpLink(intranet));
        Assert.Equal(PolicyDiagnostics.DefaultDocumentationBaseUrl + "docs/diagnostics/POL1001.md", HelpLink(notAUrl));

        static string HelpLink(AnalyzerRun.Result run) => run.Diagnostics.Single(d => d.Id == PolicyDiagnostics.IgnoredResultId).Descriptor.HelpLinkUri;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_rule_can_be_configured_and_is_in_the_Policy_category(string id)
    {
        var rule = Rules.Single(r => r.Id == id);

        Assert.Equal("Policy", rule.Category);
        Assert.True(rule.IsEnabledByDefault);
        Assert.DoesNotContain(WellKnownDiagnosticTags.NotConfigurable, rule.CustomTags);
    }

    [Fact]
    public void Every_analyzer_help_page_belongs_to_a_rule()
    {
        var strays = Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, "docs", "diagnostics"), "POL1*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !Rules.Any(r => r.Id == name));

        Assert.Empty(strays);
    }

    [Fact]
    public void Every_rule_is_in_the_release_tracking_files_once_with_its_severity()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "generator", "Policy.Analyzers");
        var rows = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
            .Where(line => line.StartsWith("POL", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();

        Assert.Equal(Rules.Select(r => r.Id), rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(Rules.Single(r => r.Id == row[0]).DefaultSeverity.ToString(), row[2]));
    }
}
