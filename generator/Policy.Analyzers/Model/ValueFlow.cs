using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>
/// Where a value goes: the operations that use it, looking through what only carries it along (conversions, the
/// branches of <c>?:</c> and <c>??</c>, whatever the rule says passes it on) and through a local it initializes, to
/// every read of that local in the same executable block. The rules that judge a value by its use (POL1003, POL1004)
/// ask only once they have found one to judge.
/// </summary>
internal static class ValueFlow
{
    /// <summary>Decides whether <c>Parent</c> only passes on the value it gets from <c>Child</c>, so its own use counts instead.</summary>
    public delegate bool PassesOn(IOperation child, IOperation parent);

    /// <summary>Each use of <paramref name="value"/>: the operation it flows into and the operand it arrives as.</summary>
    public static List<(IOperation Operand, IOperation User)> Uses(IOperation value, PassesOn passesOn)
    {
        var uses = new List<(IOperation, IOperation)>();
        Collect(value, passesOn, uses, followLocals: true);
        return uses;
    }

    private static void Collect(IOperation value, PassesOn passesOn, List<(IOperation, IOperation)> uses, bool followLocals)
    {
        var child = value;
        var parent = value.Parent;
        while (parent is not null && (CarriesAlong(child, parent) || passesOn(child, parent)))
        {
            child = parent;
            parent = parent.Parent;
        }

        if (parent is null)
        {
            return;
        }

        // 'var due = ...': the value goes wherever the local is read (one level: a local copied to a local is not followed).
        if (followLocals && parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } })
        {
            foreach (var reference in PolicyUsage.Reads(local, parent))
            {
                Collect(reference, passesOn, uses, followLocals: false);
            }

            return;
        }

        uses.Add((child, parent));
    }

    private static bool CarriesAlong(IOperation child, IOperation parent) => parent switch
    {
        IConversionOperation => true,
        IConditionalOperation conditional => conditional.WhenTrue == child || conditional.WhenFalse == child,
        ICoalesceOperation => true,
        IParenthesizedOperation => true,
        _ => false,
    };

    /// <summary>The method an argument is passed to: the invoked method or the constructor; null for anything else.</summary>
    public static IMethodSymbol? Receiver(IArgumentOperation argument) => argument.Parent switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        _ => null,
    };
}
