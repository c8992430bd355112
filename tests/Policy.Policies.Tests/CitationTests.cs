using System.Text.RegularExpressions;
using Policy.Definitions;
using Policy.Language;
using Policy.Policies.Tests.Infrastructure;

namespace Policy.Policies.Tests;

/// <summary>
/// Every rule and every deadline of every policy in policies/ cites the paragraph of the document it enforces, so that a
/// refusal or an escalation can always be traced back to the inquiry finding behind it (README: "Every rule cites the
/// paragraph of the document it comes from").
/// </summary>
public sealed class CitationTests
{
    public static TheoryData<string> PolicyFiles() => new(RepositoryFiles.Policies().Select(p => Path.GetFileName(p)));

    [Fact]
    public void The_policies_folder_holds_the_five_policies_written_from_the_source_documents()
    {
        Assert.Equal(
            ["general-investigation.policy", "incident-attendance.policy", "rasso-investigation.policy", "special-scheme.policy", "victim-contact.policy"],
            RepositoryFiles.Policies().Select(p => Path.GetFileName(p)).ToArray());
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void Every_rule_and_deadline_has_a_citation(string file)
    {
        var definition = Compile(file, Read(file));

        Assert.True(definition.Rules.Count + definition.Deadlines.Count > 0, $"{file} has no rules or deadlines to check.");
        Assert.Empty(Uncited(definition));
    }

    // The check above must not pass vacuously: remove the cite lines of each rule and each deadline in turn, in a copy of
    // the policy's text (never the file), and the check must name exactly that rule or deadline.
    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void Removing_the_citation_of_any_rule_or_deadline_is_caught(string file)
    {
        var text = Read(file);
        var definition = Compile(file, text);
        var declarations = definition.Rules.Select(r => ("rule", r.Name)).Concat(definition.Deadlines.Select(d => ("deadline", d.Name))).ToList();
        Assert.NotEmpty(declarations);

        foreach (var (keyword, name) in declarations)
        {
            var uncitedText = WithoutCitations(text, keyword, name);
            Assert.NotEqual(text, uncitedText);
            Assert.Equal([$"{keyword} {name}"], Uncited(Compile(file, uncitedText)));
        }
    }

    /// <summary>The rules and deadlines with no citation, as "rule Name" or "deadline Name".</summary>
    private static List<string> Uncited(PolicyDefinition definition) =>
        definition.Rules.Where(r => r.Citations.Count == 0).Select(r => $"rule {r.Name}")
            .Concat(definition.Deadlines.Where(d => d.Citations.Count == 0).Select(d => $"deadline {d.Name}"))
            .ToList();

    private static PolicyDefinition Compile(string file, string text)
    {
        var compilation = PolicyCompiler.Compile(file, text);
        Assert.False(compilation.HasErrors, string.Join(Environment.NewLine, compilation.Diagnostics));
        return compilation.Definition!;
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "policies", file));

    /// <summary>The text with the <c>cite</c> lines of one rule or deadline block removed.</summary>
    private static string WithoutCitations(string text, string keyword, string name)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var header = lines.FindIndex(l => Regex.IsMatch(l, $@"^\s*{keyword}\s+{Regex.Escape(name)}\b"));
        Assert.True(header >= 0, $"No '{keyword} {name}' line in the policy.");
        var indent = lines[header].Length - lines[header].TrimStart().Length;
        var end = lines.FindIndex(header + 1, l => l.Trim() == "}" && l.Length - l.TrimStart().Length == indent);
        Assert.True(end > header, $"The block of '{keyword} {name}' does not close.");
        for (var i = end - 1; i > header; i--)
        {
            if (lines[i].TrimStart().StartsWith("cite ", StringComparison.Ordinal))
            {
                lines.RemoveAt(i);
            }
        }

        return string.Join('\n', lines);
    }
}
