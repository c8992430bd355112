using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Navigation;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>textDocument/hover</c>: for any name, its declaration's title, its plain-English sentence and its citation.</summary>
internal sealed class HoverHandler
{
    private readonly DocumentStore _documents;

    public HoverHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/hover")]
    public Hover? Hover(TextDocumentPositionParams parameters) => Guard.Run("hover", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document
            || document.Symbols.At(document.OffsetOf(parameters.Position)) is not { } occurrence)
        {
            return null;
        }

        return new Hover(new MarkupContent("markdown", SymbolDescription.Markdown(document, occurrence.Symbol)), document.RangeOf(occurrence.Token.Span));
    });
}
