using Microsoft.VisualStudio.Threading;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Handlers;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer;

/// <summary>
/// Wires the handlers (one per request, in <c>Handlers/</c>) to a JSON-RPC connection and runs until the editor says
/// <c>exit</c> or closes the stream. Messages are handled one at a time, in the order they arrive, so a request
/// always sees the edits sent before it.
/// </summary>
internal static class PolicyLanguageServer
{
    /// <summary>How long typing must pause before diagnostics are published.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(250);

    /// <summary>Serves one editor. The exit code is 0 after shutdown and exit, 1 when the editor left without shutdown.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log, TimeSpan debounce)
    {
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter));
        rpc.SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false);

        var documents = new DocumentStore();
        var diagnostics = new DiagnosticsPublisher(rpc, documents, debounce, log);
        var lifecycle = new LifecycleHandler();
        var options = new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true, DisposeOnDisconnect = false };
        object[] handlers =
        {
            lifecycle,
            new TextDocumentSyncHandler(documents, diagnostics),
            new HoverHandler(documents),
            new DefinitionHandler(documents),
            new ReferencesHandler(documents),
            new RenameHandler(documents),
            new CompletionHandler(documents),
            new DocumentSymbolHandler(documents),
            new FoldingRangeHandler(documents),
            new SemanticTokensHandler(documents),
            new FormattingHandler(documents),
            new ExplainHandler(documents),
        };
        foreach (var handler in handlers)
        {
            rpc.AddLocalRpcTarget(handler, options);
        }

        rpc.Disconnected += (_, e) =>
        {
            if (e.Exception is not null && e.Reason != DisconnectedReason.RemotePartyTerminated)
            {
                log.WriteLine($"policy-language-server: connection closed: {e.Description}");
            }
        };
        rpc.StartListening();
        try
        {
            // 'exit' ends the session even while the connection is still open.
            await Task.WhenAny(rpc.Completion, lifecycle.Exited);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.WriteLine($"policy-language-server: connection failed: {e.Message}");
        }

        diagnostics.Dispose();
        _ = Task.Run(rpc.Dispose);
        return lifecycle.ShutdownRequested ? 0 : 1;
    }
}
