using CsCheck;
using Policy.Language.Diagnostics;
using Policy.Language.Formatting;
using Policy.Language.Lexing;
using Policy.Language.Tests.Infrastructure;
using Policy.Language.Tests.Properties;

namespace Policy.Language.Tests.Formatting;

/// <summary>
/// <c>policy format</c>: the house layout of the seed policies and the examples is the canonical layout (they are
/// unchanged), formatting is idempotent on every sample, it changes nothing but white space (same tokens, same
/// comments, same definition, same diagnostics), and a file the parser cannot read is refused with its position.
/// </summary>
public sealed class FormatterTests
{
    public static TheoryData<string> HousePolicies => Files(Path.Combine(RepositoryPaths.Root, "policies"), Path.Combine(RepositoryPaths.Root, "tests", "examples"));

    public static TheoryData<string> SampleFiles => Files(RepositoryPaths.SamplesFolder);

    [Theory]
    [MemberData(nameof(HousePolicies))]
    public void The_house_policies_are_already_in_the_canonical_layout(string path)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, path));
        var formatted = PolicyFormatter.Format(text);
        Assert.Null(formatted.Error);
        AssertSameText(text, formatted.Text!);
    }

    [Theory]
    [MemberData(nameof(HousePolicies))]
    [MemberData(nameof(SampleFiles))]
    public void Formatting_is_idempotent_and_changes_only_white_space(string path)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, path));
        var once = PolicyFormatter.Format(text);
        if (once.Text is null)
        {
            // Only files with syntax errors are refused.
            Assert.Contains(PolicyCompiler.Compile(path, text).Diagnostics, d => d.Id == once.Error!.Id && d.Span == once.Error.Span);
            return;
        }

        var twice = PolicyFormatter.Format(once.Text);
        AssertSameText(once.Text, twice.Text!);
        AssertSameMeaning(text, once.Text);
    }

    [Fact]
    public void A_one_line_block_gets_a_line_per_statement_and_columns_line_up()
    {
        const string text = "policy P \"T\" {\n version \"1\"\n effective 2025-01-01\n role A \"a\"\n role Longer \"b\" assigned\n  state S \"s\" initial\n state Done final\n action Go by A from S to Done { record why: text }\n}\n";
        const string expected = "policy P \"T\" {\n  version   \"1\"\n  effective 2025-01-01\n  role A      \"a\"\n  role Longer \"b\" assigned\n  state S    \"s\" initial\n  state Done final\n  action Go by A from S to Done {\n    record why: text\n  }\n}\n";
        Assert.Equal(expected, PolicyFormatter.Format(text).Text);
    }

    [Fact]
    public void Spacing_inside_a_line_is_normalised_and_comments_stay_where_they_were()
    {
        const string text = "# header\n\n\n\npolicy   P \"T\"{\n\tversion \"1\"   # trailing\n  # before the role\n  role A\"a\"\n  choice C { X ( why : text ) , Y }\n  state S initial\n  state E final\n  action Go by A from S to E {\n    record done : yes / no\n    require done \"Say yes.\"\n  }\n}";
        const string expected = "# header\n\npolicy P \"T\" {\n  version \"1\"   # trailing\n  # before the role\n  role A \"a\"\n  choice C { X(why: text), Y }\n  state S initial\n  state E final\n  action Go by A from S to E {\n    record done: yes/no\n    require done \"Say yes.\"\n  }\n}\n";
        var formatted = PolicyFormatter.Format(text).Text!;
        Assert.Equal(expected, formatted);
        AssertSameMeaning(text, formatted);
    }

    [Fact]
    public void Windows_line_endings_are_kept()
    {
        const string text = "policy P \"T\" {\r\n version \"1\"\r\n}\r\n";
        Assert.Equal("policy P \"T\" {\r\n  version \"1\"\r\n}\r\n", PolicyFormatter.Format(text).Text);
    }

    [Fact]
    public void A_file_with_a_syntax_error_is_refused_at_the_error()
    {
        const string text = "policy P \"T\" {\n  choice C { A B }\n}\n";
        var result = PolicyFormatter.Format(text);
        Assert.Null(result.Text);
        Assert.Equal("POL0001", result.Error!.Id);
        Assert.Equal(text.IndexOf("B }", StringComparison.Ordinal), result.Error.Span.Start);
    }

    [Fact]
    public void Mutated_samples_format_to_a_fixed_point_without_changing_a_token() =>
        PolicyGenerators.MutatedSample.Sample(AssertFormatsSafely, iter: 3_000, print: text => "\"" + Printing.OneLine(text, max: 2_000) + "\"");

    [Fact]
    public void Token_soups_format_to_a_fixed_point_without_changing_a_token() =>
        PolicyGenerators.TokenSoup.Sample(AssertFormatsSafely, iter: 3_000, print: text => "\"" + Printing.OneLine(text, max: 2_000) + "\"");

    private static void AssertFormatsSafely(string text)
    {
        var once = PolicyFormatter.Format(text);
        if (once.Text is null)
        {
            Assert.NotNull(once.Error);
            return;
        }

        Assert.Equal(once.Text, PolicyFormatter.Format(once.Text).Text);
        Assert.Equal(Tokens(text), Tokens(once.Text));
        Assert.Equal(Comments(text), Comments(once.Text));
    }

    /// <summary>The same tokens, the same comments, the same diagnostics, and (when valid) the same definition.</summary>
    internal static void AssertSameMeaning(string before, string after)
    {
        Assert.Equal(Tokens(before), Tokens(after));
        Assert.Equal(Comments(before), Comments(after));
        var original = PolicyCompiler.Compile("p.policy", before);
        var formatted = PolicyCompiler.Compile("p.policy", after);
        Assert.Equal(original.Diagnostics.Select(d => $"{d.Id}: {d.Message}"), formatted.Diagnostics.Select(d => $"{d.Id}: {d.Message}"));
        if (original.Definition is { } definition)
        {
            Assert.Equal(DefinitionPrinter.Print(definition), DefinitionPrinter.Print(formatted.Definition!));
        }
    }

    private static void AssertSameText(string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Assert.Fail(LineDiff.Format(expected, actual));
        }
    }

    private static string[] Tokens(string text) =>
        new Lexer(text, new DiagnosticBag()).LexAll().Select(t => $"{t.Kind} {t.Text}").ToArray();

    /// <summary>The comments, in order, found as the text between tokens that is not white space.</summary>
    private static string[] Comments(string text)
    {
        var tokens = new Lexer(text, new DiagnosticBag()).LexAll();
        var comments = new List<string>();
        var end = 0;
        foreach (var token in tokens)
        {
            var gap = text.Substring(end, token.Span.Start - end);
            comments.AddRange(gap.Split('\n', '\r').Select(l => l.Trim(' ', '\t', '\uFEFF', '\f', '\v')).Where(l => l.Length > 0));
            end = token.Span.End;
        }

        return comments.ToArray();
    }

    private static TheoryData<string> Files(params string[] folders)
    {
        var data = new TheoryData<string>();
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.policy", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace(Path.DirectorySeparatorChar, '/'));
        }

        return data;
    }
}
