using System.Text;
using Policy.Cli.Explaining;
using Policy.Definitions;
using Policy.Language.Syntax;
using Policy.LanguageServer.Documents;

namespace Policy.LanguageServer.Navigation;

/// <summary>
/// What hovering over a name shows: its declaration's title, the sentence <c>policy explain</c> writes for it, and
/// the clause it cites. The sentences come from the CLI's own renderer, so the editor and the explanation never differ.
/// </summary>
internal static class SymbolDescription
{
    public static string Markdown(PolicyDocument document, PolicySymbol symbol)
    {
        var index = document.Symbols;
        var builder = new StringBuilder();
        var declaration = index.DeclarationsOf(symbol).Select(o => o.Declaration).FirstOrDefault();
        var title = declaration switch
        {
            DeclarationSyntax d => d.Title?.Text,
            PolicyDeclarationSyntax p => p.Title?.Text,
            _ => null,
        };
        builder.Append("**").Append(symbol.KindWord).Append("** `").Append(symbol.Name).Append('`');
        if (!string.IsNullOrEmpty(title))
        {
            builder.Append(" — ").Append(title);
        }

        builder.AppendLine();
        var (sentence, citation) = Explain(document, symbol);
        if (!string.IsNullOrEmpty(sentence))
        {
            builder.AppendLine().AppendLine(sentence);
        }

        if (!string.IsNullOrEmpty(citation))
        {
            builder.AppendLine().Append("*Cites:* ").AppendLine(citation);
        }

        return builder.ToString().TrimEnd() + "\n";
    }

    /// <summary>The plain-English sentence and citation for a name; what can be said from the syntax when the policy has errors.</summary>
    private static (string? Sentence, string? Citation) Explain(PolicyDocument document, PolicySymbol symbol)
    {
        var index = document.Symbols;
        switch (symbol.Kind)
        {
            case PolicySymbolKind.Field:
                var recordedBy = index.Fields.TryGetValue(symbol.Name, out var fields)
                    ? fields.Select(f => RecordedBy(index, f)).Where(n => n is not null).Distinct().ToList()
                    : new List<string?>();
                var type = fields?.FirstOrDefault()?.Type.Text;
                return ($"A fact the case records{(type is null ? string.Empty : $" ({type})")}, by {PolicyEnglish.Join(recordedBy.Select(n => $"`{n}`").ToList(), "and")}.", null);
            case PolicySymbolKind.Option:
                return ($"One of the options of the choice `{symbol.Container}`.", null);
            case PolicySymbolKind.OptionField:
                return ($"A fact recorded with an option of the choice `{symbol.Container}`.", null);
        }

        var definition = document.Compilation.Definition ?? document.Compilation.Bound?.Definition;
        if (definition is null)
        {
            return (null, null);
        }

        ExplainView view;
        try
        {
            view = ExplainView.From(definition);
        }
        catch (Exception e) when (e is not OutOfMemoryException && document.Compilation.HasErrors)
        {
            // A policy with errors lowers only in part; say what the syntax says.
            return (null, null);
        }

        Sentence? Find(IReadOnlyList<Sentence> sentences) => sentences.FirstOrDefault(s => s.Name == symbol.Name);
        var found = symbol.Kind switch
        {
            PolicySymbolKind.Action => Find(view.Actions),
            PolicySymbolKind.Signal => Find(view.Signals),
            PolicySymbolKind.Deadline => Find(view.Deadlines),
            PolicySymbolKind.Rule => Find(view.Rules),
            PolicySymbolKind.Setting => Find(view.Settings),
            PolicySymbolKind.Calendar => Find(view.Calendars),
            _ => null,
        };
        if (found is not null)
        {
            return (found.Text, found.Citation);
        }

        return symbol.Kind switch
        {
            PolicySymbolKind.Role => (RoleSentence(definition.Roles.FirstOrDefault(r => r.Name == symbol.Name)), null),
            PolicySymbolKind.State => (StateSentence(definition.States.FirstOrDefault(s => s.Name == symbol.Name)), null),
            PolicySymbolKind.Source => ("A source document that rules cite.", null),
            PolicySymbolKind.Choice => ($"A choice of {PolicyEnglish.Join(definition.Choices.FirstOrDefault(c => c.Name == symbol.Name)?.Options.Select(o => o.Name).ToList() ?? new List<string>(), "or")}.", null),
            PolicySymbolKind.Policy => (view.CalendarSentence, null),
            _ => (null, null),
        };
    }

    private static string? RecordedBy(SymbolIndex index, FieldSyntax field) =>
        index.Declarations.Values.FirstOrDefault(d => d.Span.Start <= field.Span.Start && field.Span.End <= d.Span.End)?.Name.Text;

    private static string? RoleSentence(RoleDefinition? role) => role is null
        ? null
        : role.IsAssigned ? "A role assigned to one officer for each case." : "A role any officer holding it may act in.";

    private static string? StateSentence(StateDefinition? state) => state switch
    {
        null => null,
        { IsInitial: true, IsFinal: true } => "A case starts and ends in this state.",
        { IsInitial: true } => "Every case starts in this state.",
        { IsFinal: true } => "A case in this state is finished.",
        _ => "A state a case can be in.",
    };
}
