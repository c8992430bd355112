using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>textDocument/definition</c>: where a name is declared (for a field, every action that records it).</summary>
internal sealed class DefinitionHandler
{
    private readonly DocumentStore _documents;

    public DefinitionHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/definition")]
    public Location[]? Definition(TextDocumentPositionParams parameters) => Guard.Run("definition", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document
            || document.Symbols.At(document.OffsetOf(parameters.Position)) is not { } occurrence)
        {
            return null;
        }

        return document.Symbols.DeclarationsOf(occurrence.Symbol).Select(o => new Location(document.Uri, document.RangeOf(o.Token.Span))).ToArray();
    });
}
