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
/// <para>
/// At compilation start a rule only looks at the names of the compilation's references
/// (<see cref="PolicyTypes.MayReferenceRuntime"/>); the runtime's types are resolved when a callback first needs them
/// (<see cref="PolicyModelCache.Deferred"/>). Resolving a type by name at compilation start makes the compiler merge
/// every file's declarations and bind the references there and then, work it would do anyway but which is then charged
/// to the rule that asked first, while the others wait for it: 0.2 to 0.7 s of the 1,000-file corpus's build. By the
/// first operation or symbol callback the compiler has done that work, and the lookup costs next to nothing.
/// </para>
/// <para>
/// Generated code is skipped by the rule, not left to the compiler: the compiler runs the rules on it
/// (<see cref="GeneratedCodeAnalysisFlags.Analyze"/> and <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/>) and
/// <see cref="RegisterOperationAction"/> returns at once when <c>context.IsGeneratedCode</c> (a file marked
/// <c>&lt;auto-generated&gt;</c> or named as generated, such as the policy generator's <c>*.g.cs</c>, or code under a
/// <c>[GeneratedCode]</c> attribute), except for the C# that Razor writes from the developer's own code in a
/// <c>.razor</c> or <c>.cshtml</c> file (<see cref="RazorCode"/>). Left to the
/// compiler, a rule costs several times as much on code that breaks it, because the compiler then works out for each
/// warning whether it falls in generated code, looking through the declarations of its file; see docs/performance.md.
/// A rule may override <see cref="GeneratedCode"/> to leave it to the compiler after all.
/// </para>
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
            if (PolicyModelCache.Deferred(start.Compilation) is { } models)
            {
                Start(start, models);
            }
        });
    }

    /// <summary>
    /// Registers the rule's actions in a compilation that may reference the Policy runtime. The value of
    /// <paramref name="models"/>, read in a callback, is null when it turns out not to (the runtime's types are
    /// missing): the rule then does nothing.
    /// </summary>
    private protected abstract void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models);

    /// <summary>Registers <paramref name="action"/> for operations of the given kinds outside generated code (Razor files' own code included).</summary>
    private protected static void RegisterOperationAction(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models, Action<OperationAnalysisContext, PolicyModelCache> action, params OperationKind[] kinds) =>
        start.RegisterOperationAction(
            context =>
            {
                if (RazorCode.IsAnalysed(context.Operation.Syntax, context.IsGeneratedCode) && models.Value is { } cache)
                {
                    action(context, cache);
                }
            },
            kinds);
}
