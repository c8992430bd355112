using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>textDocument/references</c>: every place a name is written, its declaration included when asked.</summary>
internal sealed class ReferencesHandler
{
    private readonly DocumentStore _documents;

    public ReferencesHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/references")]
    public Location[]? References(ReferenceParams parameters) => Guard.Run("references", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document
            || document.Symbols.At(document.OffsetOf(parameters.Position)) is not { } occurrence)
        {
            return null;
        }

        var includeDeclaration = parameters.Context?.IncludeDeclaration ?? true;
        return document.Symbols.OccurrencesOf(occurrence.Symbol)
            .Where(o => includeDeclaration || !o.IsDeclaration)
            .Select(o => new Location(document.Uri, document.RangeOf(o.Token.Span)))
            .ToArray();
    });
}
