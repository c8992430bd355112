using System.Text;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests;

/// <summary>
/// One typo gives one error. Every valid sample is broken in one place at a time, in every place a typo of each kind
/// can go, and each broken copy must give exactly one error, at the typo: a second error would be a cascade that
/// sends the policy owner looking for a problem that is not there.
/// </summary>
/// <remarks>
/// Where two or more errors are right, and so not tested here: a misspelt name where it is declared
/// (<c>state Clsoed final</c>) makes every use of the right name unknown, and each use is reported, because each is
/// a place the policy owner may need to change; a deleted declaration keyword or name is the same. A string whose
/// closing quote is missing mid-line swallows the rest of the line, so what followed it on the line is missing too.
/// </remarks>
public sealed class ErrorQualityTests
{
    /// <summary>Words that start a line of a block.</summary>
    private static readonly HashSet<string> LineKeywords = new(StringComparer.Ordinal)
    {
        "policy", "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action", "deadline",
        "rule", "record", "require", "assign", "notify", "cite", "starts", "every", "within", "stops", "escalate", "warn", "forbid",
    };

    /// <summary>Words inside a line.</summary>
    private static readonly HashSet<string> InlineKeywords = new(StringComparer.Ordinal)
    {
        "by", "from", "to", "in", "when", "each", "entering", "while", "must", "within", "leaving", "after", "then", "before", "unless", "where", "since",
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var sample in Samples.Valid)
        {
            foreach (var kind in new[] { "misspelt line keyword", "misspelt inline keyword", "missing closing quote", "missing closing brace", "missing opening brace", "missing comma", "misspelt state name" })
            {
                data.Add(sample, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_typo_gives_one_error_at_the_typo(string sample, string kind)
    {
        var text = Samples.Read(sample);
        var tokens = new Lexer(text, new DiagnosticBag()).LexAll();
        var states = Samples.Compile(sample).Definition!.States.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var typos = kind switch
        {
            "misspelt line keyword" => tokens.Where(t => t.IsFirstOnLine && LineKeywords.Contains(t.Text)).Select(t => Replace(t, Misspell(t.Text))),
            "misspelt inline keyword" => tokens.Where(t => !t.IsFirstOnLine && InlineKeywords.Contains(t.Text)).Select(t => Replace(t, Misspell(t.Text))),
            "missing closing quote" => tokens.Where((t, i) => t.Kind == TokenKind.String && tokens[i + 1].IsFirstOnLine && text[t.Span.End - 1] == '"').Select(t => new Typo(t.Span.End - 1, 1, string.Empty)),
            "missing closing brace" => tokens.Where(t => t.Kind == TokenKind.CloseBrace && t.IsFirstOnLine).Select(t => Replace(t, string.Empty)),
            "missing opening brace" => tokens.Where((t, i) => t.Kind == TokenKind.OpenBrace && tokens[i + 1].IsFirstOnLine).Select(t => Replace(t, string.Empty)),
            "missing comma" => tokens.Where((t, i) => t.Kind == TokenKind.Comma && !tokens[i + 1].IsFirstOnLine).Select(t => Replace(t, string.Empty)),
            _ => StateReferences(tokens, states).Select(t => Replace(t, Misspell(t.Text))),
        };

        var cascades = new List<string>();
        var count = 0;
        foreach (var typo in typos)
        {
            count++;
            var broken = typo.Apply(text);
            var compilation = PolicyCompiler.Compile(sample, broken);
            var errors = compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var line = compilation.Source.GetLinePosition(typo.Start).Line;
            var onTheTypo = errors.Count == 1 && Math.Abs(compilation.Source.GetLinePosition(errors[0].Span.Start).Line - line) <= 1;
            if (!onTheTypo || compilation.Diagnostics.Count != errors.Count)
            {
                cascades.Add(Describe(compilation, line));
            }
        }

        Assert.True(count > 0 || kind is "missing opening brace", $"No place for a {kind} in {sample}.");
        Assert.True(cascades.Count == 0, $"{cascades.Count} of {count} typos ({kind}) in {sample} did not give exactly one error near the typo:\n\n{string.Join("\n", cascades)}");
    }

    [Fact]
    public void A_misspelt_keyword_names_the_keyword_meant()
    {
        var text = Samples.Read("RassoInvestigation.policy").Replace("  deadline VictimUpdate", "  dealine VictimUpdate", StringComparison.Ordinal);

        var diagnostic = Assert.Single(PolicyCompiler.Compile("x.policy", text).Diagnostics);

        Assert.Equal("Expected 'deadline', but found 'dealine'.", diagnostic.Message);
    }

    [Fact]
    public void A_misspelt_state_name_suggests_the_state_meant()
    {
        var text = Samples.Read("RassoInvestigation.policy").Replace("from Investigating to Closed {", "from Investigaitng to Closed {", StringComparison.Ordinal);

        var diagnostic = Assert.Single(PolicyCompiler.Compile("x.policy", text).Diagnostics);

        Assert.Equal("There is no state named 'Investigaitng'. Did you mean 'Investigating'?", diagnostic.Message);
    }

    /// <summary>Names used where a state is expected (after from, to, in, entering, leaving, while), not where declared.</summary>
    private static IEnumerable<Token> StateReferences(IReadOnlyList<Token> tokens, HashSet<string> states)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Identifier && states.Contains(tokens[i].Text) && !tokens[i - 1].Is("state"))
            {
                yield return tokens[i];
            }
        }
    }

    /// <summary>A typical slip of the fingers: two letters swapped, or the last dropped from a long word.</summary>
    private static string Misspell(string word) =>
        word.Length >= 5 ? word[..^1] : word.Length >= 2 ? $"{word[1]}{word[0]}{word[2..]}" : word + word;

    private static Typo Replace(Token token, string with) => new(token.Span.Start, token.Span.Length, with);

    private static string Describe(PolicyCompilation compilation, int line)
    {
        var text = new StringBuilder();
        text.Append("line ").Append(line).Append(": ").AppendLine(compilation.Source.GetLineText(line).Trim());
        foreach (var diagnostic in compilation.Diagnostics)
        {
            text.Append("    ").AppendLine(DiagnosticPrinter.Marker(compilation, diagnostic));
        }

        return text.ToString();
    }

    private sealed record Typo(int Start, int Length, string With)
    {
        public string Apply(string text) => text.Remove(Start, Length).Insert(Start, With);
    }
}
