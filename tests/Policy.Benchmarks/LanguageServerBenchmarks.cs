using System.Collections.Concurrent;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nerdbank.Streams;
using Policy.Language;
using Policy.LanguageServer;
using StreamJsonRpc;

namespace Policy.Benchmarks;

/// <summary>
/// How long a policy owner waits, after an edit, for the problems to appear: the language server receives a
/// <c>didChange</c> with the whole text, compiles it and publishes its diagnostics, over the protocol (JSON-RPC on an
/// in-memory pipe), measured until the editor's side has the <c>publishDiagnostics</c> for that version. The baseline
/// is the work of <c>policy check</c> on the same text (parse, bind and check). The largest policy in the repository
/// (tests/examples/pre-charge-bail.policy) is used; the server's debounce is set to zero, because the pause it waits
/// for (250 ms by default) is a choice, not work, and adds to the time measured here.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class LanguageServerBenchmarks
{
    private const string Uri = "file:///bench/pre-charge-bail.policy";
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _published = new();
    private string _text = string.Empty;
    private string _edited = string.Empty;
    private JsonRpc _client = null!;
    private Task<int> _server = null!;
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(Path.Combine(Root(), "tests", "examples", "pre-charge-bail.policy"));
        // The edit: a typed character in a title, so that both versions compile cleanly.
        _edited = _text.Replace("\"Officer in charge of the investigation\"", "\"Officer in charge of the investigations\"", StringComparison.Ordinal);
        if (_edited == _text || PolicyCompiler.Compile("p.policy", _edited).HasErrors)
        {
            throw new InvalidOperationException("The benchmark's edit must change the policy and leave it without errors.");
        }

        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        _server = PolicyLanguageServer.RunAsync(serverSide, serverSide, TextWriter.Null, TimeSpan.Zero);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase } };
        _client = new JsonRpc(new HeaderDelimitedMessageHandler(clientSide, clientSide, formatter));
        _client.AddLocalRpcTarget(new Editor(_published), new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        _client.StartListening();
        _client.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { capabilities = new { } }).GetAwaiter().GetResult();
        var opened = Expect(1);
        _client.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri = Uri, languageId = "policy", version = 1, text = _text } }).GetAwaiter().GetResult();
        if (!opened.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the server published no diagnostics for the opened policy");
        }

        _version = 1;
    }

    [Benchmark(Baseline = true)]
    public PolicyCompilation PolicyCheck() => PolicyCompiler.Compile("pre-charge-bail.policy", _version++ % 2 == 0 ? _text : _edited);

    [Benchmark]
    public void DiagnosticsAfterEdit()
    {
        var version = ++_version;
        var published = Expect(version);
        _client.NotifyWithParameterObjectAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri, version },
            contentChanges = new[] { new { text = version % 2 == 0 ? _edited : _text } },
        }).GetAwaiter().GetResult();
        if (!published.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"no diagnostics for version {version}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.InvokeWithParameterObjectAsync<JsonElement>("shutdown", new { }).GetAwaiter().GetResult();
        _client.NotifyWithParameterObjectAsync("exit", new { }).GetAwaiter().GetResult();
        _server.Wait(TimeSpan.FromSeconds(10));
        _client.Dispose();
    }

    private Task Expect(int version) => _published.GetOrAdd(version, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Policy.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No Policy.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The editor's side: notes each version's diagnostics as they arrive.</summary>
    private sealed class Editor
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _published;

        public Editor(ConcurrentDictionary<int, TaskCompletionSource> published) => _published = published;

        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void PublishDiagnostics(JsonElement parameters)
        {
            if (parameters.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number)
            {
                var number = version.GetInt32();
                _published.GetOrAdd(number, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
    }
}
