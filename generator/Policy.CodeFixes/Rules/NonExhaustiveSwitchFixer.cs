using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Policy.Analyzers;
using Policy.Analyzers.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Policy.CodeFixes.Rules;

/// <summary>
/// POL1002 (and the compiler's CS8509 on a switch expression over a policy's type): adds a case for each option the
/// switch leaves out, for the developer to fill in, with a <c>// TODO</c> comment that names the option and quotes its
/// description from the policy: <c>case XState.Missing: break;</c>, <c>XState.Missing => default!,</c>, and type
/// patterns for the options of a choice with data. Nothing throws at run time: a case the policy owner adds must not
/// crash a screen that has not been told about it yet.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonExhaustiveSwitchFixer))]
[Shared]
public sealed class NonExhaustiveSwitchFixer : CodeFixProvider
{
    private const string Title = "Add the missing cases";
    /// <summary>The compiler's "the switch expression does not handle all possible values of its input type".</summary>
    private const string CompilerNonExhaustiveId = "CS8509";

    private static readonly DocumentFixAll FixAllInDocument = new(Title, FixDocumentAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.NonExhaustiveSwitchId, CompilerNonExhaustiveId);

    public override FixAllProvider GetFixAllProvider() => FixAllInDocument;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || PolicyModelCache.For(model.Compilation) is not { } models)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // CS8509 is offered the fix only on a switch over a policy's type.
            if (SwitchAt(root, diagnostic) is { } node && Missing(diagnostic, node, model, models, context.CancellationToken) is { Length: > 0 })
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), token), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    private static SyntaxNode? SwitchAt(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is { } node && node is SwitchStatementSyntax or SwitchExpressionSyntax ? node : null;

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PolicyModelCache.For(model.Compilation) is not { } models)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var diagnostic in diagnostics)
        {
            if (SwitchAt(root, diagnostic) is not { } node || Missing(diagnostic, node, model, models, cancellationToken) is not { Length: > 0 } missing)
            {
                continue;
            }

            switch (node)
            {
                case SwitchStatementSyntax statement when Labels(statement.Expression, missing, model, models) is { } labels:
                    editor.ReplaceNode(statement, (current, _) => AddSections((SwitchStatementSyntax)current, labels));
                    break;
                case SwitchExpressionSyntax expression when Labels(expression.GoverningExpression, missing, model, models) is { } labels:
                    editor.ReplaceNode(expression, (current, _) => AddArms((SwitchExpressionSyntax)current, labels));
                    break;
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>The options POL1002 says are missing, or for CS8509 those the switch expression's arms leave out.</summary>
    private static string[]? Missing(Diagnostic diagnostic, SyntaxNode node, SemanticModel model, PolicyModelCache models, CancellationToken cancellationToken)
    {
        if (diagnostic.Id == CompilerNonExhaustiveId)
        {
            return model.GetOperation(node, cancellationToken) is Microsoft.CodeAnalysis.Operations.ISwitchExpressionOperation operation
                ? Policy.Analyzers.Rules.NonExhaustiveSwitchAnalyzer.MissingArms(operation, models).ToArray()
                : null;
        }

        return diagnostic.Properties.TryGetValue(PolicyDiagnostics.MissingOptionsProperty, out var missingText) && !string.IsNullOrEmpty(missingText)
            ? missingText!.Split(PolicyDiagnostics.ListSeparator)
            : null;
    }

    /// <summary>
    /// Each missing option as the code at the switch can name it: <c>ReferralState.Done</c>, or the option record's
    /// type <c>Referral.Decision.Referred</c> (a type pattern, written as C# parses one in a <c>case</c> label).
    /// </summary>
    private static ImmutableArray<MissingOption>? Labels(ExpressionSyntax governing, string[] missing, SemanticModel model, PolicyModelCache models)
    {
        if (models.Options(model.GetTypeInfo(governing).Type) is not { } options)
        {
            return null;
        }

        var position = governing.SpanStart;
        var typeName = options.Type.ToMinimalDisplayString(model, position);
        var labels = ImmutableArray.CreateBuilder<MissingOption>();
        foreach (var option in options.Options)
        {
            if (Array.IndexOf(missing, option.Name) < 0)
            {
                continue;
            }

            var label = ParseExpression(options.IsRecord
                ? ((ITypeSymbol)option).ToMinimalDisplayString(model, position)
                : typeName + "." + CSharpNames.Escape(option.Name));
            labels.Add(new MissingOption(label, Todo(option)));
        }

        return labels.Count == 0 ? null : labels.ToImmutable();
    }

    /// <summary><c>// TODO: Review (Under review.): say what happens here.</c>: the option's name and, if the generated code documents it, its description.</summary>
    private static string Todo(ISymbol option)
    {
        var described = Description(option);
        return "// TODO: " + option.Name + (described is null ? string.Empty : " (" + described + ")") + ": say what happens here.";
    }

    /// <summary>The generated XML summary of an option, which quotes the policy's title for it; null when there is none.</summary>
    private static string? Description(ISymbol option)
    {
        var xml = option.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            var summary = System.Xml.Linq.XElement.Parse(xml).Element("summary")?.Value;
            var text = summary is null ? string.Empty : string.Join(" ", summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            // An option the policy gives no title is documented by its name alone: nothing to add.
            return text.Length == 0 || text.TrimEnd('.') == option.Name ? null : text;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static SwitchStatementSyntax AddSections(SwitchStatementSyntax statement, ImmutableArray<MissingOption> labels)
    {
        var sections = labels.Select(missing =>
            SwitchSection(
                SingletonList<SwitchLabelSyntax>(CaseSwitchLabel(missing.Label)),
                SingletonList<StatementSyntax>(BreakStatement().WithLeadingTrivia(Comment(missing.Todo), ElasticCarriageReturnLineFeed)))
                .WithAdditionalAnnotations(Formatter.Annotation));
        return statement.AddSections(sections.ToArray());
    }

    /// <summary>
    /// Appends arms after the last one, laid out like the existing ones: one per line with the first arm's indentation,
    /// or on the same line for a one-line switch. The last arm gets a comma if it had none.
    /// </summary>
    private static SwitchExpressionSyntax AddArms(SwitchExpressionSyntax expression, ImmutableArray<MissingOption> labels)
    {
        var arms = expression.Arms;
        var newLine = expression.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var multiLine = arms.Count > 0 && newLine != default && arms[0].GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var indentation = multiLine ? arms[0].GetLeadingTrivia() : TriviaList(Space);
        var betweenArms = multiLine ? TriviaList(newLine) : TriviaList();

        // What followed the last arm (its line ending, or the space before '}') ends the new last arm instead.
        var items = arms.GetWithSeparators().ToList();
        var tail = TriviaList(Space);
        if (items.Count > 0 && items[items.Count - 1].IsNode)
        {
            var last = items[items.Count - 1].AsNode()!;
            tail = last.GetTrailingTrivia();
            items[items.Count - 1] = last.WithTrailingTrivia();
            items.Add(Token(TriviaList(), SyntaxKind.CommaToken, betweenArms));
        }
        else if (items.Count > 0)
        {
            var separator = items[items.Count - 1].AsToken();
            tail = separator.TrailingTrivia;
            items[items.Count - 1] = separator.WithTrailingTrivia(betweenArms);
        }

        for (var i = 0; i < labels.Length; i++)
        {
            // 'default!': a value of whatever type the switch gives, which the developer replaces; the TODO says so.
            // (Set after the layout is normalized, which would write 'default !'.)
            var placeholder = ParseExpression("default!");
            var after = multiLine ? TriviaList(Space, Comment(labels[i].Todo)).AddRange(i == labels.Length - 1 ? tail : betweenArms) : (i == labels.Length - 1 ? tail : betweenArms);
            var comment = multiLine ? TriviaList() : TriviaList(Comment(labels[i].Todo.Replace("// ", "/* ") + " */"), Space);
            var arm = SwitchExpressionArm(ConstantPattern(labels[i].Label), placeholder).NormalizeWhitespace().WithExpression(placeholder);
            items.Add(arm.WithLeadingTrivia(indentation.AddRange(comment)));
            items.Add(Token(TriviaList(), SyntaxKind.CommaToken, after));
        }

        return expression.WithArms(SeparatedList<SwitchExpressionArmSyntax>(items));
    }

    private sealed class MissingOption
    {
        public MissingOption(ExpressionSyntax label, string todo) => (Label, Todo) = (label, todo);

        public ExpressionSyntax Label { get; }

        public string Todo { get; }
    }
}
