using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// What every Policy rule does alike: runs concurrently, does nothing in a compilation that does not reference the
/// Policy runtime, shares one <see cref="PolicyModelCache"/> per compilation with the other rules (so the generated
/// attributes are read once, not once per rule), and skips generated code.
/// </summary>
/// <remarks>
/// Generated code is skipped by the rule, not left to the compiler: the compiler runs the rules on it
/// (<see cref="GeneratedCodeAnalysisFlags.Analyze"/> and <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/>) and
/// <see cref="RegisterOperationAction"/> returns at once when <c>context.IsGeneratedCode</c> (a file marked
/// <c>&lt;auto-generated&gt;</c> or named as generated, such as the policy generator's <c>*.g.cs</c>, or code under a
/// <c>[GeneratedCode]</c> attribute). Left to the
/// compiler, a rule costs several times as much on code that breaks it, because the compiler then works out for each
/// warning whether it falls in generated code, looking through the declarations of its file; see docs/performance.md.
/// A rule that reports rarely and records declarations (POL1007) overrides <see cref="GeneratedCode"/> to leave it to
/// the compiler after all.
/// </remarks>
public abstract class PolicyRuleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>How the compiler treats generated code for this rule.</summary>
    private protected virtual GeneratedCodeAnalysisFlags GeneratedCode => GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode);
        context.RegisterCompilationStartAction(start =>
        {
            if (PolicyModelCache.For(start.Compilation) is { } models)
            {
                Start(start, models);
            }
        });
    }

    /// <summary>Registers the rule's actions in a compilation that references the Policy runtime.</summary>
    private protected abstract void Start(CompilationStartAnalysisContext start, PolicyModelCache models);

    /// <summary>Registers <paramref name="action"/> for operations of the given kinds outside generated code.</summary>
    private protected static void RegisterOperationAction(CompilationStartAnalysisContext start, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        start.RegisterOperationAction(
            context =>
            {
                if (!context.IsGeneratedCode)
                {
                    action(context);
                }
            },
            kinds);
}
