using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Policy.Language.Tests.Infrastructure;
using StreamJsonRpc;

namespace Policy.LanguageServer.Tests;

/// <summary>
/// An editor's side of the connection: starts <c>policy-language-server</c> as a process and speaks JSON-RPC with
/// Content-Length headers over its standard input and output, as VS Code does. Every request has a time limit, so a
/// hang fails the test instead of stopping the run.
/// </summary>
internal sealed class LanguageClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly Notifications _notifications = new();
    private readonly System.Text.StringBuilder _log = new();

    private LanguageClient(Process process)
    {
        _process = process;
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = Json };
        _rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        _rpc.AddLocalRpcTarget(_notifications, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        _rpc.StartListening();
    }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What the server wrote to its log (standard error).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>How much the server has logged so far: a test checks what was logged after this point.</summary>
    public int LogLength
    {
        get
        {
            lock (_log)
            {
                return _log.Length;
            }
        }
    }

    public static string ServerPath => Path.Combine(AppContext.BaseDirectory, "policy-language-server.dll");

    public static LanguageClient Start(int? debounceMilliseconds = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerPath);
        if (debounceMilliseconds is { } debounce)
        {
            start.ArgumentList.Add("--debounce-ms");
            start.ArgumentList.Add(debounce.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the language server");
        var client = new LanguageClient(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (client._log)
                {
                    client._log.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Starts a server and completes the handshake.</summary>
    public static async Task<LanguageClient> StartInitializedAsync(int? debounceMilliseconds = null)
    {
        var client = Start(debounceMilliseconds);
        await client.RequestAsync("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities = new { } });
        await client.NotifyAsync("initialized", new { });
        return client;
    }

    public async Task<JsonElement> RequestAsync(string method, object parameters)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} had no answer within {Timeout.TotalSeconds} s. Server log:\n{Log}");
        }
    }

    public Task NotifyAsync(string method, object parameters) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    public async Task OpenAsync(string uri, string text, int version = 1) =>
        await NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "policy", version, text } });

    public async Task ChangeAsync(string uri, int version, string text) =>
        await NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { text } } });

    public async Task ChangeRangeAsync(string uri, int version, (int Line, int Character) start, (int Line, int Character) end, string text) =>
        await NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version },
            contentChanges = new[] { new { range = new { start = new { line = start.Line, character = start.Character }, end = new { line = end.Line, character = end.Character } }, text } },
        });

    public Task<JsonElement> AtAsync(string method, string uri, int line, int character, object? extra = null) =>
        RequestAsync(method, extra switch
        {
            null => new { textDocument = new { uri }, position = new { line, character } },
            _ => Merge(new { textDocument = new { uri }, position = new { line, character } }, extra),
        });

    public Task<JsonElement> DocumentAsync(string method, string uri) => RequestAsync(method, new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } });

    /// <summary>The next diagnostics published for a document at (at least) the given version.</summary>
    public async Task<JsonElement> DiagnosticsAsync(string uri, int version)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_notifications.Latest(uri) is { } latest && latest.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() >= version)
            {
                return latest;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no diagnostics for {uri} at version {version} within {Timeout.TotalSeconds} s. Server log:\n{Log}");
    }

    public int PublishCount(string uri) => _notifications.Count(uri);

    /// <summary>shutdown, then exit; the exit code the server ended with.</summary>
    public async Task<int> ShutdownAsync()
    {
        await RequestAsync("shutdown", new { });
        await NotifyAsync("exit", new { });
        if (!_process.WaitForExit((int)Timeout.TotalMilliseconds))
        {
            throw new TimeoutException("the server did not exit after 'exit'");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Dictionary<string, object?> Merge(object a, object b)
    {
        var result = new Dictionary<string, object?>();
        foreach (var source in new[] { a, b })
        {
            foreach (var property in source.GetType().GetProperties())
            {
                result[property.Name] = property.GetValue(source);
            }
        }

        return result;
    }

    /// <summary>What the server sends unasked.</summary>
    internal sealed class Notifications
    {
        private readonly ConcurrentDictionary<string, (JsonElement Latest, int Count)> _diagnostics = new();

        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void PublishDiagnostics(JsonElement parameters)
        {
            var uri = parameters.GetProperty("uri").GetString()!;
            _diagnostics.AddOrUpdate(uri, (parameters.Clone(), 1), (_, old) => (parameters.Clone(), old.Count + 1));
        }

        public JsonElement? Latest(string uri) => _diagnostics.TryGetValue(uri, out var entry) ? entry.Latest : null;

        public int Count(string uri) => _diagnostics.TryGetValue(uri, out var entry) ? entry.Count : 0;
    }
}

/// <summary>Files of the repository the tests open.</summary>
internal static class Repository
{
    public static string Read(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative));

    public static string UriOf(string name) => "file:///workspace/" + name;
}
