using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1005: code marked <c>[Workflow.ActsAs{Role}]</c> (on the method or a containing type) calls an action of that
/// workflow that the role may not perform, or calls one with an <c>Actor</c> whose roles the code gives at compile time
/// (<see cref="GivenRoles"/>) and none of which may perform it. The runtime would refuse it for every such officer.
/// Roles given to the actor replace the declared ones: they are what the runtime checks.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WrongRoleAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.WrongRole);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models) =>
        RegisterOperationAction(start, models, AnalyzeInvocation, OperationKind.Invocation);

    private static void AnalyzeInvocation(OperationAnalysisContext context, PolicyModelCache models)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (models.Action(invocation.TargetMethod) is not { } action)
        {
            return;
        }

        var given = GivenRoles.Of(invocation, models.Types, out var creation);
        var acting = given.IsDefault ? ActingRoles.For(context.ContainingSymbol, action.Workflow, models.Types) : given;
        if (acting.IsEmpty || NameSets.Overlap(acting, action.Roles))
        {
            return;
        }

        // Where the code gives the actor's roles, the fix can give it one that may act; where an attribute declares them,
        // which role the code acts in is the developer's decision, and no fix is offered.
        var fixable = creation is not null && creation.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree;
        context.ReportDiagnostic(Diagnostic.Create(
            HelpLinks.For(PolicyDiagnostics.WrongRole, context.Options),
            invocation.Syntax.GetLocation(),
            fixable ? new[] { creation!.Syntax.GetLocation() } : null,
            fixable ? ImmutableDictionary<string, string?>.Empty.Add(PolicyDiagnostics.PermittedRolesProperty, string.Join(PolicyDiagnostics.ListSeparator.ToString(), action.Roles)) : null,
            Wording.Either(acting),
            action.Name,
            Wording.Either(action.Roles),
            action.Workflow.PolicyName));
    }
}
