using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Policy.Language;
using Policy.Language.Formatting;
using StreamJsonRpc;

namespace Policy.LanguageServer.Tests;

/// <summary>
/// The server driven as an editor drives it, over a real pipe to a real process: initialize, open, change, hover,
/// definition, references, rename, completion, outline, folding, semantic tokens, formatting, the extension's
/// explain and diagram requests, shutdown and exit. The answers are checked against the compiler and the CLI.
/// </summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private const string PolicyPath = "policies/rasso-investigation.policy";
    private static readonly string Uri = Repository.UriOf("rasso-investigation.policy");
    private readonly string _text = Repository.Read(PolicyPath);
    private LanguageClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await LanguageClient.StartInitializedAsync();
        await _client.OpenAsync(Uri, _text);
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Initialize_announces_every_feature()
    {
        await using var client = LanguageClient.Start();
        var result = await client.RequestAsync("initialize", new { processId = (int?)null, capabilities = new { } });
        var capabilities = result.GetProperty("capabilities");
        foreach (var feature in new[] { "hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "completionProvider", "documentSymbolProvider", "foldingRangeProvider", "semanticTokensProvider", "documentFormattingProvider", "textDocumentSync" })
        {
            Assert.True(capabilities.TryGetProperty(feature, out _), feature);
        }

        Assert.Equal(2, capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Diagnostics_are_those_of_policy_check_at_the_same_positions()
    {
        var clean = await _client.DiagnosticsAsync(Uri, 1);
        Assert.Equal(0, clean.GetProperty("diagnostics").GetArrayLength());

        // An edit that names an unknown role and an unknown state.
        var broken = _text.Replace("by Supervisor from Reported to Assessed", "by Superviser from Reported to Asessed", StringComparison.Ordinal);
        await _client.ChangeAsync(Uri, 2, broken);
        var published = await _client.DiagnosticsAsync(Uri, 2);

        var expected = PolicyCompiler.Compile("rasso-investigation.policy", broken);
        var actual = published.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Diagnostics.Count, actual.Count);
        foreach (var (want, got) in expected.Diagnostics.Zip(actual))
        {
            var position = expected.Source.GetLinePosition(want.Span.Start);
            var start = got.GetProperty("range").GetProperty("start");
            Assert.Equal(want.Id, got.GetProperty("code").GetString());
            Assert.Equal(want.Message, got.GetProperty("message").GetString());
            Assert.Equal(position.Line - 1, start.GetProperty("line").GetInt32());
            Assert.Equal(position.Column - 1, start.GetProperty("character").GetInt32());
            Assert.Equal(want.Severity == Language.Diagnostics.DiagnosticSeverity.Error ? 1 : 2, got.GetProperty("severity").GetInt32());
        }

        // The same as the CLI prints, line for line.
        var check = CheckLines(broken);
        Assert.Equal(check.Length, actual.Count);
        for (var i = 0; i < check.Length; i++)
        {
            var start = actual[i].GetProperty("range").GetProperty("start");
            Assert.Contains($"({start.GetProperty("line").GetInt32() + 1},{start.GetProperty("character").GetInt32() + 1}): ", check[i], StringComparison.Ordinal);
            Assert.Contains(actual[i].GetProperty("code").GetString()!, check[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_version_is_checked_with_the_other_versions_in_its_folder_as_the_editor_holds_them()
    {
        var folder = Directory.CreateTempSubdirectory("policy-ls-versions-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "supervision.2025.policy"), Repository.Read("tests/versions/supervision.2025.policy"));
            var newer = Repository.Read("tests/versions/supervision.2026.policy");
            var uri = new System.Uri(Path.Combine(folder, "supervision.2026.policy")).AbsoluteUri;

            // On its own day: only the dropped state is reported, as policy check reports it.
            await _client.OpenAsync(uri, newer);
            var clean = (await _client.DiagnosticsAsync(uri, 1)).GetProperty("diagnostics").EnumerateArray().ToList();
            Assert.Equal(["POL0083"], clean.Select(d => d.GetProperty("code").GetString()));

            // Edited to take effect on the older version's day: an error at its effective line, before anything is saved.
            await _client.ChangeAsync(uri, 2, newer.Replace("effective 2026-01-01", "effective 2025-01-01", StringComparison.Ordinal));
            var clash = (await _client.DiagnosticsAsync(uri, 2)).GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "POL0080");
            Assert.Equal((6, 2, 1), (clash.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), clash.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32(), clash.GetProperty("severity").GetInt32()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Diagnostics_wait_for_typing_to_pause_and_describe_the_last_edit()
    {
        await _client.DiagnosticsAsync(Uri, 1);
        var before = _client.PublishCount(Uri);
        var text = _text;
        for (var version = 2; version <= 21; version++)
        {
            // Type "Superviser" one character at a time into a new line of the policy.
            text = text.Insert(text.LastIndexOf('}'), version == 2 ? "  role X \"x\"\n" : string.Empty);
            await _client.ChangeAsync(Uri, version, text);
        }

        var last = await _client.DiagnosticsAsync(Uri, 21);
        Assert.Equal(21, last.GetProperty("version").GetInt32());
        Assert.True(_client.PublishCount(Uri) - before <= 3, $"{_client.PublishCount(Uri) - before} publications for 20 quick edits");
    }

    [Fact]
    public async Task Incremental_edits_are_applied_where_the_editor_says()
    {
        var (line, character) = PositionOf(_text, "role CrimeManager");
        await _client.ChangeRangeAsync(Uri, 2, (line, character + 5), (line, character + 17), "Manager");
        var diagnostics = await _client.DiagnosticsAsync(Uri, 2);
        var expected = PolicyCompiler.Compile("p.policy", _text.Replace("role CrimeManager", "role Manager", StringComparison.Ordinal));
        Assert.Equal(expected.Diagnostics.Select(d => d.Id), diagnostics.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.NotEmpty(expected.Diagnostics);
    }

    [Fact]
    public async Task Hover_shows_the_title_the_explained_sentence_and_the_citation()
    {
        var (line, character) = PositionOf(_text, "deadline OutsetAgreement", 9);
        var hover = await _client.AtAsync("textDocument/hover", Uri, line, character);
        var markdown = hover.GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("**deadline** `OutsetAgreement` — The OIC and SOIT record their agreement at the outset", markdown, StringComparison.Ordinal);

        // The sentence and citation are exactly what 'policy explain' writes for this deadline.
        var explained = RunCli("explain", PolicyPath);
        var sentence = markdown.Split('\n')[2];
        Assert.False(string.IsNullOrWhiteSpace(sentence));
        Assert.Contains(sentence, explained, StringComparison.Ordinal);
        Assert.Contains("*Cites:* ", markdown, StringComparison.Ordinal);
        Assert.Contains("A discussion between the assigned OIC and assigned SOIT", markdown, StringComparison.Ordinal);

        // A reference to a role, on its use in an action.
        var (roleLine, roleCharacter) = PositionOf(_text, "by OIC, SOIT from Allocated", 3);
        var role = (await _client.AtAsync("textDocument/hover", Uri, roleLine, roleCharacter)).GetProperty("contents").GetProperty("value").GetString()!;
        Assert.StartsWith("**role** `OIC` — Officer in charge of the investigation", role, StringComparison.Ordinal);
        Assert.Contains("assigned to one officer for each case", role, StringComparison.Ordinal);

        // Nothing to say about a keyword.
        var (keywordLine, keywordCharacter) = PositionOf(_text, "by OIC, SOIT from Allocated");
        Assert.Equal(JsonValueKind.Null, (await _client.AtAsync("textDocument/hover", Uri, keywordLine, keywordCharacter)).ValueKind);
    }

    [Fact]
    public async Task Definition_goes_to_the_declaration_of_every_kind_of_name()
    {
        var cases = new (string Use, int At, string Declaration)[]
        {
            ("within AgreementTime", 7, "setting AgreementTime"),
            ("by Supervisor, CrimeManager", 3, "role Supervisor"),
            ("from Reported to Assessed", 5, "state Reported"),
            ("OIC must AgreeVictimContact", 9, "action AgreeVictimContact"),
            ("starts each DnaMatch", 12, "signal DnaMatch"),
            ("cite IOPC_GI", 5, "source IOPC_GI"),
            ("record rating: Rag", 15, "choice Rag"),
            ("where told is DnaMatch", 14, "DnaMatch, SuspectArrested"),
            ("KeyUpdateToVictim is open", 0, "deadline KeyUpdateToVictim"),
            ("when outcome is NoFurtherAction", 5, "record outcome"),
            ("require marac.reason", 14, "NotReferred(reason"),
        };
        foreach (var (use, at, declaration) in cases)
        {
            var (line, character) = PositionOf(_text, use, at);
            var locations = await _client.AtAsync("textDocument/definition", Uri, line, character);
            Assert.True(locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0, use);
            var target = locations[0].GetProperty("range").GetProperty("start");
            var offset = OffsetOf(_text, target.GetProperty("line").GetInt32(), target.GetProperty("character").GetInt32());
            var expected = _text.IndexOf(declaration, StringComparison.Ordinal);
            var nameStart = declaration.Contains(' ', StringComparison.Ordinal) && !declaration.Contains(',', StringComparison.Ordinal) ? expected + declaration.IndexOf(' ', StringComparison.Ordinal) + 1 : expected;
            if (declaration.StartsWith("NotReferred(", StringComparison.Ordinal))
            {
                nameStart = expected + "NotReferred(".Length;
            }

            Assert.True(nameStart == offset, $"{use}: expected the declaration at {declaration}, got offset {offset} ('{_text.Substring(offset, Math.Min(30, _text.Length - offset))}')");
        }
    }

    [Fact]
    public async Task References_find_every_use_of_a_name_and_nothing_in_text_or_comments()
    {
        var (line, character) = PositionOf(_text, "role SOIT", 5);
        var locations = await _client.AtAsync("textDocument/references", Uri, line, character, new { context = new { includeDeclaration = true } });
        var found = locations.EnumerateArray().Select(l => OffsetOf(_text, l.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), l.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32())).Order().ToArray();
        Assert.Equal(WordOutsideTextAndComments(_text, "SOIT"), found);

        var withoutDeclaration = await _client.AtAsync("textDocument/references", Uri, line, character, new { context = new { includeDeclaration = false } });
        Assert.Equal(found.Length - 1, withoutDeclaration.GetArrayLength());
    }

    [Fact]
    public async Task Rename_updates_every_reference_and_the_policy_still_means_the_same()
    {
        var (line, character) = PositionOf(_text, "role OIC", 5);
        var prepare = await _client.AtAsync("textDocument/prepareRename", Uri, line, character);
        Assert.Equal("OIC", prepare.GetProperty("placeholder").GetString());

        var edit = await _client.AtAsync("textDocument/rename", Uri, line, character, new { newName = "CaseOfficer" });
        var edits = edit.GetProperty("changes").GetProperty(Uri).EnumerateArray().ToList();
        Assert.Equal(WordOutsideTextAndComments(_text, "OIC").Length, edits.Count);

        var renamed = Apply(_text, edits);
        var before = PolicyCompiler.Compile("p.policy", _text);
        var after = PolicyCompiler.Compile("p.policy", renamed);
        Assert.Empty(after.Diagnostics);
        Assert.Equal(before.Definition!.Deadlines.Count, after.Definition!.Deadlines.Count);
        Assert.Contains(after.Definition.Roles, r => r.Name == "CaseOfficer" && r.IsAssigned);
        Assert.DoesNotContain(after.Definition.Roles, r => r.Name == "OIC");
        // The role's name inside quoted text and comments is prose, and stays.
        Assert.Equal(Regex.Matches(_text, "\"[^\"\\n]*OIC[^\"\\n]*\"").Count, Regex.Matches(renamed, "\"[^\"\\n]*OIC[^\"\\n]*\"").Count);
    }

    [Theory]
    [InlineData("Supervisor", "already a role named 'Supervisor'")]
    [InlineData("rating", "already a field named 'rating'")]
    [InlineData("by", "is a word of the policy language")]
    [InlineData("two words", "is not a name")]
    public async Task Rename_refuses_a_clash_or_a_name_that_is_not_one(string newName, string message)
    {
        var (line, character) = PositionOf(_text, "role OIC", 5);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => _client.AtAsync("textDocument/rename", Uri, line, character, new { newName }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(-32803, error.ErrorCode);
    }

    [Fact]
    public async Task Rename_of_an_option_is_checked_within_its_choice()
    {
        var (line, character) = PositionOf(_text, "choice Rag { Red", 13);
        var clash = await Assert.ThrowsAsync<RemoteInvocationException>(() => _client.AtAsync("textDocument/rename", Uri, line, character, new { newName = "Amber" }));
        Assert.Contains("already has an option named 'Amber'", clash.Message, StringComparison.Ordinal);

        // An option may share its name with a signal (DnaMatch is both): renaming the option leaves the signal alone.
        var (optionLine, optionCharacter) = PositionOf(_text, "SuspectIdentified, DnaMatch", 19);
        var edit = await _client.AtAsync("textDocument/rename", Uri, optionLine, optionCharacter, new { newName = "DnaHit" });
        var renamed = Apply(_text, edit.GetProperty("changes").GetProperty(Uri).EnumerateArray().ToList());
        Assert.Contains("starts each DnaMatch", renamed, StringComparison.Ordinal);
        Assert.Contains("where told is DnaHit", renamed, StringComparison.Ordinal);
        Assert.Empty(PolicyCompiler.Compile("p.policy", renamed).Diagnostics);
    }

    [Fact]
    public async Task Completion_offers_the_keywords_of_the_block_and_the_names_that_fit()
    {
        // A new, empty line inside an action.
        var insertAt = _text.IndexOf("    record risks: text", StringComparison.Ordinal);
        var text = _text.Insert(insertAt, "    \n");
        await _client.ChangeAsync(Uri, 2, text);
        var (line, _) = PositionOf(text, "    \n    record risks");
        var inAction = Labels(await _client.AtAsync("textDocument/completion", Uri, line, 4));
        Assert.Contains("record", inAction);
        Assert.Contains("require", inAction);
        Assert.DoesNotContain("deadline", inAction);

        // After 'by' in an action's header: the roles, and only those.
        var byAt = text.IndexOf("by Supervisor from Reported to Assessed", StringComparison.Ordinal) + 3;
        var (byLine, byCharacter) = PositionAt(text, byAt);
        var roles = Labels(await _client.AtAsync("textDocument/completion", Uri, byLine, byCharacter));
        Assert.Equal(new[] { "CrimeManager", "OIC", "Officer", "ProfessionalStandards", "SOIT", "Supervisor" }, roles.Order(StringComparer.Ordinal).ToArray());

        // After 'from': the states.
        var fromAt = text.IndexOf("from Reported to Assessed", StringComparison.Ordinal) + 5;
        var (fromLine, fromCharacter) = PositionAt(text, fromAt);
        var states = Labels(await _client.AtAsync("textDocument/completion", Uri, fromLine, fromCharacter));
        Assert.Equal(new[] { "Allocated", "Assessed", "Closed", "Investigating", "Reported" }, states.Order(StringComparer.Ordinal).ToArray());

        // At the policy's top level, the declarations.
        var topAt = text.IndexOf("  calendar england-and-wales", StringComparison.Ordinal);
        var (topLine, _) = PositionAt(text, topAt);
        var top = Labels(await _client.AtAsync("textDocument/completion", Uri, topLine, 0));
        Assert.Contains("deadline", top);
        Assert.DoesNotContain("record", top);
    }

    [Fact]
    public async Task Formatting_gives_the_same_layout_as_policy_format()
    {
        var edits = await _client.DocumentAsync("textDocument/formatting", Uri);
        Assert.Equal(0, edits.GetArrayLength());

        var messy = _text.Replace("  role OIC          \"Officer", "      role   OIC \"Officer", StringComparison.Ordinal).Replace("    record rating: Rag", "record   rating :Rag", StringComparison.Ordinal);
        await _client.ChangeAsync(Uri, 2, messy);
        var edit = await _client.DocumentAsync("textDocument/formatting", Uri);
        Assert.Equal(1, edit.GetArrayLength());
        Assert.Equal(_text, Apply(messy, edit.EnumerateArray().ToList()));
        Assert.Equal(PolicyFormatter.Format(messy).Text, Apply(messy, edit.EnumerateArray().ToList()));
    }

    [Fact]
    public async Task The_outline_lists_every_declaration_with_fields_and_options()
    {
        var symbols = await _client.DocumentAsync("textDocument/documentSymbol", Uri);
        var policy = Assert.Single(symbols.EnumerateArray());
        Assert.Equal("RassoInvestigation", policy.GetProperty("name").GetString());
        var children = policy.GetProperty("children").EnumerateArray().ToList();
        var definition = PolicyCompiler.Compile("p.policy", _text).Definition!;
        var declared = definition.Roles.Select(r => r.Name).Concat(definition.States.Select(s => s.Name)).Concat(definition.Actions.Select(a => a.Name))
            .Concat(definition.Deadlines.Select(d => d.Name)).Concat(definition.Rules.Select(r => r.Name)).Concat(definition.Choices.Select(c => c.Name))
            .Concat(definition.Signals.Select(s => s.Name)).Concat(definition.Settings.Select(s => s.Name)).Concat(definition.Sources.Select(s => s.Id))
            .Concat(definition.Access is { } access ? [access.Name] : []);
        Assert.Equal(declared.Order(StringComparer.Ordinal), children.Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var assess = children.Single(c => c.GetProperty("name").GetString() == "AssessRisk");
        Assert.Equal(new[] { "rating", "risks", "childrenAtRisk" }, assess.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var rag = children.Single(c => c.GetProperty("name").GetString() == "Rag");
        Assert.Equal(new[] { "Red", "Amber", "Green" }, rag.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Folding_covers_every_block_and_the_header_comment()
    {
        var ranges = (await _client.DocumentAsync("textDocument/foldingRange", Uri)).EnumerateArray().ToList();
        var blocks = Regex.Matches(_text, "\\{[ \\t]*\\n").Count;
        Assert.Equal(blocks, ranges.Count(r => !r.TryGetProperty("kind", out _)));
        var header = ranges.First(r => r.TryGetProperty("kind", out var kind) && kind.GetString() == "comment");
        Assert.Equal(0, header.GetProperty("startLine").GetInt32());
        Assert.Equal(19, header.GetProperty("endLine").GetInt32());
    }

    [Fact]
    public async Task Semantic_tokens_tell_keywords_from_names_by_what_the_compiler_resolved()
    {
        var result = await _client.DocumentAsync("textDocument/semanticTokens/full", Uri);
        var legend = (await _client.RequestAsync("initialize", new { capabilities = new { } })).GetProperty("capabilities").GetProperty("semanticTokensProvider").GetProperty("legend").GetProperty("tokenTypes").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var decoded = Decode(result.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        string TypeAt(string text, int at)
        {
            var (line, character) = PositionOf(_text, text, at);
            var token = decoded.Single(t => t.Line == line && t.Start <= character && character < t.Start + t.Length);
            return legend[token.Type] + (token.Modifiers % 2 == 1 ? "+declaration" : string.Empty);
        }

        Assert.Equal("keyword", TypeAt("role OIC ", 0));
        Assert.Equal("class+declaration", TypeAt("role OIC ", 5));
        Assert.Equal("class", TypeAt("by OIC, SOIT from Allocated", 3));
        Assert.Equal("enumMember", TypeAt("from Allocated to Investigating", 5));
        Assert.Equal("function", TypeAt("OIC must AgreeVictimContact", 9));
        Assert.Equal("string", TypeAt("\"Officer in charge of the investigation\"", 1));
        Assert.Equal("number", TypeAt("effective 2025-02-01", 10));
        Assert.Equal("type", TypeAt("record risks: text", 14));
        Assert.Equal("property", TypeAt("when outcome is NoFurtherAction", 5));
    }

    [Fact]
    public async Task Explain_and_graph_answer_with_what_the_cli_prints()
    {
        var explain = await _client.DocumentAsync("policy/explain", Uri);
        Assert.Equal(RunCli("explain", PolicyPath), explain.GetProperty("markdown").GetString());
        var graph = await _client.DocumentAsync("policy/graph", Uri);
        Assert.Equal(RunCli("graph", PolicyPath), graph.GetProperty("mermaid").GetString());

        await _client.ChangeAsync(Uri, 2, _text.Replace("by Supervisor from Reported", "by Nobody from Reported", StringComparison.Ordinal));
        var broken = await _client.DocumentAsync("policy/explain", Uri);
        Assert.Contains("error", broken.GetProperty("problem").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_the_process_cleanly()
    {
        Assert.Equal(0, await _client.ShutdownAsync());
        Assert.True(_client.HasExited);
    }

    private static string[] CheckLines(string text)
    {
        var file = Path.Combine(Path.GetTempPath(), $"policy-lsp-{Guid.NewGuid():N}.policy");
        File.WriteAllText(file, text);
        try
        {
            return RunCli("check", file).Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal)).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The CLI as a policy owner runs it: <c>dotnet policy.dll</c>, built beside the server.</summary>
    private static string RunCli(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Language.Tests.Infrastructure.RepositoryPaths.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policy.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static string[] Labels(JsonElement completion) =>
        completion.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()!).ToArray();

    internal static (int Line, int Character) PositionOf(string text, string find, int within = 0)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the policy");
        return PositionAt(text, at + within);
    }

    internal static (int Line, int Character) PositionAt(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }

    internal static int OffsetOf(string text, int line, int character)
    {
        var offset = 0;
        for (var l = 0; l < line; l++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return offset + character;
    }

    internal static string Apply(string text, IReadOnlyList<JsonElement> edits)
    {
        foreach (var edit in edits.OrderByDescending(e => OffsetOf(text, e.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), e.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32())))
        {
            var range = edit.GetProperty("range");
            var start = OffsetOf(text, range.GetProperty("start").GetProperty("line").GetInt32(), range.GetProperty("start").GetProperty("character").GetInt32());
            var end = OffsetOf(text, range.GetProperty("end").GetProperty("line").GetInt32(), range.GetProperty("end").GetProperty("character").GetInt32());
            text = text.Substring(0, start) + edit.GetProperty("newText").GetString() + text.Substring(Math.Min(end, text.Length));
        }

        return text;
    }

    /// <summary>The offsets of a whole word outside quoted text and comments: an oracle that knows nothing of the server.</summary>
    private static int[] WordOutsideTextAndComments(string text, string word)
    {
        var found = new List<int>();
        var lineStart = 0;
        foreach (var line in text.Split('\n'))
        {
            var inText = false;
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '"')
                {
                    inText = !inText;
                }
                else if (!inText && line[i] == '#')
                {
                    break;
                }
                else if (!inText && string.CompareOrdinal(line, i, word, 0, word.Length) == 0
                    && (i == 0 || !char.IsLetterOrDigit(line[i - 1]) && line[i - 1] != '_')
                    && (i + word.Length >= line.Length || !char.IsLetterOrDigit(line[i + word.Length]) && line[i + word.Length] != '_'))
                {
                    found.Add(lineStart + i);
                }
            }

            lineStart += line.Length + 1;
        }

        return found.ToArray();
    }

    private static List<(int Line, int Start, int Length, int Type, int Modifiers)> Decode(int[] data)
    {
        var tokens = new List<(int, int, int, int, int)>();
        var line = 0;
        var start = 0;
        for (var i = 0; i + 4 < data.Length; i += 5)
        {
            line += data[i];
            start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
            tokens.Add((line, start, data[i + 2], data[i + 3], data[i + 4]));
        }

        return tokens;
    }
}
