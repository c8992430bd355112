using System.Text.Json;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>initialize</c>, <c>initialized</c>, <c>shutdown</c> and <c>exit</c>: what the server offers, and stopping.</summary>
internal sealed class LifecycleHandler
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the editor sends <c>exit</c>.</summary>
    public Task Exited => _exited.Task;

    public bool ShutdownRequested { get; private set; }

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(JsonElement parameters)
    {
        var capabilities = new
        {
            textDocumentSync = new { openClose = true, change = LspKinds.TextDocumentSyncIncremental },
            hoverProvider = true,
            definitionProvider = true,
            referencesProvider = true,
            renameProvider = new { prepareProvider = true },
            completionProvider = new { triggerCharacters = new[] { ".", ":" } },
            documentSymbolProvider = true,
            foldingRangeProvider = true,
            semanticTokensProvider = new
            {
                legend = new { tokenTypes = SemanticTokensHandler.TokenTypes, tokenModifiers = SemanticTokensHandler.TokenModifiers },
                full = true,
            },
            documentFormattingProvider = true,
        };
        var version = typeof(LifecycleHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new InitializeResult(JsonSerializer.SerializeToElement(capabilities, LspJson.Options), new ServerInfo("policy-language-server", version));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized(JsonElement parameters)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        ShutdownRequested = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exited.TrySetResult();
}
