using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>didOpen</c>, <c>didChange</c>, <c>didClose</c>: keeps one <see cref="PolicyDocument"/> per open file at the
/// editor's latest version, and asks for its diagnostics once typing pauses.
/// </summary>
internal sealed class TextDocumentSyncHandler
{
    private readonly DocumentStore _documents;
    private readonly DiagnosticsPublisher _diagnostics;

    public TextDocumentSyncHandler(DocumentStore documents, DiagnosticsPublisher diagnostics)
    {
        _documents = documents;
        _diagnostics = diagnostics;
    }

    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var item = parameters.TextDocument;
        _documents.Set(new PolicyDocument(item.Uri, item.Version, item.Text ?? string.Empty));
        _diagnostics.Schedule(item.Uri);
    }

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        var uri = parameters.TextDocument.Uri;
        var text = _documents.Get(uri)?.Text ?? string.Empty;
        foreach (var change in parameters.ContentChanges ?? Array.Empty<TextDocumentContentChangeEvent>())
        {
            text = PolicyDocument.Apply(text, change);
        }

        _documents.Set(new PolicyDocument(uri, parameters.TextDocument.Version, text));
        _diagnostics.Schedule(uri);
    }

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        _documents.Remove(parameters.TextDocument.Uri);
        _diagnostics.Clear(parameters.TextDocument.Uri);
    }

    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(DocumentParams parameters)
    {
    }
}
