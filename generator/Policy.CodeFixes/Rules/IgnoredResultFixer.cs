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
/// POL1001: keeps the dropped result and checks it, for the developer to say what a refusal means here:
/// <c>var result = w.Close(actor); if (!result.IsAccepted) { // TODO … }</c>. Offered for a call or an <c>await</c>
/// used as a statement in a block; not for <c>w?.Close(actor)</c> (the result may be null), an expression-bodied
/// member, an unawaited task, or a local nothing reads, where the right change is not one shape.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IgnoredResultFixer))]
[Shared]
public sealed class IgnoredResultFixer : CodeFixProvider
{
    private const string Title = "Check whether the action was accepted";

    private static readonly DocumentFixAll FixAllInDocument = new(Title, FixDocumentAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.IgnoredResultId);

    public override FixAllProvider GetFixAllProvider() => FixAllInDocument;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PolicyModelCache.For(model.Compilation) is not { } models)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (DroppedStatement(root, diagnostic, model, models.Types, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), token), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The statement the diagnostic is on, when it is a call or an <c>await</c> of a refusal-carrying result in a block
    /// (the whole expression flagged: not a local inside a lambda that the statement passes on).
    /// </summary>
    private static ExpressionStatementSyntax? DroppedStatement(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, PolicyTypes types, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
            || node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { Parent: BlockSyntax } statement
            || statement.Expression.Span != diagnostic.Location.SourceSpan
            || statement.Expression is not (InvocationExpressionSyntax or AwaitExpressionSyntax))
        {
            return null;
        }

        return types.CarriesRefusal(model.GetTypeInfo(statement.Expression, cancellationToken).Type) ? statement : null;
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PolicyModelCache.For(model.Compilation) is not { } models)
        {
            return document;
        }

        // Names taken by this fix so far, per block: fixing two statements of one block at once must not declare one name twice.
        var taken = new Dictionary<SyntaxNode, HashSet<string>>();
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (DroppedStatement(root, diagnostic, model, models.Types, cancellationToken) is not { } statement)
            {
                continue;
            }

            if (!taken.TryGetValue(statement.Parent!, out var names))
            {
                taken[statement.Parent!] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            var name = FreeName(model, statement, names);
            names.Add(name);
            editor.InsertBefore(statement, Declaration(statement, name));
            editor.ReplaceNode(statement, Check(statement, name));
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary><c>result</c>, or <c>result2</c>, <c>result3</c>… when the name is already in scope there.</summary>
    private static string FreeName(SemanticModel model, StatementSyntax statement, HashSet<string> taken)
    {
        var name = "result";
        for (var n = 2; taken.Contains(name) || !model.LookupSymbols(statement.SpanStart, name: name).IsEmpty || IsDeclaredLater(statement, name); n++)
        {
            name = "result" + n;
        }

        return name;
    }

    /// <summary>A local of that name declared later in the same block, which the new one would clash with.</summary>
    private static bool IsDeclaredLater(StatementSyntax statement, string name) =>
        statement.Parent!.DescendantNodes().OfType<VariableDeclaratorSyntax>().Any(v => v.Identifier.ValueText == name);

    private static LocalDeclarationStatementSyntax Declaration(ExpressionStatementSyntax statement, string name) =>
        LocalDeclarationStatement(VariableDeclaration(
                IdentifierName("var"),
                SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(statement.Expression.WithoutTrivia())))))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static IfStatementSyntax Check(ExpressionStatementSyntax statement, string name)
    {
        var todo = Comment($"// TODO: the policy refused this; {name}.Refusal says why, in the policy's words, for the officer.");
        var notAccepted = PrefixUnaryExpression(
            SyntaxKind.LogicalNotExpression,
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(name), IdentifierName("IsAccepted")));
        var body = Block().WithCloseBraceToken(Token(TriviaList(todo, ElasticCarriageReturnLineFeed), SyntaxKind.CloseBraceToken, TriviaList()));
        return IfStatement(notAccepted, body)
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
