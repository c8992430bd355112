using System.Text.Json;
using System.Text.Json.Serialization;

namespace Policy.LanguageServer.Protocol;

// The parts of the Language Server Protocol (3.17) this server speaks. Names follow the specification; the
// serializer writes them in camelCase and leaves out nulls.

internal sealed record Position(int Line, int Character);

internal sealed record Range(Position Start, Position End);

internal sealed record Location(string Uri, Range Range);

internal sealed record TextDocumentIdentifier(string Uri);

internal sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

internal sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

internal sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

internal sealed record TextDocumentContentChangeEvent(Range? Range, string Text);

internal sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

internal sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

internal sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

internal sealed record ReferenceContext(bool IncludeDeclaration);

internal sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context);

internal sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName);

internal sealed record DocumentParams(TextDocumentIdentifier TextDocument);

internal sealed record MarkupContent(string Kind, string Value);

internal sealed record Hover(MarkupContent Contents, Range? Range);

internal sealed record CodeDescription(string Href);

internal sealed record Diagnostic(Range Range, int Severity, string Code, string Source, string Message, CodeDescription? CodeDescription);

internal sealed record PublishDiagnosticsParams(string Uri, int? Version, Diagnostic[] Diagnostics);

internal sealed record TextEdit(Range Range, string NewText);

internal sealed record WorkspaceEdit(Dictionary<string, TextEdit[]> Changes);

internal sealed record PrepareRenameResult(Range Range, string Placeholder);

internal sealed record CompletionItem(string Label, int Kind, string? Detail, string? SortText);

internal sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

internal sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[]? Children);

internal sealed record FoldingRange(int StartLine, int EndLine, string? Kind);

internal sealed record SemanticTokens(int[] Data);

internal sealed record ExplainResult(string? Markdown, string? Mermaid, string? Problem);

internal sealed record InitializeResult(JsonElement Capabilities, ServerInfo ServerInfo);

internal sealed record ServerInfo(string Name, string Version);

/// <summary>The numbers the protocol uses for kinds and severities.</summary>
internal static class LspKinds
{
    public const int SeverityError = 1;
    public const int SeverityWarning = 2;

    // CompletionItemKind
    public const int CompletionKeyword = 14;
    public const int CompletionSnippet = 15;

    // SymbolKind
    public const int SymbolNamespace = 3;
    public const int SymbolClass = 5;
    public const int SymbolProperty = 7;
    public const int SymbolField = 8;
    public const int SymbolEnum = 10;
    public const int SymbolFunction = 12;
    public const int SymbolVariable = 13;
    public const int SymbolConstant = 14;
    public const int SymbolString = 15;
    public const int SymbolObject = 19;
    public const int SymbolEnumMember = 22;
    public const int SymbolStruct = 23;
    public const int SymbolEvent = 24;
    public const int SymbolOperator = 25;

    public const int TextDocumentSyncIncremental = 2;
}

/// <summary>The serializer settings for every message.</summary>
internal static class LspJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };
}
