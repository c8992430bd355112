using Policy.Language.Formatting;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>textDocument/formatting</c>: the same layout as <c>policy format</c> (one formatter in Policy.Language serves
/// both), as one edit of the whole text; nothing when it is already formatted or has a syntax error.
/// </summary>
internal sealed class FormattingHandler
{
    private readonly DocumentStore _documents;

    public FormattingHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/formatting")]
    public TextEdit[]? Format(DocumentParams parameters) => Guard.Run("formatting", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document)
        {
            return null;
        }

        var formatted = PolicyFormatter.Format(document.Text).Text;
        if (formatted is null || string.Equals(formatted, document.Text, StringComparison.Ordinal))
        {
            return Array.Empty<TextEdit>();
        }

        return new[] { new TextEdit(document.WholeText, formatted) };
    });
}
