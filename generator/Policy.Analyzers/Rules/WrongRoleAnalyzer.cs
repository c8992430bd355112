using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1005: code marked <c>[Workflow.ActsAs{Role}]</c> (on the method or a containing type) calls an action of that
/// workflow that the role may not perform. The runtime would refuse it for every officer acting in that role.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WrongRoleAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.WrongRole);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(PolicyDiagnostics.GeneratedCode);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!PolicyTypes.TryCreate(start.Compilation, out var types))
            {
                return;
            }

            var models = new PolicyModelCache(types);
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, models), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, PolicyModelCache models)
    {
        if (context.IsGeneratedCode)
        {
            return;
        }

        var invocation = (IInvocationOperation)context.Operation;
        if (models.Action(invocation.TargetMethod) is not { } action)
        {
            return;
        }

        var acting = ActingRoles.For(context.ContainingSymbol, action.Workflow, models.Types);
        if (acting.IsEmpty || acting.Any(action.Roles.Contains))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            PolicyDiagnostics.WrongRole,
            invocation.Syntax.GetLocation(),
            Wording.Either(acting),
            action.Name,
            Wording.Either(action.Roles),
            action.Workflow.PolicyName));
    }
}
