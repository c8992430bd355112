using System.Collections.Concurrent;

namespace Policy.LanguageServer.Documents;

/// <summary>The open documents, each at its latest version. The sync handler writes; every other handler reads.</summary>
internal sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, PolicyDocument> _documents = new(StringComparer.Ordinal);

    public PolicyDocument? Get(string? uri) => uri is not null && _documents.TryGetValue(uri, out var document) ? document : null;

    public void Set(PolicyDocument document) => _documents[document.Uri] = document;

    public bool Remove(string uri) => _documents.TryRemove(uri, out _);

    public int Count => _documents.Count;

    /// <summary>The open documents.</summary>
    public IReadOnlyCollection<PolicyDocument> All => _documents.Values.ToArray();
}
