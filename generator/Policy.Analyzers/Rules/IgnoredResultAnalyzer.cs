using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1001: a result that carries a refusal (<c>ActionResult</c>, <c>CaseResult</c>) dropped: a call returning one used
/// as a statement, awaited as a statement (<c>await cases.ExecuteAsync(...);</c>), a <c>Task</c> or <c>ValueTask</c>
/// of one neither awaited nor kept, or stored in a local that nothing reads. A refused action does not throw, so
/// dropping the result hides the refusal. <c>_ = w.Close(actor)</c> is a deliberate discard and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredResultAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.IgnoredResult);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models)
    {
        RegisterOperationAction(start, models, static (operation, cache) => AnalyzeStatement(operation, cache.Types), OperationKind.ExpressionStatement);
        RegisterOperationAction(start, models, static (operation, cache) => AnalyzeDeclarator(operation, cache.Types), OperationKind.VariableDeclarator);
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, PolicyTypes types)
    {
        var expression = ((IExpressionStatementOperation)context.Operation).Operation;

        // 'result = w.Close(actor);' into a local that nothing reads afterwards is as good as dropped.
        if (expression is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
        {
            if (ProducerOf(assignment.Value, types) is { } assigned && !IsRead(target.Local, assignment))
            {
                context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.IgnoredResult, context.Options), expression.Syntax.GetLocation(), assigned));
            }

            return;
        }

        if (ProducerOf(expression, types) is { } name)
        {
            context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.IgnoredResult, context.Options), expression.Syntax.GetLocation(), name));
        }
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, PolicyTypes types)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
        if (initializer is not null && ProducerOf(initializer.Value, types) is { } name && !IsRead(declarator.Symbol, declarator))
        {
            context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.IgnoredResult, context.Options), declarator.Syntax.GetLocation(), name));
        }
    }

    /// <summary>
    /// The name of the call whose refusal-carrying result <paramref name="value"/> is: a call returning one, an
    /// <c>await</c> of one, or a call returning a <c>Task</c> or <c>ValueTask</c> of one. Null for anything else.
    /// </summary>
    private static string? ProducerOf(IOperation value, PolicyTypes types)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IInvocationOperation invocation when types.CarriesRefusal(invocation.TargetMethod.ReturnType) || IsTaskOfResult(invocation.TargetMethod.ReturnType, types):
                return invocation.TargetMethod.Name;
            case IAwaitOperation awaited when types.CarriesRefusal(awaited.Type):
                return Unwrap(awaited.Operation) is IInvocationOperation call ? AwaitedCallName(call) : "the awaited task";
            default:
                return null;
        }
    }

    /// <summary>The call an <c>await</c> waits for, looking through <c>.ConfigureAwait(false)</c>.</summary>
    private static string AwaitedCallName(IInvocationOperation call)
    {
        while (call.TargetMethod.Name == "ConfigureAwait" && Unwrap(call.Instance) is IInvocationOperation inner)
        {
            call = inner;
        }

        return call.TargetMethod.Name;
    }

    private static bool IsTaskOfResult(ITypeSymbol type, PolicyTypes types) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Task" or "ValueTask" } task
        && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
        && types.CarriesRefusal(task.TypeArguments[0]);

    /// <summary>Looks through implicit conversions and <c>w?.Close(actor)</c>, whose conditional access wraps the call.</summary>
    private static IOperation Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IConditionalAccessOperation conditional:
                    operation = conditional.WhenNotNull;
                    break;
                default:
                    return operation!;
            }
        }
    }

    private static bool IsRead(ILocalSymbol local, IOperation at) => PolicyUsage.Reads(local, at).Any();
}
