using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1003: <c>DateTime.Now</c>, <c>UtcNow</c>, <c>Today</c> and <c>DateTimeOffset.Now</c>, <c>UtcNow</c> in a method
/// that also uses a workflow or the Policy runtime. Such code must take the time from a <c>TimeProvider</c>, as the
/// runtime does, or simulated-clock tests and replays disagree with it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WallClockAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.WallClock);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models) =>
        RegisterOperationAction(start, models, AnalyzeRead, OperationKind.PropertyReference);

    private static void AnalyzeRead(OperationAnalysisContext context, PolicyModelCache models)
    {
        var read = (IPropertyReferenceOperation)context.Operation;
        if (!IsClockRead(read.Property, models.Types) || !PolicyUsage.DrivesWorkflows(PolicyUsage.Root(read), models))
        {
            return;
        }

        var name = read.Property.ContainingType.Name + "." + read.Property.Name;
        context.ReportDiagnostic(Diagnostic.Create(PolicyDiagnostics.WallClock, read.Syntax.GetLocation(), name));
    }

    /// <summary>
    /// What the code fix writes after a <c>TimeProvider</c> in place of each clock property: the same kind of value
    /// (a <c>DateTime</c> stays a <c>DateTime</c>, local time stays local).
    /// </summary>
    internal static string? TimeProviderReplacement(string type, string property) => (type, property) switch
    {
        ("DateTimeOffset", "UtcNow") => "GetUtcNow()",
        ("DateTimeOffset", "Now") => "GetLocalNow()",
        ("DateTime", "UtcNow") => "GetUtcNow().UtcDateTime",
        ("DateTime", "Now") => "GetLocalNow().DateTime",
        ("DateTime", "Today") => "GetLocalNow().Date",
        _ => null,
    };

    internal static bool IsClockRead(IPropertySymbol property, PolicyTypes types)
    {
        // The name first: it rules out nearly every property without touching a symbol.
        if (property.Name is not ("Now" or "UtcNow" or "Today") || !property.IsStatic)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(property.ContainingType, types.DateTime))
        {
            return property.Name is "Now" or "UtcNow" or "Today";
        }

        return SymbolEqualityComparer.Default.Equals(property.ContainingType, types.DateTimeOffset) && property.Name is "Now" or "UtcNow";
    }
}
