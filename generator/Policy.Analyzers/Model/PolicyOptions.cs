using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>
/// The options of a generated type a switch can cover: the members of a policy's state enum or of a choice without
/// data (an enum nested in the workflow class), or the nested option records of a choice with data (a closed
/// hierarchy: an abstract record with a private constructor).
/// </summary>
internal sealed class PolicyOptions
{
    /// <summary>Shows a type with the types it is nested in, as a policy's code refers to it: <c>Referral.Decision</c>.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = new(typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes);

    private PolicyOptions(INamedTypeSymbol type, bool isRecord, ImmutableArray<ISymbol> options)
    {
        Type = type;
        IsRecord = isRecord;
        Options = options;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>True for a choice with data, whose options are nested records matched by type.</summary>
    public bool IsRecord { get; }

    /// <summary>Enum fields, or the option record types, in declaration order.</summary>
    public ImmutableArray<ISymbol> Options { get; }

    /// <summary>The options of a policy's state enum or choice; null for any other type.</summary>
    public static PolicyOptions? For(ITypeSymbol? type, PolicyModelCache models)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            var isPolicyEnum = named.ContainingType is null ? models.Types.IsGeneratedByPolicy(named) : models.Workflow(named.ContainingType) is not null;
            if (!isPolicyEnum)
            {
                return null;
            }

            var fields = named.GetMembers().Where(m => m is IFieldSymbol { HasConstantValue: true }).ToImmutableArray();
            return new PolicyOptions(named, isRecord: false, fields);
        }

        if (named is { TypeKind: TypeKind.Class, IsRecord: true, IsAbstract: true }
            && named.InstanceConstructors.All(c => c.DeclaredAccessibility == Accessibility.Private || IsCopyConstructor(c, named))
            && models.Workflow(named.ContainingType) is not null)
        {
            var records = named.GetTypeMembers()
                .Where(t => t.IsSealed && SymbolEqualityComparer.Default.Equals(t.BaseType, named))
                .Cast<ISymbol>()
                .ToImmutableArray();
            return records.IsEmpty ? null : new PolicyOptions(named, isRecord: true, records);
        }

        return null;
    }

    /// <summary>The protected constructor every record has for <c>with</c>; it cannot make a new option.</summary>
    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol record) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, record);

    public bool[] None() => new bool[Options.Length];

    public bool[] All()
    {
        var all = new bool[Options.Length];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = true;
        }

        return all;
    }

    /// <summary>Marks the options that <paramref name="value"/> (a constant of the enum) names.</summary>
    public void CoverConstant(IOperation value, bool[] covered)
    {
        if (IsRecord || !value.ConstantValue.HasValue || ToInt64(value.ConstantValue.Value) is not { } constant)
        {
            return;
        }

        for (var i = 0; i < Options.Length; i++)
        {
            if (ToInt64(((IFieldSymbol)Options[i]).ConstantValue) == constant)
            {
                covered[i] = true;
            }
        }
    }

    /// <summary>
    /// The options a pattern matches whatever their contents. Patterns it cannot judge cover nothing, except that a
    /// negated pattern covers what its operand does not fully cover: either way the rule errs towards silence.
    /// </summary>
    public bool[] CoveredBy(IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IDiscardPatternOperation:
                return All();
            case IConstantPatternOperation constant:
                {
                    var covered = None();
                    CoverConstant(constant.Value, covered);
                    return covered;
                }

            case IDeclarationPatternOperation declaration:
                return declaration.MatchesNull ? All() : ByType(declaration.MatchedType);
            case ITypePatternOperation type:
                return ByType(type.MatchedType);
            case IRecursivePatternOperation recursive:
                return recursive.DeconstructionSubpatterns.All(IsIrrefutable) && recursive.PropertySubpatterns.All(p => IsIrrefutable(p.Pattern))
                    ? ByType(recursive.MatchedType)
                    : None();
            case IRelationalPatternOperation relational:
                return ByRelation(relational);
            case IBinaryPatternOperation binary:
                {
                    var left = CoveredBy(binary.LeftPattern);
                    var right = CoveredBy(binary.RightPattern);
                    var or = binary.OperatorKind == BinaryOperatorKind.Or;
                    for (var i = 0; i < left.Length; i++)
                    {
                        left[i] = or ? left[i] || right[i] : left[i] && right[i];
                    }

                    return left;
                }

            case INegatedPatternOperation negated:
                {
                    var inner = CoveredBy(negated.Pattern);
                    for (var i = 0; i < inner.Length; i++)
                    {
                        inner[i] = !inner[i];
                    }

                    return inner;
                }

            default:
                return None();
        }
    }

    private static bool IsIrrefutable(IPatternOperation pattern) =>
        pattern is IDiscardPatternOperation || pattern is IDeclarationPatternOperation { MatchesNull: true };

    private bool[] ByType(ITypeSymbol? matched)
    {
        if (matched is null || matched.SpecialType == SpecialType.System_Object || PolicyTypes.DerivesFrom(Type, matched as INamedTypeSymbol))
        {
            return All();
        }

        var covered = None();
        if (IsRecord)
        {
            for (var i = 0; i < Options.Length; i++)
            {
                covered[i] = PolicyTypes.DerivesFrom((ITypeSymbol)Options[i], matched as INamedTypeSymbol);
            }
        }

        return covered;
    }

    private bool[] ByRelation(IRelationalPatternOperation relational)
    {
        var covered = None();
        if (IsRecord || !relational.Value.ConstantValue.HasValue || ToInt64(relational.Value.ConstantValue.Value) is not { } bound)
        {
            return covered;
        }

        for (var i = 0; i < Options.Length; i++)
        {
            if (ToInt64(((IFieldSymbol)Options[i]).ConstantValue) is not { } value)
            {
                continue;
            }

            covered[i] = relational.OperatorKind switch
            {
                BinaryOperatorKind.LessThan => value < bound,
                BinaryOperatorKind.LessThanOrEqual => value <= bound,
                BinaryOperatorKind.GreaterThan => value > bound,
                BinaryOperatorKind.GreaterThanOrEqual => value >= bound,
                _ => false,
            };
        }

        return covered;
    }

    private static long? ToInt64(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        ushort us => us,
        uint ui => ui,
        ulong ul when ul <= long.MaxValue => (long)ul,
        _ => null,
    };

    /// <summary>The names of the options not covered, in declaration order.</summary>
    public ImmutableArray<string> Missing(bool[] covered)
    {
        var missing = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < Options.Length; i++)
        {
            if (!covered[i])
            {
                missing.Add(Options[i].Name);
            }
        }

        return missing.ToImmutable();
    }
}
