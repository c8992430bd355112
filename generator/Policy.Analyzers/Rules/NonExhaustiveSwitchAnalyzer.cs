using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1002: a switch statement over a policy's state enum or a choice, with no default, that leaves options unhandled.
/// Cases with <c>when</c> guards do not count: they may not match. When the policy owner adds a state, every such switch
/// is flagged.
/// </summary>
/// <remarks>
/// A switch <em>expression</em> that leaves an option out already gets the compiler's own CS8509 (for an enum, and
/// for a choice's records, whose hierarchy the compiler cannot know is closed), so the rule does not repeat it; the code
/// fix adds the missing arms for CS8509 on a policy's type all the same, from <see cref="MissingArms"/>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonExhaustiveSwitchAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.NonExhaustiveSwitch);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models)
    {
        RegisterOperationAction(start, models, AnalyzeStatement, OperationKind.Switch);
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

    /// <summary>The options of a policy's type that a switch expression's unguarded arms leave out; empty for any other switch.</summary>
    internal static ImmutableArray<string> MissingArms(ISwitchExpressionOperation switchOperation, PolicyModelCache models)
    {
        if (models.Options(switchOperation.Value.Type) is not { } options)
        {
            return ImmutableArray<string>.Empty;
        }

        var covered = options.None();
        foreach (var arm in switchOperation.Arms)
        {
            if (arm.Guard is null)
            {
                Merge(covered, options.CoveredBy(arm.Pattern));
            }
        }

        return options.Missing(covered);
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
            HelpLinks.For(PolicyDiagnostics.NonExhaustiveSwitch, context.Options),
            location,
            properties,
            options.Type.ToDisplayString(PolicyOptions.TypeFormat),
            string.Join(", ", missing)));
    }
}
