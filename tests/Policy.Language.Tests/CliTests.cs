using System.Text;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests;

/// <summary>
/// <c>policy check</c> as a policy owner meets it: exit code 0 when there are no errors, 1 when there are, 2 when a
/// path is missing; each problem on one line at the right line and column; never a stack trace. The process tests
/// run the real tool (<c>dotnet policy.dll</c>); the others run it in-process.
/// </summary>
public sealed class CliTests
{
    [Fact]
    public async Task Checking_every_valid_sample_prints_only_the_summary_and_exits_0()
    {
        var paths = Samples.Valid.Select(Samples.PathOf).ToArray();

        var result = await PolicyTool.RunProcessAsync(["check", .. paths]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"Checked {paths.Length} policies: 0 errors, 0 warnings."], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task A_missing_path_exits_2_with_one_plain_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "policy-language-tests", "no-such-file.policy");

        var result = await PolicyTool.RunProcessAsync("check", missing);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_arguments_exit_2()
    {
        var result = await PolicyTool.RunProcessAsync("check");

        Assert.Equal(2, result.ExitCode);
    }

    /// <summary>Malformed files through the real tool: exit code 1 and the diagnostic at the right line and column.</summary>
    [Theory]
    [InlineData("empty", "", "(1,1): error POL0005")]
    [InlineData("nul", "policy P \"P\" {\n  version \"1\"\0\n}\n", "(2,14): error POL0003")]
    [InlineData("crlf", "policy P \"P\" {\r\n  version \"1\"\r\n  stat Open initial\r\n}\r\n", "(3,3): error POL0001")]
    [InlineData("cr", "policy P \"P\" {\r  version \"1\"\r  stat Open initial\r}\r", "(3,3): error POL0001")]
    [InlineData("unterminated", "policy P \"P\" {\n  version \"1\n}\n", "(2,11): error POL0002")]
    [InlineData("unclosed", "policy P \"P\" {\n  version \"1\"\n", "(2,14): error POL0001")]
    public async Task A_malformed_file_exits_1_with_the_error_where_it_is(string name, string text, string expected)
    {
        var path = PolicyTool.WriteTemp(name + ".policy", text);

        var result = await PolicyTool.RunProcessAsync("check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path + expected, result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Binary_garbage_exits_1_without_a_stack_trace()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var path = PolicyTool.WriteTemp("garbage.policy", bytes);

        var result = await PolicyTool.RunProcessAsync("check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(path + "(", result.OutputLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_order_mark_in_the_file_changes_no_column()
    {
        var path = PolicyTool.WriteTemp("bom.policy", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("policy 2025 \"P\" {\n}\n")).ToArray());

        var result = await PolicyTool.RunInProcessAsync("check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(path + "(1,8): error POL0001", result.OutputLines[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples.InvalidData), MemberType = typeof(Samples))]
    public async Task An_invalid_sample_is_reported_line_by_line_as_in_its_baseline(string sample)
    {
        var compilation = Samples.Compile(sample);

        var result = await PolicyTool.RunInProcessAsync("check", Samples.PathOf(sample));

        Assert.Equal(compilation.HasErrors ? 1 : 0, result.ExitCode);
        var expected = compilation.Diagnostics.Select(d =>
        {
            var at = compilation.Source.GetLinePosition(d.Span.Start);
            return $"{Samples.PathOf(sample)}({at.Line},{at.Column}): {(d.Severity == Diagnostics.DiagnosticSeverity.Error ? "error" : "warning")} {d.Id}: {d.Message}";
        });
        Assert.Equal(expected, result.OutputLines[..^1]);
        Assert.StartsWith("Checked 1 policy: ", result.OutputLines[^1], StringComparison.Ordinal);
    }
}
