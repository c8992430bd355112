using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Policy.Analyzers.Model;

/// <summary>
/// The roles code declares it acts in with the generated <c>[Workflow.ActsAs{Role}]</c> attributes: those on the
/// method, else those on the nearest containing type that has any (base types included: the attributes inherit).
/// </summary>
internal static class ActingRoles
{
    private const string Prefix = "ActsAs";
    private const string Suffix = "Attribute";

    public static ImmutableArray<string> For(ISymbol? member, WorkflowModel workflow, PolicyTypes types)
    {
        if (member is null)
        {
            return ImmutableArray<string>.Empty;
        }

        if (member is IMethodSymbol or IPropertySymbol or IEventSymbol)
        {
            var onMember = Declared(member, workflow, types);
            if (!onMember.IsEmpty)
            {
                return onMember;
            }

            // An accessor's attributes are the property's business as much as its own.
            if (member is IMethodSymbol { AssociatedSymbol: { } associated })
            {
                onMember = Declared(associated, workflow, types);
                if (!onMember.IsEmpty)
                {
                    return onMember;
                }
            }
        }

        for (var type = member as INamedTypeSymbol ?? member.ContainingType; type is not null; type = type.ContainingType)
        {
            for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
            {
                var onType = Declared(declaring, workflow, types);
                if (!onType.IsEmpty)
                {
                    return onType;
                }
            }
        }

        return ImmutableArray<string>.Empty;
    }

    private static ImmutableArray<string> Declared(ISymbol symbol, WorkflowModel workflow, PolicyTypes types)
    {
        var roles = ImmutableArray<string>.Empty;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Role(attribute.AttributeClass, workflow, types) is { } role)
            {
                roles = roles.Add(role);
            }
        }

        return roles;
    }

    /// <summary>The role of a generated <c>ActsAs{Role}Attribute</c> nested in the workflow class, or null.</summary>
    private static string? Role(INamedTypeSymbol? attribute, WorkflowModel workflow, PolicyTypes types)
    {
        if (attribute is null
            || !SymbolEqualityComparer.Default.Equals(attribute.ContainingType, workflow.Type)
            || !PolicyTypes.DerivesFrom(attribute.BaseType, types.ActsAsRoleAttribute))
        {
            return null;
        }

        var name = attribute.Name;
        return name.Length > Prefix.Length + Suffix.Length && name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)
            ? name.Substring(Prefix.Length, name.Length - Prefix.Length - Suffix.Length)
            : null;
    }
}
