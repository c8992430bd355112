using System.Collections.Concurrent;
using Policy.Documentation;
using Policy.Language.Diagnostics;
using Policy.LanguageServer.Documents;
using StreamJsonRpc;
using LspDiagnostic = Policy.LanguageServer.Protocol.Diagnostic;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// Publishes a document's diagnostics (exactly those of <c>policy check</c>, at the same lines and columns) once the
/// policy owner has stopped typing for a moment: each edit restarts the wait, so a burst of keystrokes compiles once.
/// </summary>
internal sealed class DiagnosticsPublisher : IDisposable
{
    private readonly JsonRpc _rpc;
    private readonly DocumentStore _documents;
    private readonly TimeSpan _debounce;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);

    public DiagnosticsPublisher(JsonRpc rpc, DocumentStore documents, TimeSpan debounce, TextWriter log)
    {
        _rpc = rpc;
        _documents = documents;
        _debounce = debounce;
        _log = log;
    }

    public void Schedule(string uri)
    {
        var next = new CancellationTokenSource();
        _ = _pending.AddOrUpdate(uri, next, (_, old) =>
        {
            old.Cancel();
            return next;
        });
        _ = PublishAfterPauseAsync(uri, next.Token);
    }

    public void Clear(string uri)
    {
        if (_pending.TryRemove(uri, out var pending))
        {
            pending.Cancel();
        }

        _ = SendAsync(new Protocol.PublishDiagnosticsParams(uri, null, Array.Empty<LspDiagnostic>()));
    }

    private async Task PublishAfterPauseAsync(string uri, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(_debounce, cancellation).ConfigureAwait(false);
            if (_documents.Get(uri) is not { } document || cancellation.IsCancellationRequested)
            {
                return;
            }

            var diagnostics = document.Compilation.Diagnostics.Select(d => ToLsp(document, d)).ToArray();
            if (!cancellation.IsCancellationRequested)
            {
                await SendAsync(new Protocol.PublishDiagnosticsParams(uri, document.Version, diagnostics)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.WriteLine($"policy-language-server: diagnostics for {uri} failed: {e.Message}");
        }
    }

    private async Task SendAsync(Protocol.PublishDiagnosticsParams parameters)
    {
        try
        {
            await _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", parameters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or ConnectionLostException or IOException)
        {
            // The editor has gone; nothing to tell it.
        }
    }

    internal static LspDiagnostic ToLsp(PolicyDocument document, Diagnostic diagnostic) => new(
        document.RangeOf(diagnostic.Span),
        diagnostic.Severity == DiagnosticSeverity.Error ? Protocol.LspKinds.SeverityError : Protocol.LspKinds.SeverityWarning,
        diagnostic.Id,
        "policy",
        diagnostic.Message,
        new Protocol.CodeDescription(DocumentationLinks.DefaultBaseUrl + DocumentationLinks.HelpPath + diagnostic.Id + ".md"));

    public void Dispose()
    {
        foreach (var pending in _pending.Values)
        {
            pending.Cancel();
        }
    }
}
