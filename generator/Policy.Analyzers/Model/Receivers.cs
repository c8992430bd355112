using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>Whether two expressions name the same workflow: the same local, parameter, <c>this</c>, or field or property of it.</summary>
internal static class Receivers
{
    public static bool Same(IOperation? left, IOperation? right)
    {
        left = Unwrap(left);
        right = Unwrap(right);
        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation a, IInstanceReferenceOperation b) => a.ReferenceKind == b.ReferenceKind,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameInstance(a.Instance, b.Instance),
            (IPropertyReferenceOperation a, IPropertyReferenceOperation b) => a.Arguments.IsEmpty && b.Arguments.IsEmpty
                && SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameInstance(a.Instance, b.Instance),
            _ => false,
        };
    }

    /// <summary>True for an expression whose identity <see cref="Same"/> can judge.</summary>
    public static bool IsTrackable(IOperation? operation) => Unwrap(operation) switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsTrackable(field.Instance),
        IPropertyReferenceOperation property => property.Arguments.IsEmpty && (property.Instance is null || IsTrackable(property.Instance)),
        _ => false,
    };

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool SameInstance(IOperation? a, IOperation? b) => a is null ? b is null : b is not null && Same(a, b);
}
