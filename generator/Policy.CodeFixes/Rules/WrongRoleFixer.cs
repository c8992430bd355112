using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Policy.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Policy.CodeFixes.Rules;

/// <summary>
/// POL1005, where the code gives the actor's roles (<c>new Actor("dc.jones", Casework.Roles.OIC)</c>): gives the actor a
/// role that may perform the action instead, one fix per such role (<c>Casework.Roles.Supervisor</c>). Not offered
/// where an <c>[ActsAs…]</c> attribute declares the role: which role a piece of code acts in is the developer's decision.
/// Fix all gives every flagged actor the role the chosen fix names, where that role may perform its action.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrongRoleFixer))]
[Shared]
public sealed class WrongRoleFixer : CodeFixProvider
{
    private const string FixAllTitle = "Act in a role that may perform the action";

    private const string KeyPrefix = FixAllTitle + ":";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.WrongRoleId);

    public override FixAllProvider GetFixAllProvider() => RoleFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var role in Permitted(diagnostic))
            {
                var title = $"Act as {role}";
                context.RegisterCodeFix(
                    CodeAction.Create(title, token => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), role, token), equivalenceKey: KeyPrefix + role),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static string[] Permitted(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(PolicyDiagnostics.PermittedRolesProperty, out var roles) && roles is { Length: > 0 } && diagnostic.AdditionalLocations.Count > 0
            ? roles.Split(PolicyDiagnostics.ListSeparator)
            : Array.Empty<string>();

    /// <summary>Gives each flagged call's actor <paramref name="role"/>, where that role may perform the call's action.</summary>
    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string role, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var replacements = new Dictionary<BaseObjectCreationExpressionSyntax, ExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            var chosen = role;
            if (!Permitted(diagnostic).Contains(chosen, StringComparer.Ordinal)
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { ArgumentList.Arguments.Count: > 0 } creation
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || model.GetSymbolInfo(call, cancellationToken).Symbol?.ContainingType is not { } workflow
                || replacements.ContainsKey(creation))
            {
                continue;
            }

            // Workflow.Roles.Supervisor, written as briefly as the file's usings allow.
            var constant = MemberAccessExpression(
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleMemberAccessExpression, (ExpressionSyntax)generator.TypeExpression(workflow), IdentifierName("Roles")),
                IdentifierName(CSharpNames.Escape(chosen)))
                .WithAdditionalAnnotations(Simplifier.Annotation);
            var id = creation.ArgumentList!.Arguments[0];
            replacements[creation] = creation.WithArgumentList(creation.ArgumentList.WithArguments(SeparatedList(new[] { id, Argument(constant) })));
        }

        return replacements.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    /// <summary>Fix all for the role of the fix that was chosen (its equivalence key names it).</summary>
    private sealed class RoleFixAll : DocumentBasedFixAllProvider
    {
        public static readonly RoleFixAll Instance = new();

        protected override string GetFixAllTitle(FixAllContext fixAllContext) =>
            fixAllContext.CodeActionEquivalenceKey is { } key && key.StartsWith(KeyPrefix, StringComparison.Ordinal) ? $"Act as {key.Substring(KeyPrefix.Length)}" : FixAllTitle;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            fixAllContext.CodeActionEquivalenceKey is { } key && key.StartsWith(KeyPrefix, StringComparison.Ordinal)
                ? await FixDocumentAsync(document, diagnostics, key.Substring(KeyPrefix.Length), fixAllContext.CancellationToken).ConfigureAwait(false)
                : document;
    }
}
