using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1001: a call returning <c>ActionResult</c> used as a statement. A refused action does not throw, so dropping the
/// result hides the refusal. <c>_ = w.Close(actor)</c> is a deliberate discard and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredResultAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.IgnoredResult);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models) =>
        RegisterOperationAction(start, models, static (operation, cache) => AnalyzeStatement(operation, cache.Types), OperationKind.ExpressionStatement);

    private static void AnalyzeStatement(OperationAnalysisContext context, PolicyTypes types)
    {
        var statement = ((IExpressionStatementOperation)context.Operation).Operation;
        var expression = statement;

        // w?.Close(actor) as a statement: the conditional access wraps the call.
        while (expression is IConditionalAccessOperation conditional)
        {
            expression = conditional.WhenNotNull;
        }

        if (expression is IInvocationOperation invocation && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType, types.ActionResult))
        {
            context.ReportDiagnostic(Diagnostic.Create(PolicyDiagnostics.IgnoredResult, statement.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }
}
