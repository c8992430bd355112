using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers;
using Policy.Analyzers.Model;
using Policy.Analyzers.Rules;

namespace Policy.CodeFixes.Rules;

/// <summary>
/// POL1003: reads the time from a <c>TimeProvider</c> in scope (a local declared before the read, a parameter, a field
/// or a property) instead of the wall clock, keeping the type and kind of the value. Offers nothing when none is in scope:
/// where the provider should come from is the developer's design decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WallClockFixer))]
[Shared]
public sealed class WallClockFixer : CodeFixProvider
{
    private const string EquivalenceKey = "UseTimeProvider";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.WallClockId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PolicyModelCache.For(model.Compilation)?.Types is not { TimeProvider: { } timeProvider })
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax read
                || model.GetOperation(read, context.CancellationToken) is not IPropertyReferenceOperation reference
                || WallClockAnalyzer.TimeProviderReplacement(reference.Property.ContainingType.Name, reference.Property.Name) is not { } call
                || ProviderInScope(model, read, timeProvider) is not { } provider)
            {
                continue;
            }

            var replacement = SyntaxFactory.ParseExpression(CSharpNames.Escape(provider.Name) + "." + call).WithTriviaFrom(read);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use {provider.Name}.{call}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(read, replacement))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The nearest <c>TimeProvider</c> the code at <paramref name="read"/> can use by its simple name.</summary>
    internal static ISymbol? ProviderInScope(SemanticModel model, ExpressionSyntax read, INamedTypeSymbol timeProvider)
    {
        var position = read.SpanStart;
        var inStaticContext = IsStaticContext(model.GetEnclosingSymbol(position));
        ISymbol? best = null;
        var bestRank = int.MaxValue;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var (type, rank) = symbol switch
            {
                ILocalSymbol local when DeclaredBefore(local, position) => (local.Type, 0),
                IParameterSymbol parameter => (parameter.Type, 1),
                IFieldSymbol field when field.IsStatic || !inStaticContext => (field.Type, 2),
                IPropertySymbol { GetMethod: not null, Parameters.IsEmpty: true } property when property.IsStatic || !inStaticContext => (property.Type, 3),
                _ => (null, int.MaxValue),
            };

            if (rank < bestRank && PolicyTypes.DerivesFrom(type, timeProvider))
            {
                (best, bestRank) = (symbol, rank);
            }
        }

        return best;
    }

    private static bool DeclaredBefore(ILocalSymbol local, int position) =>
        local.DeclaringSyntaxReferences.Length > 0 && local.DeclaringSyntaxReferences[0].Span.End <= position;

    private static bool IsStaticContext(ISymbol? symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current.IsStatic)
            {
                return true;
            }

            if (current is INamedTypeSymbol || current is IMethodSymbol { MethodKind: not (MethodKind.AnonymousFunction or MethodKind.LocalFunction) })
            {
                return false;
            }
        }

        return false;
    }
}
