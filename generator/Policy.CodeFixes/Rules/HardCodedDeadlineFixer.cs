using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Policy.Analyzers;

namespace Policy.CodeFixes.Rules;

/// <summary>
/// POL1004: replaces the number with the generated constant that holds it, e.g.
/// <c>GeneralInvestigation.Durations.FirstMeetingWithinTimeSpan</c>, written as briefly as the file's usings allow
/// (worked out from the semantic model: the workspace's simplifier does not shorten names of generated types reliably).
/// When several constants hold the same value, each is offered; the first is the one fix-all applies.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedDeadlineFixer))]
[Shared]
public sealed class HardCodedDeadlineFixer : CodeFixProvider
{
    private const string EquivalenceKey = "UseGeneratedDuration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(PolicyDiagnostics.HardCodedDeadlineId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PolicyDiagnostics.ReplacementMembersProperty, out var members)
                || string.IsNullOrEmpty(members)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax literal)
            {
                continue;
            }

            var candidates = members!.Split(PolicyDiagnostics.ListSeparator);
            for (var i = 0; i < candidates.Length; i++)
            {
                if (MemberAccess(candidates[i], model, literal.SpanStart) is not { } member)
                {
                    continue;
                }

                var replacement = SyntaxFactory.ParseExpression(member).WithTriviaFrom(literal);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use " + member,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement))),
                        i == 0 ? EquivalenceKey : EquivalenceKey + ":" + candidates[i]),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The member written as briefly as the code at <paramref name="position"/> can name it: <c>Casework.Durations.X</c>
    /// under <c>using Policies;</c>, <c>Policies.Casework.Durations.X</c> without.
    /// </summary>
    private static string? MemberAccess(string candidate, SemanticModel model, int position)
    {
        var dot = candidate.LastIndexOf('.');
        if (dot <= 0 || model.Compilation.GetTypeByMetadataName(candidate.Substring(0, dot)) is not { } type)
        {
            return null;
        }

        var name = candidate.Substring(dot + 1);
        return type.GetMembers(name).IsEmpty ? null : type.ToMinimalDisplayString(model, position) + "." + name;
    }
}
