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
/// POL1002: adds a case for each option the switch leaves out, each throwing <c>NotImplementedException</c> so that the
/// developer decides what it should do: <c>case XState.Missing: throw …;</c>, <c>XState.Missing => throw …,</c>, and
/// type patterns for the options of a choice with data.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonExhaustiveSwitchFixer))]
[Shared]
public sealed class NonExhaustiveSwitchFixer : CodeFixProvider
{
    private const string Title = "Add the missing cases";
    private const string Throw = "throw new global::System.NotImplementedException()";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.NonExhaustiveSwitchId);

    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (SwitchAt(root, diagnostic) is not null)
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
            if (SwitchAt(root, diagnostic) is not { } node
                || !diagnostic.Properties.TryGetValue(PolicyDiagnostics.MissingOptionsProperty, out var missingText)
                || string.IsNullOrEmpty(missingText))
            {
                continue;
            }

            var missing = missingText!.Split(PolicyDiagnostics.ListSeparator);
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

    /// <summary>
    /// Each missing option as the code at the switch can name it: <c>ReferralState.Done</c>, or the option record's
    /// type <c>Referral.Decision.Referred</c> (a type pattern, written as C# parses one in a <c>case</c> label).
    /// </summary>
    private static ImmutableArray<ExpressionSyntax>? Labels(ExpressionSyntax governing, string[] missing, SemanticModel model, PolicyModelCache models)
    {
        if (models.Options(model.GetTypeInfo(governing).Type) is not { } options)
        {
            return null;
        }

        var position = governing.SpanStart;
        var typeName = options.Type.ToMinimalDisplayString(model, position);
        var labels = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        foreach (var option in options.Options)
        {
            if (Array.IndexOf(missing, option.Name) < 0)
            {
                continue;
            }

            labels.Add(ParseExpression(options.IsRecord
                ? ((ITypeSymbol)option).ToMinimalDisplayString(model, position)
                : typeName + "." + CSharpNames.Escape(option.Name)));
        }

        return labels.Count == 0 ? null : labels.ToImmutable();
    }

    private static SwitchStatementSyntax AddSections(SwitchStatementSyntax statement, ImmutableArray<ExpressionSyntax> labels)
    {
        var sections = labels.Select(label =>
            SwitchSection(SingletonList<SwitchLabelSyntax>(CaseSwitchLabel(label)), SingletonList(ParseStatement(Throw + ";")))
                .WithAdditionalAnnotations(Formatter.Annotation));
        return statement.AddSections(sections.ToArray());
    }

    /// <summary>
    /// Appends arms after the last one, laid out like the existing ones: one per line with the first arm's indentation,
    /// or on the same line for a one-line switch. The last arm gets a comma if it had none.
    /// </summary>
    private static SwitchExpressionSyntax AddArms(SwitchExpressionSyntax expression, ImmutableArray<ExpressionSyntax> labels)
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
            var throwExpression = (ThrowExpressionSyntax)ParseExpression(Throw);
            items.Add(SwitchExpressionArm(ConstantPattern(labels[i]), throwExpression).NormalizeWhitespace().WithLeadingTrivia(indentation));
            items.Add(Token(TriviaList(), SyntaxKind.CommaToken, i == labels.Length - 1 ? tail : betweenArms));
        }

        return expression.WithArms(SeparatedList<SwitchExpressionArmSyntax>(items));
    }

    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        public static readonly FixAll Instance = new();

        protected override string GetFixAllTitle(FixAllContext fixAllContext) => Title;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await FixDocumentAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
