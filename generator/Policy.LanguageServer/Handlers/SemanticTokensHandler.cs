using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Navigation;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>textDocument/semanticTokens/full</c>: colours from what the compiler knows, not from patterns: a word is a
/// keyword only where the parser read it as one, and a name is coloured by what it was resolved to (role, state,
/// action...), declarations marked as such. Names that resolve to nothing are left to the grammar.
/// </summary>
internal sealed class SemanticTokensHandler
{
    public static readonly string[] TokenTypes =
    {
        "namespace", "class", "enumMember", "enum", "function", "event", "variable", "property", "macro", "keyword", "type", "string", "number", "method", "struct", "decorator", "parameter",
    };

    public static readonly string[] TokenModifiers = { "declaration", "readonly" };

    private readonly DocumentStore _documents;

    public SemanticTokensHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/semanticTokens/full")]
    public SemanticTokens? Full(DocumentParams parameters) => Guard.Run("semanticTokens", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document)
        {
            return null;
        }

        var index = document.Symbols;
        var occurrences = index.Occurrences.ToDictionary(o => o.Token, o => o);
        var (tokens, typeTokens) = Tokens(document.Compilation.Syntax);
        var data = new List<int>(tokens.Count * 5);
        var previousLine = 0;
        var previousStart = 0;
        foreach (var token in tokens)
        {
            var classified = Classify(token, occurrences, typeTokens, index);
            if (classified is not { } kind || token.Span.Length == 0)
            {
                continue;
            }

            var position = document.PositionOf(token.Span.Start);
            var end = document.PositionOf(token.Span.End);
            if (end.Line != position.Line)
            {
                continue;
            }

            data.Add(position.Line - previousLine);
            data.Add(position.Line == previousLine ? position.Character - previousStart : position.Character);
            data.Add(end.Character - position.Character);
            data.Add(kind.Type);
            data.Add(kind.Modifiers);
            previousLine = position.Line;
            previousStart = position.Character;
        }

        return new SemanticTokens(data.ToArray());
    });

    private static (int Type, int Modifiers)? Classify(Token token, Dictionary<Token, SymbolOccurrence> occurrences, HashSet<Token> typeTokens, SymbolIndex index)
    {
        switch (token.Kind)
        {
            case TokenKind.String:
                return (Type("string"), 0);
            case TokenKind.Number or TokenKind.Date or TokenKind.DateTime:
                return (Type("number"), 0);
            case TokenKind.Identifier:
                if (occurrences.TryGetValue(token, out var occurrence))
                {
                    return (Type(TypeOf(occurrence.Symbol.Kind)), (occurrence.IsDeclaration ? 1 : 0) | (occurrence.Symbol.Kind == PolicySymbolKind.Setting ? 2 : 0));
                }

                if (typeTokens.Contains(token))
                {
                    return (Type("type"), 0);
                }

                return index.IsNamePosition(token) ? null : (Type("keyword"), 0);
            default:
                return null;
        }
    }

    private static string TypeOf(PolicySymbolKind kind) => kind switch
    {
        PolicySymbolKind.Policy => "namespace",
        PolicySymbolKind.Role => "class",
        PolicySymbolKind.State => "enumMember",
        PolicySymbolKind.Choice => "enum",
        PolicySymbolKind.Option => "enumMember",
        PolicySymbolKind.Action => "function",
        PolicySymbolKind.Signal => "event",
        PolicySymbolKind.Setting => "variable",
        PolicySymbolKind.Field => "property",
        PolicySymbolKind.OptionField => "property",
        PolicySymbolKind.Source => "macro",
        PolicySymbolKind.Deadline => "method",
        PolicySymbolKind.Rule => "decorator",
        PolicySymbolKind.Calendar => "struct",
        _ => "parameter",
    };

    private static int Type(string name) => Array.IndexOf(TokenTypes, name);

    private static (List<Token> Tokens, HashSet<Token> TypeTokens) Tokens(PolicyFileSyntax tree)
    {
        var tokens = new List<Token>();
        var typeTokens = new HashSet<Token>();
        var pending = new Stack<object>();
        pending.Push(tree);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case Token { IsMissing: false } token:
                    tokens.Add(token);
                    break;
                case TypeSyntax type:
                    foreach (var token in type.Tokens.Where(t => !t.IsMissing))
                    {
                        typeTokens.Add(token);
                        tokens.Add(token);
                    }

                    break;
                case SyntaxNode node:
                    foreach (var child in node.Children.Reverse())
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        tokens.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return (tokens, typeTokens);
    }
}
