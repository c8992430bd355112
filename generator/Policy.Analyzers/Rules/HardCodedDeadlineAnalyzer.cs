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
/// uses, when the duration goes into the policy's own API or a scheduling call (<see cref="FlowsIntoPolicy"/>). The
/// generated <c>Durations</c> constants follow the policy when it changes; the number does not. An equal duration used
/// for something else (a cache lifetime, a retry delay) is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedDeadlineAnalyzer : PolicyRuleAnalyzer
{
    private static readonly SymbolDisplayFormat MemberFormat = PolicyOptions.TypeFormat;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.HardCodedDeadline);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models)
    {
        var candidates = new Candidates();
        RegisterOperationAction(start, models, (operation, cache) => Analyze(operation, cache, candidates), OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, PolicyModelCache models, Candidates candidates)
    {
        var operation = context.Operation;
        if (models.Types.TimeSpan is null || ConstantTimeSpan(operation, models.Types) is not { } value)
        {
            return;
        }

        // Only now, with a constant duration in hand, which workflows does the surrounding block use?
        List<Candidate>? matches = null;
        foreach (var workflow in PolicyUsage.WorkflowsUsed(PolicyUsage.Root(operation), models))
        {
            foreach (var candidate in candidates.For(workflow, models.Types))
            {
                if (candidate.Value == value)
                {
                    (matches ??= new List<Candidate>()).Add(candidate);
                }
            }
        }

        if (matches is null || !FlowsIntoPolicy(operation, models))
        {
            return;
        }

        var first = matches[0];
        var replacements = matches.Count == 1 ? first.Replacement : string.Join(PolicyDiagnostics.ListSeparator.ToString(), matches.Select(m => m.Replacement).OfType<string>());
        var properties = string.IsNullOrEmpty(replacements)
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(PolicyDiagnostics.ReplacementMembersProperty, replacements);
        context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.HardCodedDeadline, context.Options), operation.Syntax.GetLocation(), properties, first.What, first.Workflow.PolicyName, first.Text, first.Use));
    }

    /// <summary>
    /// True when the duration is used, directly or through arithmetic, <c>?:</c> and a local, as a deadline would be:
    /// combined or compared with a time of the policy (<c>deadline.DueAt + …</c>, <c>now - workflow.OpenedAt &gt; …</c>),
    /// passed to the policy's API (the runtime or a generated workflow), assigned to a member of one, or passed to a
    /// scheduling call (<c>Task.Delay</c>, timers, <c>TimeProvider</c>, <c>CancelAfter</c>, any method named
    /// <c>…Schedule…</c>).
    /// </summary>
    private static bool FlowsIntoPolicy(IOperation duration, PolicyModelCache models)
    {
        foreach (var (operand, user) in ValueFlow.Uses(duration, (child, parent) => PassesOnAsTime(child, parent, models)))
        {
            switch (user)
            {
                case IBinaryOperation binary when PolicyUsage.DrivesWorkflows(Other(binary, operand), models):
                    return true;
                case IArgumentOperation argument when ValueFlow.Receiver(argument) is { } method && (IsPolicyApi(method.ContainingType, models) || IsScheduling(method)):
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation { Instance: { } instance } } when PolicyUsage.DrivesWorkflows(instance, models):
                    return true;
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } when IsPolicyApi(member.Member.ContainingType, models):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Arithmetic on times that does not involve the policy carries the duration on: <c>now + …</c>, <c>… * 2</c>, <c>now.Add(…)</c>.</summary>
    private static bool PassesOnAsTime(IOperation child, IOperation parent, PolicyModelCache models) => parent switch
    {
        IBinaryOperation binary => !PolicyUsage.DrivesWorkflows(Other(binary, child), models),
        IArgumentOperation { Parent: IInvocationOperation { Instance: { } instance } invocation } => IsTimeType(invocation.TargetMethod.ContainingType) && !PolicyUsage.DrivesWorkflows(instance, models),
        IInvocationOperation invocation => IsTimeType(invocation.TargetMethod.ContainingType) && (child is IArgumentOperation || invocation.Instance == child),
        _ => false,
    };

    private static IOperation Other(IBinaryOperation binary, IOperation operand) => binary.LeftOperand == operand ? binary.RightOperand : binary.LeftOperand;

    private static bool IsTimeType(INamedTypeSymbol? type) => type is { ContainingNamespace.Name: "System", Name: "DateTime" or "DateTimeOffset" or "TimeSpan" };

    private static bool IsPolicyApi(ITypeSymbol? type, PolicyModelCache models) => PolicyTypes.IsRuntimeType(type) || models.WorkflowOwning(type) is not null;

    private static bool IsScheduling(IMethodSymbol method) => method.ContainingType switch
    {
        { ContainingNamespace.Name: "Tasks", Name: "Task" or "TimeProviderTaskExtensions" } => true,
        { ContainingNamespace.Name: "Threading", Name: "Timer" or "ITimer" or "PeriodicTimer" or "CancellationTokenSource" } => true,
        { ContainingNamespace.Name: "System", Name: "TimeProvider" } => true,
        _ => method.Name.IndexOf("Schedule", StringComparison.Ordinal) >= 0,
    };

    /// <summary>Each workflow's fixed durations, worked out once per compilation.</summary>
    private sealed class Candidates
    {
        private readonly ConcurrentDictionary<WorkflowModel, ImmutableArray<Candidate>> _byWorkflow = new();

        public ImmutableArray<Candidate> For(WorkflowModel workflow, PolicyTypes types) =>
            _byWorkflow.TryGetValue(workflow, out var candidates) ? candidates : _byWorkflow.GetOrAdd(workflow, Durations(workflow, types).ToImmutableArray());
    }

    /// <summary>
    /// A fixed duration of a policy; what to use instead, as the message says it; and the generated member that holds it
    /// as a <c>TimeSpan</c>, if any, by the name the code fix finds it by (<see cref="MetadataName"/>, then the member).
    /// Worked out once per workflow, not per warning.
    /// </summary>
    private sealed class Candidate
    {
        public Candidate(WorkflowModel workflow, string what, string text, TimeSpan value, IPropertySymbol? member, string instead)
        {
            (Workflow, What, Text, Value) = (workflow, what, text, value);
            Use = member is null ? instead : member.ContainingType.ToDisplayString(MemberFormat) + "." + member.Name;
            Replacement = member is null ? null : MetadataName(member.ContainingType) + "." + member.Name;
        }

        public WorkflowModel Workflow { get; }

        public string What { get; }

        public string Text { get; }

        public TimeSpan Value { get; }

        public string Use { get; }

        public string? Replacement { get; }
    }

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
