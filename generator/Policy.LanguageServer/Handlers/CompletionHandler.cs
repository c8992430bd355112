using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Navigation;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>textDocument/completion</c>: at the start of a line, the words that can start a statement in the block the
/// cursor is in; after a word such as <c>by</c>, <c>from</c>, <c>cite</c> or <c>:</c>, the names of the right kind;
/// elsewhere on a line, every name in scope and the words that continue a line.
/// </summary>
internal sealed class CompletionHandler
{
    private readonly DocumentStore _documents;

    public CompletionHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("textDocument/completion")]
    public CompletionList? Completion(TextDocumentPositionParams parameters) => Guard.Run("completion", () =>
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document)
        {
            return null;
        }

        var offset = document.OffsetOf(parameters.Position);
        var lineStart = offset;
        while (lineStart > 0 && document.Text[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }

        var before = new Lexer(document.Text.Substring(lineStart, offset - lineStart), new DiagnosticBag()).LexAll()
            .Where(t => t.Kind != TokenKind.EndOfFile).ToList();

        // The word being typed is not context.
        if (before.Count > 0 && before[before.Count - 1].Span.End == offset - lineStart && before[before.Count - 1].Kind == TokenKind.Identifier)
        {
            before.RemoveAt(before.Count - 1);
        }

        var items = before.Count == 0
            ? StatementStarts(document, offset)
            : AfterWord(document, before);
        return new CompletionList(false, items.GroupBy(i => i.Label).Select(g => g.First()).ToArray());
    });

    private static IEnumerable<CompletionItem> StatementStarts(PolicyDocument document, int offset)
    {
        var policy = document.Compilation.Syntax.Policy;
        if (policy is null || offset <= policy.Body.Open.Span.Start || (!policy.Body.Close.IsMissing && offset > policy.Body.Close.Span.Start))
        {
            return Words(new[] { "policy" });
        }

        var block = policy.Body.Statements.OfType<DeclarationSyntax>().FirstOrDefault(d => Body(d) is { } b && b.Open.Span.End <= offset && (b.Close.IsMissing || offset <= b.Close.Span.Start));
        var words = block switch
        {
            ActionSyntax => Keywords.Action,
            SignalSyntax => Keywords.Signal,
            DeadlineSyntax => Keywords.Deadline,
            RuleSyntax => Keywords.Rule,
            CalendarDeclarationSyntax => Keywords.Calendar,
            AccessSyntax => Keywords.Access,
            _ => Keywords.Policy,
        };
        var items = Words(words);

        // A deadline's duty starts with the role: 'SOIT must InformVictim within 1 working day'.
        return block is DeadlineSyntax ? items.Concat(Names(document.Symbols, PolicySymbolKind.Role)) : items;
    }

    private static BlockSyntax? Body(DeclarationSyntax declaration) => declaration switch
    {
        ActionSyntax a => a.Body,
        SignalSyntax s => s.Body,
        DeadlineSyntax d => d.Body,
        RuleSyntax r => r.Body,
        CalendarDeclarationSyntax c => c.Body,
        AccessSyntax a => a.Body,
        _ => null,
    };

    private static IEnumerable<CompletionItem> AfterWord(PolicyDocument document, List<Token> before)
    {
        var index = document.Symbols;
        var last = before[before.Count - 1];
        var first = before[0];
        if (last.Kind == TokenKind.Colon)
        {
            return Words(Keywords.Types, "type").Concat(Names(index, PolicySymbolKind.Choice));
        }

        switch (last.Text)
        {
            case "by" or "notify" or "assign" when last.Kind == TokenKind.Identifier:
            case "to" when first.Is("escalate"):
                return Names(index, PolicySymbolKind.Role);
            case "from" or "in" or "to" or "entering" or "leaving" or "while" when first.Is("action") || last.Text is "entering" or "leaving" or "while":
                return Names(index, PolicySymbolKind.State);
            case "cite":
                return Names(index, PolicySymbolKind.Source);
            case "must" or "forbid":
                return Names(index, PolicySymbolKind.Action);
            case "each" or "when" when first.Is("starts") || first.Is("stops"):
                return Names(index, PolicySymbolKind.Action).Concat(Names(index, PolicySymbolKind.Signal));
            case "calendar" or "on" when first.Is("calendar") || first.Is("counted"):
                return Names(index, PolicySymbolKind.Calendar).Concat(Words(new[] { "england-and-wales" }));
            case "is":
                return Options(index).Concat(Words(new[] { "not", "set", "available", "open" }));
        }

        return AllNames(index).Concat(Words(Keywords.InLine));
    }

    private static IEnumerable<CompletionItem> Words(IEnumerable<string> words, string detail = "keyword") =>
        words.Select(w => new CompletionItem(w, LspKinds.CompletionKeyword, detail, "1" + w));

    private static IEnumerable<CompletionItem> Names(SymbolIndex index, PolicySymbolKind kind) =>
        index.Declarations.Values
            .Where(d => SymbolIndex.KindOf(d) == kind)
            .Select(d => Item(d.Name.Text, kind, d.Title?.Text));

    private static IEnumerable<CompletionItem> AllNames(SymbolIndex index) =>
        index.Declarations.Values.Where(d => SymbolIndex.KindOf(d) is not null).Select(d => Item(d.Name.Text, SymbolIndex.KindOf(d)!.Value, d.Title?.Text))
            .Concat(index.Fields.Keys.Select(f => Item(f, PolicySymbolKind.Field, null)));

    private static IEnumerable<CompletionItem> Options(SymbolIndex index) =>
        index.Choices.Values.SelectMany(c => c.Options.Where(o => !o.Name.IsMissing).Select(o => Item(o.Name.Text, PolicySymbolKind.Option, "option of " + c.Name.Text)));

    private static CompletionItem Item(string name, PolicySymbolKind kind, string? title) =>
        new(name, CompletionKindOf(kind), title is null ? new PolicySymbol(kind, name).KindWord : $"{new PolicySymbol(kind, name).KindWord}: {title}", "0" + name);

    private static int CompletionKindOf(PolicySymbolKind kind) => kind switch
    {
        PolicySymbolKind.Role => 7,
        PolicySymbolKind.State => 20,
        PolicySymbolKind.Choice => 13,
        PolicySymbolKind.Option => 20,
        PolicySymbolKind.Action => 3,
        PolicySymbolKind.Signal => 23,
        PolicySymbolKind.Setting => 21,
        PolicySymbolKind.Field or PolicySymbolKind.OptionField => 5,
        PolicySymbolKind.Deadline => 2,
        PolicySymbolKind.Source => 18,
        _ => 6,
    };
}
