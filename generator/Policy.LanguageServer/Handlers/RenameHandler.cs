using Policy.Language;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Navigation;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>textDocument/prepareRename</c> and <c>textDocument/rename</c>: renames a name everywhere it is written, and
/// refuses a new name that is not a name, is a keyword, is already taken, or would make the policy report more errors.
/// </summary>
internal sealed class RenameHandler
{
    /// <summary>The protocol's code for a request that was understood but cannot be done.</summary>
    public const int RequestFailed = -32803;

    private readonly DocumentStore _documents;

    public RenameHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/prepareRename")]
    public PrepareRenameResult? PrepareRename(TextDocumentPositionParams parameters) => Guard.Run("prepareRename", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document
            || document.Symbols.At(document.OffsetOf(parameters.Position)) is not { } occurrence)
        {
            return null;
        }

        return new PrepareRenameResult(document.RangeOf(occurrence.Token.Span), occurrence.Token.Text);
    });

    [JsonRpcMethod("textDocument/rename")]
    public WorkspaceEdit? Rename(RenameParams parameters) => Guard.Run("rename", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document
            || document.Symbols.At(document.OffsetOf(parameters.Position)) is not { } occurrence)
        {
            return null;
        }

        var symbol = occurrence.Symbol;
        var newName = parameters.NewName ?? string.Empty;
        if (newName == symbol.Name)
        {
            return new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [document.Uri] = Array.Empty<TextEdit>() });
        }

        if (Problem(document.Symbols, symbol, newName) is { } problem)
        {
            throw new LocalRpcException(problem) { ErrorCode = RequestFailed };
        }

        var occurrences = document.Symbols.OccurrencesOf(symbol).ToList();
        var renamed = Renamed(document.Text, occurrences, newName);
        var before = PolicyCompiler.Compile("before.policy", document.Text).Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var after = PolicyCompiler.Compile("after.policy", renamed).Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (after > before)
        {
            throw new LocalRpcException($"Renaming '{symbol.Name}' to '{newName}' would give the policy {after - before} more error(s). Choose another name.") { ErrorCode = RequestFailed };
        }

        var edits = occurrences.Select(o => new TextEdit(document.RangeOf(o.Token.Span), newName)).ToArray();
        return new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [document.Uri] = edits });
    });

    /// <summary>Why a new name cannot be used, or null when it can.</summary>
    internal static string? Problem(SymbolIndex index, PolicySymbol symbol, string newName)
    {
        var tokens = new Lexer(newName, new DiagnosticBag()).LexAll();
        if (tokens.Count != 2 || tokens[0].Kind != TokenKind.Identifier || tokens[0].Text != newName)
        {
            return $"'{newName}' is not a name. A name is one word of letters, digits and '_', starting with a letter.";
        }

        if (Keywords.All.Contains(newName))
        {
            return $"'{newName}' is a word of the policy language. Choose another name.";
        }

        switch (symbol.Kind)
        {
            case PolicySymbolKind.Option:
                if (index.Choices.TryGetValue(symbol.Container ?? string.Empty, out var choice) && choice.Options.Any(o => o.Name.Text == newName))
                {
                    return $"The choice '{choice.Name.Text}' already has an option named '{newName}'.";
                }

                return null;
            case PolicySymbolKind.OptionField:
                if (index.Choices.TryGetValue(symbol.Container ?? string.Empty, out var owner) && owner.Options.SelectMany(o => o.Fields).Any(f => f.Name.Text == newName))
                {
                    return $"The choice '{owner.Name.Text}' already has a field named '{newName}'.";
                }

                return null;
        }

        if (index.Declarations.TryGetValue(newName, out var existing) && SymbolIndex.KindOf(existing) is { } kind)
        {
            return $"There is already a {new PolicySymbol(kind, newName).KindWord} named '{newName}'. Choose a name that is not taken.";
        }

        if (index.Fields.ContainsKey(newName))
        {
            return $"There is already a field named '{newName}'. Choose a name that is not taken.";
        }

        return null;
    }

    private static string Renamed(string text, IReadOnlyList<SymbolOccurrence> occurrences, string newName)
    {
        var builder = new System.Text.StringBuilder(text.Length + occurrences.Count * newName.Length);
        var at = 0;
        foreach (var occurrence in occurrences.OrderBy(o => o.Token.Span.Start))
        {
            builder.Append(text, at, occurrence.Token.Span.Start - at).Append(newName);
            at = occurrence.Token.Span.End;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }
}
