using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1004: <c>TimeSpan.FromDays(28)</c> (or <c>FromMinutes</c>, <c>FromHours</c>, <c>new TimeSpan(…)</c>) with
/// constant arguments, whose value is a fixed deadline or a duration setting's default of a workflow the same method
/// uses. The generated <c>Durations</c> constants follow the policy when it changes; the number does not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedDeadlineAnalyzer : PolicyRuleAnalyzer
{
    private static readonly SymbolDisplayFormat MemberFormat = PolicyOptions.TypeFormat;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.HardCodedDeadline);

    private protected override void Start(CompilationStartAnalysisContext start, PolicyModelCache models)
    {
        if (models.Types.TimeSpan is null)
        {
            return;
        }

        var candidates = new Candidates(models);
        RegisterOperationAction(start, operation => Analyze(operation, candidates), OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, Candidates candidates)
    {
        var operation = context.Operation;
        if (ConstantTimeSpan(operation, candidates.Models.Types) is not { } value)
        {
            return;
        }

        // Only now, with a constant duration in hand, which workflows does the surrounding block use?
        List<Candidate>? matches = null;
        foreach (var workflow in PolicyUsage.WorkflowsUsed(PolicyUsage.Root(operation), candidates.Models))
        {
            foreach (var candidate in candidates.For(workflow))
            {
                if (candidate.Value == value)
                {
                    (matches ??= new List<Candidate>()).Add(candidate);
                }
            }
        }

        if (matches is null)
        {
            return;
        }

        var first = matches[0];
        var members = matches.Where(m => m.Member is not null).Select(m => MetadataName(m.Member!.ContainingType) + "." + m.Member!.Name).ToList();
        var properties = members.Count == 0
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(PolicyDiagnostics.ReplacementMembersProperty, string.Join(PolicyDiagnostics.ListSeparator.ToString(), members));
        var use = first.Member is { } member ? member.ContainingType.ToDisplayString(MemberFormat) + "." + member.Name : first.Instead;
        context.ReportDiagnostic(Diagnostic.Create(PolicyDiagnostics.HardCodedDeadline, operation.Syntax.GetLocation(), properties, first.What, first.Workflow.PolicyName, first.Text, use));
    }

    /// <summary>Each workflow's fixed durations, worked out once per compilation.</summary>
    private sealed class Candidates
    {
        private readonly ConcurrentDictionary<WorkflowModel, ImmutableArray<Candidate>> _byWorkflow = new();

        public Candidates(PolicyModelCache models) => Models = models;

        public PolicyModelCache Models { get; }

        public ImmutableArray<Candidate> For(WorkflowModel workflow) =>
            _byWorkflow.GetOrAdd(workflow, w => Durations(w, Models.Types).ToImmutableArray());
    }

    /// <summary>A fixed duration of a policy, and the generated member that holds it as a <c>TimeSpan</c>, if any.</summary>
    private sealed record Candidate(WorkflowModel Workflow, string What, string Text, TimeSpan Value, IPropertySymbol? Member, string Instead);

    private static IEnumerable<Candidate> Durations(WorkflowModel workflow, PolicyTypes types)
    {
        var durations = workflow.DurationsClass;
        foreach (var deadline in workflow.Deadlines)
        {
            if (PolicyDuration.ToTimeSpan(deadline.Within) is { } value && deadline.DurationMember is { } name)
            {
                var member = TimeSpanProperty(durations, name + "TimeSpan", types);
                var instead = $"{workflow.Type.ToDisplayString(MemberFormat)}.Durations.{name}";
                yield return new Candidate(workflow, $"the deadline {deadline.Name}", deadline.Within, value, member, instead);
            }
        }

        foreach (var setting in workflow.Settings)
        {
            if (PolicyDuration.ToTimeSpan(setting.DefaultValue) is { } value)
            {
                var member = TimeSpanProperty(workflow.SettingDefaultsClass, setting.Name + "TimeSpan", types) ?? TimeSpanProperty(durations, setting.Name + "TimeSpan", types);
                var instead = $"the case's setting ({workflow.Type.ToDisplayString(MemberFormat)}.{setting.Name}), which a case may override";
                yield return new Candidate(workflow, $"the default of setting {setting.Name}", setting.DefaultValue, value, member, instead);
            }
        }
    }

    /// <summary>The name <c>Compilation.GetTypeByMetadataName</c> finds a type by: <c>Ns.Workflow+Durations</c>.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
            type = outer;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static IPropertySymbol? TimeSpanProperty(INamedTypeSymbol? type, string name, PolicyTypes types) =>
        type?.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(p => p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, types.TimeSpan));

    /// <summary>The value of <c>TimeSpan.FromX(constant…)</c> or <c>new TimeSpan(constant…)</c>; null otherwise.</summary>
    internal static TimeSpan? ConstantTimeSpan(IOperation operation, PolicyTypes types)
    {
        // The cheap tests first: this runs on every call and every 'new' in the compilation.
        var (method, arguments) = operation switch
        {
            IInvocationOperation invocation when invocation.TargetMethod.Name.StartsWith("From", StringComparison.Ordinal) && invocation.TargetMethod.IsStatic
                => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };
        if (method is null || arguments.IsEmpty || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.TimeSpan))
        {
            return null;
        }

        var ticks = 0m;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || ToDecimal(argument.Value.ConstantValue) is not { } amount || TicksPer(parameter.Name, method.Name) is not { } unit)
            {
                return null;
            }

            ticks += amount * unit;
        }

        return ticks > 0 && ticks <= long.MaxValue && ticks == decimal.Truncate(ticks) ? TimeSpan.FromTicks((long)ticks) : null;
    }

    private static long? TicksPer(string parameter, string method) => parameter switch
    {
        "days" => TimeSpan.TicksPerDay,
        "hours" => TimeSpan.TicksPerHour,
        "minutes" => TimeSpan.TicksPerMinute,
        "seconds" => TimeSpan.TicksPerSecond,
        "milliseconds" => TimeSpan.TicksPerMillisecond,
        "microseconds" => 10,
        "ticks" => 1,
        "value" => method switch
        {
            "FromDays" => TimeSpan.TicksPerDay,
            "FromHours" => TimeSpan.TicksPerHour,
            "FromMinutes" => TimeSpan.TicksPerMinute,
            "FromSeconds" => TimeSpan.TicksPerSecond,
            "FromMilliseconds" => TimeSpan.TicksPerMillisecond,
            "FromMicroseconds" => 10,
            "FromTicks" => 1,
            _ => null,
        },
        _ => null,
    };

    /// <summary>A numeric constant small enough that multiplying it by ticks per day cannot overflow.</summary>
    private static decimal? ToDecimal(Optional<object?> constant)
    {
        const double Limit = 1e15;
        if (!constant.HasValue)
        {
            return null;
        }

        return constant.Value switch
        {
            int i => i,
            short s => s,
            byte b => b,
            long l when Math.Abs((double)l) < Limit => l,
            double d when Math.Abs(d) < Limit => (decimal)d,
            float f when Math.Abs(f) < Limit => (decimal)f,
            decimal m when Math.Abs(m) < (decimal)Limit => m,
            _ => null,
        };
    }
}
