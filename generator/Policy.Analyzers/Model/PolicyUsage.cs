using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>Which policy types a body of code uses: what "code that drives a workflow" means to the rules.</summary>
internal static class PolicyUsage
{
    /// <summary>Every operation in the blocks, outermost first.</summary>
    public static IEnumerable<IOperation> Operations(ImmutableArray<IOperation> blocks)
    {
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                yield return operation;
            }
        }
    }

    /// <summary>The types an operation names: its own type and the type declaring the member or variable it uses.</summary>
    public static IEnumerable<ITypeSymbol> TypesNamedBy(IOperation operation)
    {
        if (operation.Type is { } type)
        {
            yield return type;
        }

        switch (operation)
        {
            case IMemberReferenceOperation reference when reference.Member.ContainingType is { } declaring:
                yield return declaring;
                break;
            case IInvocationOperation invocation when invocation.TargetMethod.ContainingType is { } declaring:
                yield return declaring;
                break;
            case IVariableDeclaratorOperation declarator:
                yield return declarator.Symbol.Type;
                break;
            case ITypeOfOperation typeOf:
                yield return typeOf.TypeOperand;
                break;
        }
    }

    /// <summary>True when the blocks use a workflow type or any type of the Policy runtime.</summary>
    public static bool DrivesWorkflows(ImmutableArray<IOperation> blocks, PolicyTypes types)
    {
        foreach (var operation in Operations(blocks))
        {
            foreach (var type in TypesNamedBy(operation))
            {
                if (PolicyTypes.IsRuntimeType(type) || types.IsWorkflow(type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The workflows whose classes (or the types generated inside them) the blocks use.</summary>
    public static ImmutableArray<WorkflowModel> WorkflowsUsed(ImmutableArray<IOperation> blocks, PolicyModelCache models)
    {
        var found = ImmutableArray.CreateBuilder<WorkflowModel>();
        foreach (var operation in Operations(blocks))
        {
            foreach (var type in TypesNamedBy(operation))
            {
                if (models.WorkflowOwning(type) is { } workflow && !found.Contains(workflow))
                {
                    found.Add(workflow);
                }
            }
        }

        return found.ToImmutable();
    }
}
