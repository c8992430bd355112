using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>
/// The roles of the <c>Actor</c> an action is called with, when the code says them at compile time: a
/// <c>new Actor(id, …)</c> whose roles are string constants (literals or the generated <c>Roles.*</c> constants),
/// passed directly or through a local that is assigned only where it is declared.
/// </summary>
internal static class GivenRoles
{
    /// <summary>The actor argument's roles; default when there is no actor argument or its roles are not known.</summary>
    public static ImmutableArray<string> Of(IInvocationOperation invocation, PolicyTypes types) => Of(invocation, types, out _);

    /// <summary>As <see cref="Of(IInvocationOperation, PolicyTypes)"/>, with the <c>new Actor(…)</c> that gives them.</summary>
    public static ImmutableArray<string> Of(IInvocationOperation invocation, PolicyTypes types, out IObjectCreationOperation? creation)
    {
        creation = null;
        if (types.Actor is null)
        {
            return default;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.Actor))
            {
                return Known(argument.Value, invocation, types, out creation);
            }
        }

        return default;
    }

    private static ImmutableArray<string> Known(IOperation value, IOperation at, PolicyTypes types, out IObjectCreationOperation? creation)
    {
        creation = null;
        value = Receivers.Unwrap(value)!;
        if (value is ILocalReferenceOperation local && OnlyValue(local.Local, at) is { } initial)
        {
            value = Receivers.Unwrap(initial)!;
        }

        if (value is IObjectCreationOperation created && SymbolEqualityComparer.Default.Equals(created.Type, types.Actor))
        {
            var roles = FromConstructor(created);
            creation = roles.IsDefault ? null : created;
            return roles;
        }

        return default;
    }

    /// <summary><c>new Actor("id", "OIC", Roles.SOIT)</c> or <c>new Actor("id", new[] { … })</c> with constant roles.</summary>
    private static ImmutableArray<string> FromConstructor(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name != "roles")
            {
                continue;
            }

            if (Receivers.Unwrap(argument.Value) is not IArrayCreationOperation array)
            {
                return default;
            }

            var roles = ImmutableArray.CreateBuilder<string>();
            foreach (var element in array.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty)
            {
                if (element.ConstantValue is not { HasValue: true, Value: string role })
                {
                    return default;
                }

                roles.Add(role);
            }

            return array.Initializer is null && !array.DimensionSizes.All(size => size.ConstantValue is { HasValue: true, Value: 0 })
                ? default
                : roles.ToImmutable();
        }

        return default;
    }

    /// <summary>
    /// The initializer of a local that nothing else writes in the executable block around <paramref name="at"/>
    /// (no assignment, no <c>ref</c> or <c>out</c>); null otherwise.
    /// </summary>
    private static IOperation? OnlyValue(ILocalSymbol local, IOperation at)
    {
        IOperation? initial = null;
        foreach (var operation in PolicyUsage.Root(at).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initial = (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value;
                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWritten(reference):
                    return null;
            }
        }

        return initial;
    }

    private static bool IsWritten(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,

        // A deconstruction's target (or a tuple that reads it): either way, not a value to count on.
        ITupleOperation => true,
        _ => reference.IsDeclaration,
    };
}
