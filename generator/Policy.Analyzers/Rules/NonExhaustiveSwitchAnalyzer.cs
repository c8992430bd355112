using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1002: a switch statement or expression over a policy's state enum or a choice, with no default or discard, that
/// leaves options unhandled. Cases with <c>when</c> guards do not count: they may not match. When the policy owner adds
/// a state, every such switch is flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonExhaustiveSwitchAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.NonExhaustiveSwitch);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models)
    {
        RegisterOperationAction(start, models, AnalyzeStatement, OperationKind.Switch);
        RegisterOperationAction(start, models, AnalyzeExpression, OperationKind.SwitchExpression);
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, PolicyModelCache models)
    {
        var switchOperation = (ISwitchOperation)context.Operation;
        if (models.Options(switchOperation.Value.Type) is not { } options || switchOperation.Syntax is not SwitchStatementSyntax syntax)
        {
            return;
        }

        var covered = options.None();
        foreach (var section in switchOperation.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        return;
                    case ISingleValueCaseClauseOperation single:
                        options.CoverConstant(single.Value, covered);
                        break;
                    case IPatternCaseClauseOperation { Guard: null } pattern:
                        Merge(covered, options.CoveredBy(pattern.Pattern));
                        break;
                }
            }
        }

        Report(context, options, covered, syntax.SwitchKeyword.GetLocation());
    }

    private static void AnalyzeExpression(OperationAnalysisContext context, PolicyModelCache models)
    {
        var switchOperation = (ISwitchExpressionOperation)context.Operation;
        if (models.Options(switchOperation.Value.Type) is not { } options || switchOperation.Syntax is not SwitchExpressionSyntax syntax)
        {
            return;
        }

        var covered = options.None();
        foreach (var arm in switchOperation.Arms)
        {
            if (arm.Guard is null)
            {
                Merge(covered, options.CoveredBy(arm.Pattern));
            }
        }

        Report(context, options, covered, syntax.SwitchKeyword.GetLocation());
    }

    private static void Merge(bool[] covered, bool[] more)
    {
        for (var i = 0; i < covered.Length; i++)
        {
            covered[i] |= more[i];
        }
    }

    private static void Report(OperationAnalysisContext context, PolicyOptions options, bool[] covered, Location location)
    {
        var missing = options.Missing(covered);
        if (missing.IsEmpty)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(PolicyDiagnostics.MissingOptionsProperty, string.Join(PolicyDiagnostics.ListSeparator.ToString(), missing));
        context.ReportDiagnostic(Diagnostic.Create(
            PolicyDiagnostics.NonExhaustiveSwitch,
            location,
            properties,
            options.Type.ToDisplayString(PolicyOptions.TypeFormat),
            string.Join(", ", missing)));
    }
}
