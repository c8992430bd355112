using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1003: <c>DateTime.Now</c>, <c>UtcNow</c>, <c>Today</c> and <c>DateTimeOffset.Now</c>, <c>UtcNow</c> in a method
/// that also uses a workflow or the Policy runtime. Such code must take the time from a <c>TimeProvider</c>, as the
/// runtime does, or simulated-clock tests and replays disagree with it. A read whose value only goes to logging, tracing
/// or metrics (<see cref="IsTelemetry"/>) is not flagged: a log line's time stamp decides nothing about a case.
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
        if (!IsClockRead(read.Property, models.Types) || !PolicyUsage.DrivesWorkflows(PolicyUsage.Root(read), models) || OnlyFeedsTelemetry(read))
        {
            return;
        }

        var name = read.Property.ContainingType.Name + "." + read.Property.Name;
        context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.WallClock, context.Options), read.Syntax.GetLocation(), name));
    }

    /// <summary>True when every use of the clock's value, through formatting, arithmetic and locals, is an argument of a telemetry call.</summary>
    private static bool OnlyFeedsTelemetry(IOperation read)
    {
        var uses = ValueFlow.Uses(read, PassesOnToTelemetry);
        foreach (var (_, user) in uses)
        {
            if (user is not IArgumentOperation argument || ValueFlow.Receiver(argument) is not { } method || !IsTelemetry(method))
            {
                return false;
            }
        }

        return uses.Count > 0;
    }

    /// <summary>What turns a time into what a log line or a tag holds: formatting, arithmetic, interpolation, a params array, a tag pair.</summary>
    private static bool PassesOnToTelemetry(IOperation child, IOperation parent) => parent switch
    {
        IInterpolationOperation or IInterpolatedStringOperation or IBinaryOperation or IArrayInitializerOperation or IArrayCreationOperation => true,
        IPropertyReferenceOperation property => property.Instance == child,
        IInvocationOperation invocation => invocation.Instance == child && invocation.TargetMethod.ContainingType is { ContainingNamespace.Name: "System", Name: "DateTime" or "DateTimeOffset" or "TimeSpan" or "String" },
        IArgumentOperation { Parent: IObjectCreationOperation creation } => IsTag(creation.Type),
        IObjectCreationOperation creation => IsTag(creation.Type),
        _ => false,
    };

    private static bool IsTag(ITypeSymbol? type) => type is INamedTypeSymbol { Name: "KeyValuePair", ContainingNamespace: { Name: "Generic", ContainingNamespace.Name: "Collections" } };

    /// <summary>
    /// A logging, tracing or metrics call: <c>ILogger</c> and its extensions, <c>[LoggerMessage]</c> methods and
    /// <c>LoggerMessage.Define</c> delegates, <c>Activity</c> and its events and tags, <c>System.Diagnostics.Metrics</c>
    /// instruments, <c>EventSource</c>, <c>Debug</c>, <c>Trace</c> and <c>Console.Write…</c>.
    /// </summary>
    internal static bool IsTelemetry(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        switch (type.ContainingNamespace?.ToDisplayString())
        {
            case "Microsoft.Extensions.Logging" or "System.Diagnostics.Metrics" or "System.Diagnostics.Tracing":
                return true;
            case "System.Diagnostics" when type.Name is "Activity" or "ActivityEvent" or "ActivitySource" or "ActivityLink" or "ActivityTagsCollection" or "TagList" or "Debug" or "Trace" or "TraceSource":
                return true;
            case "System" when type.Name == "Console" && method.Name.StartsWith("Write", StringComparison.Ordinal):
                return true;
        }

        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            return method.Parameters.Length > 0 && method.Parameters[0].Type is { Name: "ILogger" } logger && logger.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging";
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LoggerMessageAttribute" } attributeClass && attributeClass.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging")
            {
                return true;
            }
        }

        return false;
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
