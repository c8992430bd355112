using Policy.Language.Syntax;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary><c>textDocument/documentSymbol</c>: the outline: the policy, its declarations, their fields and options.</summary>
internal sealed class DocumentSymbolHandler
{
    private readonly DocumentStore _documents;

    public DocumentSymbolHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/documentSymbol")]
    public DocumentSymbol[]? DocumentSymbols(DocumentParams parameters) => Guard.Run("documentSymbol", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document || document.Compilation.Syntax.Policy is not { } policy)
        {
            return Array.Empty<DocumentSymbol>();
        }

        var children = policy.Body.Statements.OfType<DeclarationSyntax>()
            .Where(d => !d.Name.IsMissing)
            .Select(d => Symbol(document, d))
            .ToArray();
        return new[] { new DocumentSymbol(Name(policy.Name), policy.Title?.Text, LspKinds.SymbolNamespace, document.RangeOf(policy.Span), document.RangeOf(policy.Name.Span), children) };
    });

    private static DocumentSymbol Symbol(PolicyDocument document, DeclarationSyntax declaration)
    {
        var children = declaration switch
        {
            ChoiceSyntax choice => choice.Options.Where(o => !o.Name.IsMissing)
                .Select(o => new DocumentSymbol(o.Name.Text, null, LspKinds.SymbolEnumMember, document.RangeOf(o.Span), document.RangeOf(o.Name.Span), null)).ToArray(),
            ActionSyntax { Body: { } body } => Fields(document, body),
            SignalSyntax { Body: { } body } => Fields(document, body),
            _ => null,
        };
        return new DocumentSymbol(declaration.Name.Text, declaration.Title?.Text, KindOf(declaration), document.RangeOf(declaration.Span), document.RangeOf(declaration.Name.Span), children);
    }

    private static DocumentSymbol[] Fields(PolicyDocument document, BlockSyntax body) =>
        body.Statements.OfType<RecordSyntax>().SelectMany(r => r.Fields).Where(f => !f.Name.IsMissing)
            .Select(f => new DocumentSymbol(f.Name.Text, f.Type.Text, LspKinds.SymbolField, document.RangeOf(f.Span), document.RangeOf(f.Name.Span), null)).ToArray();

    private static string Name(Language.Lexing.Token token) => token.IsMissing || token.Text.Length == 0 ? "(policy)" : token.Text;

    private static int KindOf(DeclarationSyntax declaration) => declaration switch
    {
        SourceSyntax => LspKinds.SymbolString,
        RoleSyntax => LspKinds.SymbolClass,
        StateSyntax => LspKinds.SymbolEnumMember,
        ChoiceSyntax => LspKinds.SymbolEnum,
        SignalSyntax => LspKinds.SymbolEvent,
        SettingSyntax => LspKinds.SymbolConstant,
        ActionSyntax => LspKinds.SymbolFunction,
        DeadlineSyntax => LspKinds.SymbolObject,
        RuleSyntax => LspKinds.SymbolOperator,
        CalendarDeclarationSyntax => LspKinds.SymbolStruct,
        AccessSyntax => LspKinds.SymbolOperator,
        _ => LspKinds.SymbolVariable,
    };
}
