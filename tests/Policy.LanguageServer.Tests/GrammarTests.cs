using System.Diagnostics;
using System.Text.Json;
using Policy.Language;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.Language.Tests.Infrastructure;
using Policy.LanguageServer.Navigation;

namespace Policy.LanguageServer.Tests;

/// <summary>
/// The VS Code extension's TextMate grammar, run by <c>vscode-textmate</c> (as VS Code runs it) over the policies in
/// <c>policies/</c>, <c>tests/examples/</c> and the valid samples. What each piece of text should be comes from the
/// compiler, not from the grammar's own patterns: every comment, string, number and date; every word the parser read
/// as a keyword; every built-in type; and every name, which must not be coloured as a keyword.
/// Needs Node.js; the extension's packages are installed with <c>npm ci</c> when they are missing.
/// </summary>
public sealed class GrammarTests
{
    private static readonly string ExtensionFolder = Path.Combine(RepositoryPaths.Root, "generator", "Policy.VsCode");
    private static readonly SemaphoreSlim InstallOnce = new(1, 1);

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "policies", Path.Combine("tests", "examples") })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.policy").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
            }
        }

        foreach (var sample in Samples.Valid)
        {
            data.Add("tests/Policy.Language.Tests/Samples/" + sample);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Every_keyword_literal_comment_and_name_is_scoped_as_the_compiler_reads_it(string policy)
    {
        var path = Path.Combine(RepositoryPaths.Root, policy);
        var expectations = Expectations(File.ReadAllText(path));
        Assert.Contains(expectations, e => e.Category == "keyword");
        Assert.Contains(expectations, e => e.Category == "name");
        Assert.Contains(expectations, e => e.Category == "string");

        var json = Path.Combine(Path.GetTempPath(), $"policy-grammar-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new[] { new { file = path, expect = expectations } }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        try
        {
            await EnsurePackagesAsync();
            var (exit, output) = await RunAsync("node", ExtensionFolder, "test/grammar-test.js", json);
            // Each line prefixed, so that the script's own "N passed, N failed" never reads as a test run's summary in CI's log.
            Assert.True(exit == 0, string.Join("\n", output.Split('\n').Select(line => "grammar-test: " + line)));
            Assert.Contains($"{expectations.Count} passed, 0 failed", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }

    internal sealed record Expectation(int Line, int Start, int End, string Category, string Text);

    /// <summary>What the compiler says each piece of the text is, as zero-based line and column ranges.</summary>
    internal static List<Expectation> Expectations(string text)
    {
        var compilation = PolicyCompiler.Compile("p.policy", text);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);
        var index = SymbolIndex.Build(compilation);
        var names = index.Occurrences.Select(o => o.Token).ToHashSet();
        var types = new HashSet<Token>();
        var tokens = new List<Token>();
        var pending = new Stack<object>();
        pending.Push(compilation.Syntax);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case Token { IsMissing: false, Kind: not TokenKind.EndOfFile } token:
                    tokens.Add(token);
                    break;
                case SyntaxNode node:
                    if (node is TypeSyntax type)
                    {
                        types.UnionWith(type.Tokens);
                    }

                    foreach (var child in node.Children.Reverse())
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        tokens.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        var expectations = new List<Expectation>();
        void Add(int start, int end, string category)
        {
            var from = compilation.Source.GetLinePosition(start);
            var to = compilation.Source.GetLinePosition(end);
            if (from.Line == to.Line && end > start)
            {
                expectations.Add(new Expectation(from.Line - 1, from.Column - 1, to.Column - 1, category, text.Substring(start, end - start)));
            }
        }

        var previousEnd = 0;
        foreach (var token in tokens)
        {
            AddComments(text, previousEnd, token.Span.Start, Add);
            previousEnd = token.Span.End;
            var category = token.Kind switch
            {
                TokenKind.String => "string",
                TokenKind.Number or TokenKind.Date or TokenKind.DateTime => "number",
                TokenKind.Identifier when names.Contains(token) => "name",
                TokenKind.Identifier when types.Contains(token) => index.Choices.ContainsKey(token.Text) ? "name" : "type",
                TokenKind.Identifier when index.IsNamePosition(token) => "name",
                TokenKind.Identifier => "keyword",
                _ => null,
            };
            if (category is not null)
            {
                Add(token.Span.Start, token.Span.End, category);
            }
        }

        AddComments(text, previousEnd, text.Length, Add);
        return expectations;
    }

    private static void AddComments(string text, int start, int end, Action<int, int, string> add)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] == '#' || (text[i] == '/' && i + 1 < end && text[i + 1] == '/'))
            {
                var commentEnd = i;
                while (commentEnd < end && text[commentEnd] is not ('\n' or '\r'))
                {
                    commentEnd++;
                }

                add(i, commentEnd, "comment");
                i = commentEnd;
            }
        }
    }

    /// <summary>Installs the extension's packages from its lock file once, when they are not there yet.</summary>
    private static async Task EnsurePackagesAsync()
    {
        await InstallOnce.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(ExtensionFolder, "node_modules", "vscode-textmate")))
            {
                return;
            }

            var (exit, output) = await RunAsync("npm", ExtensionFolder, "ci", "--no-audit", "--no-fund");
            Assert.True(exit == 0, "npm ci failed in generator/Policy.VsCode:\n" + output);
        }
        finally
        {
            InstallOnce.Release();
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' could not be started ({e.Message}): the grammar tests need Node.js 20 and npm on the PATH.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
    }
}
