using System.Reflection;
using System.Text;
using System.Text.Json;
using CsCheck;
using Policy.Language.Parsing;
using Policy.Language.Tests.Infrastructure;
using Policy.Language.Tests.Properties;
using Policy.LanguageServer.Navigation;

namespace Policy.LanguageServer.Tests;

/// <summary>
/// The server never crashes, hangs or hides a defect, whatever the editor sends: the front end's hostile inputs, its
/// random and mutated policies, and positions outside the text all get an answer, and no handler fails (a handler
/// that throws is logged, and the log is checked).
/// </summary>
public sealed class RobustnessTests : IClassFixture<RobustnessTests.SharedServer>
{
    private readonly SharedServer _server;

    public RobustnessTests(SharedServer server) => _server = server;

    private const string Header = "policy Robust \"Robustness\" {\n  version \"1\"\n";

    public static IEnumerable<object[]> HostileInputs()
    {
        var random = new Random(20250201);
        var bytes = new byte[30_000];
        random.NextBytes(bytes);
        var inputs = new (string Name, string Text)[]
        {
            ("empty", string.Empty),
            ("white space", "\n\n\t \r\n"),
            ("only a comment", "# only a comment"),
            ("binary garbage", Encoding.UTF8.GetString(bytes)),
            ("NUL characters", Header + "  role Officer\0 \"Officer\"\0\n}\n"),
            ("lone surrogates", Header + "  role \uD800Officer \"\uDC00\"\n}\n"),
            ("byte-order marks", "\uFEFF\uFEFF" + Header + "}\n"),
            ("carriage returns only", Header.Replace('\n', '\r') + "  state A initial\r}\r"),
            ("deep brackets", Header + "  rule R { forbid Close when " + new string('(', 100_000) + "x" + new string(')', 100_000) + " \"m\" }\n}\n"),
            ("open braces", new string('{', 50_000)),
            ("close braces", Header + new string('}', 50_000)),
            ("policy, many times", string.Concat(Enumerable.Repeat("policy P \"t\" {\n", 5_000))),
            ("a very long line", Header + "  role " + new string('a', 1_000_000) + "\n}\n"),
            ("unterminated text", Header + "  role A \"no end\n  state S \"\n}"),
            ("thousands of roles", Header + string.Concat(Enumerable.Range(0, 3_000).Select(i => $"  role R{i} \"r\"\n")) + "}\n"),
            ("names that are keywords", Header + "  role by \"by\"\n  state from initial\n  action to by by from from to to { record is: is }\n}\n"),
            ("curly quotes", Header + "  role A “A”\n  state S “S” initial\n}\n"),
        };
        return inputs.Select(i => new object[] { i.Name, i.Text })
            .Concat(Samples.Invalid.Select(s => new object[] { s, Samples.Read(s) }));
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task Hostile_input_gets_an_answer_to_every_request(string name, string text)
    {
        var client = await _server.ClientAsync();
        var logged = client.LogLength;
        await Exercise(client, "file:///hostile/" + Uri.EscapeDataString(name) + ".policy", text, new Random(name.Length));
        Assert.False(client.HasExited);
        Assert.DoesNotContain("failed", client.Log.Substring(logged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_and_mutated_policies_never_break_the_server()
    {
        var texts = new List<string>();
        PolicyGenerators.MutatedSample.Sample(t => texts.Add(t), iter: 150, threads: 1);
        PolicyGenerators.TokenSoup.Sample(t => texts.Add(t), iter: 150, threads: 1);
        PolicyGenerators.RandomUnicode.Sample(t => texts.Add(t), iter: 50, threads: 1);

        await using var client = await LanguageClient.StartInitializedAsync(debounceMilliseconds: 5);
        var random = new Random(7);
        for (var i = 0; i < texts.Count; i++)
        {
            // Half as new documents, half as edits of one open document, as typing produces them.
            var uri = i % 2 == 0 ? $"file:///random/{i}.policy" : "file:///random/typed.policy";
            await Exercise(client, uri, texts[i], random, version: i + 1, reopen: i % 2 == 0 || i == 1, waitForDiagnostics: i % 10 == 0);
        }

        Assert.False(client.HasExited);
        Assert.DoesNotContain("failed", client.Log, StringComparison.Ordinal);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Edits_at_impossible_positions_are_clamped_not_fatal()
    {
        await using var client = await LanguageClient.StartInitializedAsync();
        const string uri = "file:///edits.policy";
        await client.OpenAsync(uri, Header + "}\n");
        await client.ChangeRangeAsync(uri, 2, (1_000, 5), (-3, -7), "role A \"a\"\n");
        await client.ChangeRangeAsync(uri, 3, (0, 1_000_000), (0, 1_000_000), "\n");
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri = "file:///never-opened.policy", version = 1 }, contentChanges = new[] { new { text = "policy" } } });
        var diagnostics = await client.DiagnosticsAsync(uri, 3);
        Assert.Equal(JsonValueKind.Array, diagnostics.GetProperty("diagnostics").ValueKind);
        await client.AtAsync("textDocument/hover", "file:///not-open.policy", 0, 0);
        Assert.DoesNotContain("failed", client.Log, StringComparison.Ordinal);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Leaving_without_shutdown_exits_with_code_1()
    {
        await using var client = await LanguageClient.StartInitializedAsync();
        await client.NotifyAsync("exit", new { });
        var exited = await Task.Run(() =>
        {
            for (var i = 0; i < 200 && !client.HasExited; i++)
            {
                Thread.Sleep(50);
            }

            return client.HasExited;
        });
        Assert.True(exited);
        Assert.Equal(1, client.ExitCode);
    }

    [Fact]
    public void The_servers_statement_keywords_are_the_parsers()
    {
        static string[] ParserList(string field) =>
            (string[])typeof(Parser).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

        Assert.Equal(ParserList("PolicyKeywords"), Keywords.Policy);
        Assert.Equal(ParserList("ActionKeywords"), Keywords.Action);
        Assert.Equal(ParserList("SignalKeywords"), Keywords.Signal);
        Assert.Equal(ParserList("DeadlineKeywords"), Keywords.Deadline);
        Assert.Equal(ParserList("CalendarKeywords"), Keywords.Calendar);
        Assert.Equal(ParserList("RuleKeywords"), Keywords.Rule);
    }

    /// <summary>Opens (or changes to) the text and sends every request the server answers, at chosen and random positions.</summary>
    private static async Task Exercise(LanguageClient client, string uri, string text, Random random, int version = 1, bool reopen = true, bool waitForDiagnostics = true)
    {
        if (reopen)
        {
            await client.OpenAsync(uri, text, version);
        }
        else
        {
            await client.ChangeAsync(uri, version, text);
        }

        var lines = Math.Max(1, text.Count(c => c == '\n') + 1);
        var positions = new List<(int Line, int Character)> { (0, 0), (lines - 1, 0), (lines + 5, 3), (0, 1_000_000) };
        for (var i = 0; i < 4; i++)
        {
            positions.Add((random.Next(lines), random.Next(0, 120)));
        }

        foreach (var (line, character) in positions)
        {
            await client.AtAsync("textDocument/hover", uri, line, character);
            await client.AtAsync("textDocument/definition", uri, line, character);
            await client.AtAsync("textDocument/references", uri, line, character, new { context = new { includeDeclaration = true } });
            await client.AtAsync("textDocument/completion", uri, line, character);
            await client.AtAsync("textDocument/prepareRename", uri, line, character);
            try
            {
                await client.AtAsync("textDocument/rename", uri, line, character, new { newName = "Renamed" });
            }
            catch (StreamJsonRpc.RemoteInvocationException e) when (e.ErrorCode == -32803)
            {
                // A refused rename is an answer.
            }
        }

        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full", "textDocument/formatting", "policy/explain", "policy/graph" })
        {
            await client.DocumentAsync(method, uri);
        }

        if (waitForDiagnostics)
        {
            await client.DiagnosticsAsync(uri, version);
        }
    }

    /// <summary>One server for the hostile inputs, as one editor session would see them all; it must survive every one.</summary>
    public sealed class SharedServer : IAsyncLifetime
    {
        private LanguageClient? _client;

        internal async Task<LanguageClient> ClientAsync() => _client ??= await LanguageClient.StartInitializedAsync(debounceMilliseconds: 5);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_client is not null)
            {
                Assert.False(_client.HasExited, "the server died during the hostile inputs");
                Assert.Equal(0, await _client.ShutdownAsync());
                await _client.DisposeAsync();
            }
        }
    }
}
