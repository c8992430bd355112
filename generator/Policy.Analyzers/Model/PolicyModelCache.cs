using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Policy.Analyzers.Model;

/// <summary>
/// Reads the generated attributes once per symbol and compilation. Analyzer callbacks run concurrently, so the caches
/// are concurrent; a symbol that is not part of a policy is cached as null.
/// </summary>
internal sealed class PolicyModelCache
{
    private readonly ConcurrentDictionary<ITypeSymbol, WorkflowModel?> _workflows = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ActionModel?> _actions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, WorkflowModel?> _owners = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, PolicyOptions?> _options = new(SymbolEqualityComparer.Default);

    private static readonly ConditionalWeakTable<Compilation, Lazy<PolicyModelCache?>> ByCompilation = new();

    public PolicyModelCache(PolicyTypes types) => Types = types;

    public PolicyTypes Types { get; }

    /// <summary>
    /// The one cache of a compilation, shared by every rule and fix that analyses it; null when the compilation does not
    /// reference the Policy runtime. Kept only as long as the compilation is.
    /// </summary>
    public static PolicyModelCache? For(Compilation compilation) => Deferred(compilation)?.Value;

    /// <summary>
    /// The cache of <see cref="For"/>, made on first use: null at once when no reference of the compilation can be the
    /// Policy runtime (<see cref="PolicyTypes.MayReferenceRuntime"/>, which resolves nothing), else a value that
    /// resolves the runtime's types when first read, and is null if they are missing.
    /// </summary>
    public static Lazy<PolicyModelCache?>? Deferred(Compilation compilation) =>
        PolicyTypes.MayReferenceRuntime(compilation)
            ? ByCompilation.GetValue(compilation, static c => new Lazy<PolicyModelCache?>(() => PolicyTypes.TryCreate(c, out var types) ? new PolicyModelCache(types) : null, LazyThreadSafetyMode.ExecutionAndPublication))
            : null;

    /// <summary>The policy behind a generated workflow class, or null for any other type.</summary>
    public WorkflowModel? Workflow(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named)
        {
            return null;
        }

        if (!_workflows.TryGetValue(named, out var workflow))
        {
            // Callbacks race to read a type; all of them must get the one instance that is kept.
            workflow = _workflows.GetOrAdd(named, ReadWorkflow(named));
        }

        return workflow;
    }

    /// <summary>
    /// The workflow a type belongs to: the workflow class itself or one of the types generated inside it
    /// (<c>Durations</c>, a choice, an <c>ActsAs…</c> attribute).
    /// </summary>
    public WorkflowModel? WorkflowOwning(ITypeSymbol? type)
    {
        // Every operation's type is asked about, and nearly every answer is null: one lookup, not one per nesting level.
        if (type is null || type.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (!_owners.TryGetValue(type, out var owner))
        {
            owner = _owners.GetOrAdd(type, ReadOwner(type));
        }

        return owner;
    }

    private WorkflowModel? ReadOwner(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (Workflow(current) is { } workflow)
            {
                return workflow;
            }
        }

        return null;
    }

    /// <summary>The options of a policy's state enum or choice (see <see cref="PolicyOptions.For"/>), read once per type.</summary>
    public PolicyOptions? Options(ITypeSymbol? type)
    {
        if (type is null || (type.SpecialType != SpecialType.None && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T))
        {
            return null;
        }

        if (!_options.TryGetValue(type, out var options))
        {
            options = _options.GetOrAdd(type, PolicyOptions.For(type, this));
        }

        return options;
    }

    /// <summary>The action a generated <c>[PolicyAction]</c> method performs, or null for any other method.</summary>
    public ActionModel? Action(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.ReturnType.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (!_actions.TryGetValue(method, out var action))
        {
            action = _actions.GetOrAdd(method, ReadAction(method));
        }

        return action;
    }

    /// <summary>The action methods of a workflow named <paramref name="action"/> (the policy's name for it).</summary>
    public IEnumerable<IMethodSymbol> ActionMethods(WorkflowModel workflow, string action)
    {
        foreach (var member in workflow.Type.GetMembers())
        {
            if (member is IMethodSymbol method && Action(method) is { } model && model.Name == action)
            {
                yield return method;
            }
        }
    }

    private WorkflowModel? ReadWorkflow(INamedTypeSymbol type)
    {
        if (!Types.IsWorkflow(type))
        {
            return null;
        }

        string? policy = null;
        var deadlines = ImmutableArray.CreateBuilder<DeadlineModel>();
        var settings = ImmutableArray.CreateBuilder<SettingModel>();
        foreach (var attribute in type.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            var arguments = attribute.ConstructorArguments;
            if (SymbolEqualityComparer.Default.Equals(attributeClass, Types.WorkflowAttribute))
            {
                policy = Text(arguments, 0);
            }
            else if (SymbolEqualityComparer.Default.Equals(attributeClass, Types.DeadlineAttribute))
            {
                if (Text(arguments, 0) is { } name && Text(arguments, 2) is { } action)
                {
                    deadlines.Add(new DeadlineModel(name, Text(arguments, 1) ?? string.Empty, action, Text(arguments, 3) ?? string.Empty, NamedText(attribute, "DurationMember")));
                }
            }
            else if (SymbolEqualityComparer.Default.Equals(attributeClass, Types.SettingAttribute))
            {
                if (Text(arguments, 0) is { } name && Text(arguments, 1) is { } defaultValue)
                {
                    settings.Add(new SettingModel(name, defaultValue));
                }
            }
        }

        return policy is null ? null : new WorkflowModel(type, policy, deadlines.ToImmutable(), settings.ToImmutable());
    }

    private ActionModel? ReadAction(IMethodSymbol method)
    {
        if (!SymbolEqualityComparer.Default.Equals(method.ReturnType, Types.ActionResult) || Workflow(method.ContainingType) is not { } workflow)
        {
            return null;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, Types.ActionAttribute))
            {
                continue;
            }

            var arguments = attribute.ConstructorArguments;
            if (Text(arguments, 0) is not { } name)
            {
                return null;
            }

            return new ActionModel(name, Texts(arguments, 1), Texts(arguments, 2), workflow);
        }

        return null;
    }

    private static string? Text(ImmutableArray<TypedConstant> arguments, int index) =>
        index < arguments.Length && arguments[index].Kind == TypedConstantKind.Primitive ? arguments[index].Value as string : null;

    private static ImmutableArray<string> Texts(ImmutableArray<TypedConstant> arguments, int index)
    {
        if (index >= arguments.Length || arguments[index].Kind != TypedConstantKind.Array || arguments[index].IsNull)
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var value in arguments[index].Values)
        {
            if (value.Value is string text)
            {
                builder.Add(text);
            }
        }

        return builder.ToImmutable();
    }

    private static string? NamedText(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Primitive)
            {
                return argument.Value.Value as string;
            }
        }

        return null;
    }
}
