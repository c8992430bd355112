using System.Text;
using Policy.Language.Tests.Infrastructure;
using static Policy.Language.Tests.Infrastructure.Compile;

namespace Policy.Language.Tests;

/// <summary>
/// Hostile and unusual input: the compiler never throws, never hangs, never overflows its stack, and still points
/// at the right line and column.
/// </summary>
public sealed class RobustnessTests
{
    private const string Header = "policy Robust \"Robustness\" {\n  version \"1\"\n";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t \r\n")]
    [InlineData("# only a comment")]
    public async Task A_file_without_a_policy_gets_one_error_at_its_start(string text)
    {
        var compilation = await WithinAsync(text);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("POL0005", diagnostic.Id);
        Assert.Equal(At(1, 1), compilation.Source.GetLinePosition(diagnostic.Span.Start));
    }

    [Fact]
    public async Task Binary_garbage_is_survived()
    {
        var random = new Random(20250201);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);

            var compilation = await WithinAsync(Encoding.UTF8.GetString(bytes));

            AssertWellFormed(compilation);
            Assert.True(compilation.HasErrors);
        }
    }

    [Fact]
    public async Task A_nul_character_is_reported_where_it_is()
    {
        var compilation = await WithinAsync(Header + "  role Officer\0 \"Officer\"\n  state Open initial final\n}\n");

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Severity == Diagnostics.DiagnosticSeverity.Error);
        Assert.Equal("POL0003", diagnostic.Id);
        Assert.Equal(At(3, 15), compilation.Source.GetLinePosition(diagnostic.Span.Start));
        Assert.Contains("\\u0000", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples.AllData), MemberType = typeof(Samples))]
    public async Task A_byte_order_mark_changes_no_position(string sample)
    {
        var text = Samples.Read(sample);

        var withBom = await WithinAsync("\uFEFF" + text);

        Assert.Equal(Positions(Samples.Compile(sample)), Positions(withBom));
    }

    [Fact]
    public async Task A_byte_order_mark_is_not_a_column()
    {
        var compilation = await WithinAsync("\uFEFFpolicy 2025 \"Title\" {\n  version \"1\"\n}\n");

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal(At(1, 8), compilation.Source.GetLinePosition(diagnostic.Span.Start));
    }

    [Theory]
    [MemberData(nameof(Samples.AllData), MemberType = typeof(Samples))]
    public async Task Line_endings_change_no_position(string sample)
    {
        var lf = Samples.Read(sample).Replace("\r\n", "\n");
        var expected = Positions(await WithinAsync(lf)).ToList();

        Assert.Equal(expected, Positions(await WithinAsync(lf.Replace("\n", "\r\n"))));
        Assert.Equal(expected, Positions(await WithinAsync(lf.Replace("\n", "\r"))));
    }

    [Theory]
    [InlineData("policy Robust \"Robustness", 1, 15, "POL0002")]
    [InlineData(Header + "  source SOP \"The SOP\n}\n", 3, 14, "POL0002")]
    [InlineData(Header + "  source SOP \"The SOP", 3, 14, "POL0002")]
    [InlineData(Header + "  role OIC \"Officer in charge\" assigned\n", 3, 40, "POL0001")]
    [InlineData(Header + "  action A by R in S {\n    record f: text\n", 4, 19, "POL0001")]
    [InlineData(Header + "  deadline D {\n    starts when A\n\n", 4, 18, "POL0001")]
    [InlineData(Header + "  choice Rag { Red, Amber, Green\n  state Open initial\n}\n", 3, 33, "POL0001")]
    public async Task Unterminated_text_and_blocks_are_reported_where_they_end(string text, int line, int column, string id)
    {
        var compilation = await WithinAsync(text);

        AssertWellFormed(compilation);
        Assert.Contains($"{At(line, column)} {id}", Positions(compilation).Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Ten_thousand_nested_braces_do_not_overflow_the_stack()
    {
        var text = Header + new string('{', 10_000) + new string('}', 10_000) + "\n}\n";

        var compilation = await WithinAsync(text);

        AssertWellFormed(compilation);
        // The policy has no states either (POL0027, at its name); the braces are one error of their own.
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id != "POL0027");
        Assert.Equal("POL0001", diagnostic.Id);
        Assert.Equal(At(3, 1), compilation.Source.GetLinePosition(diagnostic.Span.Start));
    }

    [Fact]
    public async Task Ten_thousand_unclosed_braces_do_not_overflow_the_stack()
    {
        var compilation = await WithinAsync(Header + new string('{', 10_000));

        AssertWellFormed(compilation);
        Assert.True(compilation.HasErrors);
    }

    [Fact]
    public async Task Ten_thousand_nested_parentheses_stop_at_the_nesting_limit()
    {
        const string prefix = "    require ";
        var text = Header + """
              role Supervisor
              state Open initial
              state Closed final
              action Close by Supervisor from Open to Closed {
                record ready: yes/no

            """ + prefix + new string('(', 10_000) + "ready" + new string(')', 10_000) + " \"Get ready first.\"\n  }\n}\n";

        var compilation = await WithinAsync(text);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("POL0004", diagnostic.Id);
        Assert.Equal(At(8, prefix.Length + Parsing.Parser.MaxDepth + 1), compilation.Source.GetLinePosition(diagnostic.Span.Start));
    }

    [Fact]
    public async Task A_five_megabyte_policy_compiles()
    {
        var text = LargePolicy.Build(targetCharacters: 5_000_000);

        var compilation = await WithinAsync(text, seconds: 60);

        Assert.Empty(compilation.Diagnostics);
        Assert.NotNull(compilation.Definition);
        Assert.True(compilation.Definition.Actions.Count > 10_000);
    }

    [Fact]
    public async Task A_one_megabyte_line_reports_the_right_column()
    {
        // A whole policy on one line, with an unknown state at its very end.
        var line = new StringBuilder("policy OneLine \"One line\" { version \"1\" role R state S0 initial state Done final ");
        for (var i = 1; line.Length < 1_000_000; i++)
        {
            line.Append("state S").Append(i).Append(" action A").Append(i).Append(" by R from S").Append(i - 1).Append(" to S").Append(i).Append(' ');
        }

        line.Append("action Finish by R from Nowhere to Done }");
        var text = line.ToString();

        var compilation = await WithinAsync(text, seconds: 30);

        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id == "POL0010");
        Assert.Equal(At(1, text.IndexOf("Nowhere", StringComparison.Ordinal) + 1), compilation.Source.GetLinePosition(diagnostic.Span.Start));
        Assert.True(diagnostic.Span.Start > 1_000_000);
    }

    [Theory]
    [InlineData("Überprüfung", "Ärger")]
    [InlineData("Ymchwiliad", "Cwŷn")]
    [InlineData("Έρευνα", "Κλειστή")]
    [InlineData("调查中", "已结案")]
    [InlineData("Расследование", "Закрыто")]
    public async Task Names_may_use_letters_of_any_language(string open, string closed)
    {
        var text = $$"""
            policy Unicode "Unicode names" {
              version "1"
              role Officer
              state {{open}} initial
              state {{closed}} final
              action Close by Officer from {{open}} to {{closed}}
              action Reopen by Officer from {{open}}x to {{open}}
            }
            """;

        var compilation = await WithinAsync(text);

        // The only error is the unknown name on the last action, at the column counted in characters.
        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("POL0010", diagnostic.Id);
        Assert.Contains($"Did you mean '{open}'?", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(At(7, "  action Reopen by Officer from ".Length + 1), compilation.Source.GetLinePosition(diagnostic.Span.Start));

        var valid = await WithinAsync(text.Replace($"  action Reopen by Officer from {open}x to {open}\n", string.Empty, StringComparison.Ordinal));
        Assert.Empty(valid.Diagnostics);
        Assert.Equal([open, closed], valid.Definition!.States.Select(s => s.Name));
    }

    [Fact]
    public async Task A_character_outside_the_basic_plane_is_one_invalid_character()
    {
        var compilation = await WithinAsync(Header + "  role 👮 \"Officer\"\n}\n");

        var invalid = Assert.Single(compilation.Diagnostics, d => d.Id == "POL0003");
        Assert.Equal(2, invalid.Span.Length);
        Assert.Equal(At(3, 8), compilation.Source.GetLinePosition(invalid.Span.Start));
    }

    [Fact]
    public async Task Very_long_names_are_survived()
    {
        var name = "Investigation" + new string('x', 100_000);
        var text = Header + $"  role Officer\n  state {name} initial\n  state Closed final\n  action Close by Officer from {name}y to Closed\n}}\n";

        var compilation = await WithinAsync(text);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("POL0010", diagnostic.Id);
        Assert.Equal(At(6, 32), compilation.Source.GetLinePosition(diagnostic.Span.Start));
    }
}
