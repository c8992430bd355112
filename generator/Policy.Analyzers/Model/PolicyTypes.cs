using Microsoft.CodeAnalysis;

namespace Policy.Analyzers.Model;

/// <summary>
/// The runtime and BCL types the rules look for, resolved once per compilation. <see cref="TryCreate"/> fails when
/// the compilation does not reference the Policy runtime, and then no rule registers anything.
/// </summary>
internal sealed class PolicyTypes
{
    public const string RuntimeNamespace = "Policy.Runtime";
    public const string GeneratorName = "Policy.Generator";

    /// <summary>The runtime's assembly name, which is also its file name (<c>Policy.Runtime.dll</c>) in the package and the build.</summary>
    public const string RuntimeAssemblyName = "Policy.Runtime";

    private PolicyTypes(Compilation compilation, INamedTypeSymbol actionResult, INamedTypeSymbol workflowOfState, INamedTypeSymbol workflowAttribute, INamedTypeSymbol actionAttribute, INamedTypeSymbol actsAsRoleAttribute)
    {
        ActionResult = actionResult;
        WorkflowOfState = workflowOfState;
        WorkflowAttribute = workflowAttribute;
        ActionAttribute = actionAttribute;
        ActsAsRoleAttribute = actsAsRoleAttribute;
        DeadlineAttribute = compilation.GetTypeByMetadataName("Policy.Runtime.Annotations.PolicyDeadlineAttribute");
        SettingAttribute = compilation.GetTypeByMetadataName("Policy.Runtime.Annotations.PolicySettingAttribute");
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        DateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        TimeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
        CaseResult = compilation.GetTypeByMetadataName("Policy.Runtime.Cases.CaseResult");
        Actor = compilation.GetTypeByMetadataName("Policy.Runtime.Workflows.Actor");
    }

    /// <summary><c>Policy.Runtime.Workflows.ActionResult</c>: what every action, signal and override returns.</summary>
    public INamedTypeSymbol ActionResult { get; }

    /// <summary><c>PolicyWorkflow&lt;TState&gt;</c>, the generated workflows' base.</summary>
    public INamedTypeSymbol WorkflowOfState { get; }

    public INamedTypeSymbol WorkflowAttribute { get; }

    public INamedTypeSymbol ActionAttribute { get; }

    public INamedTypeSymbol? DeadlineAttribute { get; }

    public INamedTypeSymbol? SettingAttribute { get; }

    public INamedTypeSymbol ActsAsRoleAttribute { get; }

    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol DateTime { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? TimeProvider { get; }

    /// <summary><c>Policy.Runtime.Cases.CaseResult</c>: what <c>CaseService</c> returns for a change to a stored case.</summary>
    public INamedTypeSymbol? CaseResult { get; }

    /// <summary><c>Policy.Runtime.Workflows.Actor</c>: the officer an action is performed by.</summary>
    public INamedTypeSymbol? Actor { get; }

    /// <summary>True for the runtime's results that carry a refusal: <c>ActionResult</c> and <c>CaseResult</c>.</summary>
    public bool CarriesRefusal(ITypeSymbol? type) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, ActionResult) || SymbolEqualityComparer.Default.Equals(type, CaseResult));

    public static bool TryCreate(Compilation compilation, out PolicyTypes types)
    {
        var actionResult = compilation.GetTypeByMetadataName("Policy.Runtime.Workflows.ActionResult");
        var workflowOfState = compilation.GetTypeByMetadataName("Policy.Runtime.Workflows.PolicyWorkflow`1");
        var workflowAttribute = compilation.GetTypeByMetadataName("Policy.Runtime.Annotations.PolicyWorkflowAttribute");
        var actionAttribute = compilation.GetTypeByMetadataName("Policy.Runtime.Annotations.PolicyActionAttribute");
        var actsAs = compilation.GetTypeByMetadataName("Policy.Runtime.Annotations.ActsAsRoleAttribute");
        if (actionResult is null || workflowOfState is null || workflowAttribute is null || actionAttribute is null || actsAs is null)
        {
            types = null!;
            return false;
        }

        types = new PolicyTypes(compilation, actionResult, workflowOfState, workflowAttribute, actionAttribute, actsAs);
        return true;
    }

    /// <summary>
    /// False when no reference of the compilation can be the Policy runtime, judged by names alone: a file reference
    /// named <c>Policy.Runtime.dll</c>, a project reference to an assembly named <c>Policy.Runtime</c>, or the runtime
    /// itself. A reference whose name cannot be told (an image in memory) counts as maybe. Nothing is resolved or bound,
    /// so it costs nothing in a compilation start action; <see cref="TryCreate"/> decides for certain later.
    /// </summary>
    public static bool MayReferenceRuntime(Compilation compilation)
    {
        if (compilation.AssemblyName == RuntimeAssemblyName)
        {
            return true;
        }

        // ExternalReferences, not References: the latter also lists #r directives, which would resolve the references.
        foreach (var reference in compilation.ExternalReferences)
        {
            var named = reference switch
            {
                CompilationReference project => project.Compilation.AssemblyName,
                PortableExecutableReference { FilePath: { Length: > 0 } path } => FileNameWithoutExtension(path),
                _ => null,
            };

            if (named is null || string.Equals(named, RuntimeAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string FileNameWithoutExtension(string path)
    {
        // Either separator, whatever the machine: a path from another one may arrive through a workspace.
        var start = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1;
        var end = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? path.Length - 4 : path.Length;
        return end > start ? path.Substring(start, end - start) : string.Empty;
    }

    /// <summary>True for a type deriving from <c>PolicyWorkflow&lt;TState&gt;</c> (every generated workflow).</summary>
    public bool IsWorkflow(ITypeSymbol? type)
    {
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, WorkflowOfState))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a type in <c>Policy.Runtime</c> or one of its namespaces.</summary>
    public static bool IsRuntimeType(ITypeSymbol? type)
    {
        var ns = type?.ContainingNamespace;
        if (ns is null || ns.IsGlobalNamespace)
        {
            return false;
        }

        // Walk up to the top-level namespace, remembering the one just below it: Policy.Runtime.Workflows → (Policy, Runtime).
        INamespaceSymbol? secondLevel = null;
        while (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            secondLevel = ns;
            ns = parent;
        }

        return ns.Name == "Policy" && secondLevel?.Name == "Runtime";
    }

    /// <summary>True when <paramref name="symbol"/> carries <c>[GeneratedCode("Policy.Generator", …)]</c>.</summary>
    public bool IsGeneratedByPolicy(ISymbol symbol)
    {
        if (GeneratedCodeAttribute is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, GeneratedCodeAttribute)
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is GeneratorName)
            {
                return true;
            }
        }

        return false;
    }

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
