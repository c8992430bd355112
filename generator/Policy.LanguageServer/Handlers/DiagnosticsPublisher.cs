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

            var diagnostics = document.Compilation.Diagnostics.Select(d => ToLsp(document, d)).Concat(VersionDiagnostics(document)).ToArray();
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

    /// <summary>
    /// What the versions check says about this document, as the build would: it is checked with the other .policy
    /// files of its folder (open ones as the editor holds them), since files that declare its policy's name are
    /// versions of it (docs/versions.md).
    /// </summary>
    private IEnumerable<LspDiagnostic> VersionDiagnostics(PolicyDocument document)
    {
        if (Language.Checking.PolicyVersionFacts.From(document.Compilation) is not { } mine || System.IO.Path.GetDirectoryName(document.Path) is not { Length: > 0 } folder || !Directory.Exists(folder))
        {
            return [];
        }

        var open = _documents.All.ToDictionary(d => System.IO.Path.GetFullPath(d.Path), StringComparer.Ordinal);
        var facts = new List<Language.Checking.PolicyVersionFacts> { mine };
        foreach (var file in Directory.EnumerateFiles(folder, "*.policy", SearchOption.TopDirectoryOnly))
        {
            var full = System.IO.Path.GetFullPath(file);
            if (string.Equals(full, System.IO.Path.GetFullPath(document.Path), StringComparison.Ordinal))
            {
                continue;
            }

            var compilation = open.TryGetValue(full, out var other) ? other.Compilation : Language.PolicyCompiler.Compile(file, File.ReadAllText(file));
            if (Language.Checking.PolicyVersionFacts.From(compilation) is { } theirs && string.Equals(theirs.Name, mine.Name, StringComparison.Ordinal))
            {
                facts.Add(theirs);
            }
        }

        return Language.Checking.PolicyVersionChecks.Check(facts)
            .Where(d => ReferenceEquals(d.Path, mine.Path) || string.Equals(d.Path, mine.Path, StringComparison.Ordinal))
            .Select(d => new LspDiagnostic(
                document.RangeOf(new Language.Text.TextSpan(d.At.Start, d.At.Length)),
                d.IsError ? Protocol.LspKinds.SeverityError : Protocol.LspKinds.SeverityWarning,
                d.Descriptor.Id,
                "policy",
                d.Message,
                new Protocol.CodeDescription(DocumentationLinks.DefaultBaseUrl + DocumentationLinks.HelpPath + d.Descriptor.Id + ".md")))
            .ToArray();
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
