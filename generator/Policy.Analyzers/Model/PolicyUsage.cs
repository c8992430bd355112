using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Policy.Analyzers.Model;

/// <summary>Which policy types a body of code uses: what "code that drives a workflow" means to the rules.</summary>
/// <remarks>
/// The rules that need this (POL1003, POL1004) ask only once they have found something to flag, which in compliant
/// code is never: they look at the executable block around the finding (<see cref="Root"/>), not at every block.
/// </remarks>
internal static class PolicyUsage
{
    /// <summary>The root of the executable block an operation is in: a method body, an initializer, an attribute argument.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>True when the block uses a workflow type or any type of the Policy runtime.</summary>
    public static bool DrivesWorkflows(IOperation root, PolicyModelCache models)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (Named(operation.Type, models) || Named(DeclaringType(operation), models))
            {
                return true;
            }
        }

        return false;

        static bool Named(ITypeSymbol? type, PolicyModelCache models) =>
            type is not null && (PolicyTypes.IsRuntimeType(type) || models.WorkflowOwning(type) is not null);
    }

    /// <summary>The workflows whose classes (or the types generated inside them) the block uses.</summary>
    public static ImmutableArray<WorkflowModel> WorkflowsUsed(IOperation root, PolicyModelCache models)
    {
        var found = ImmutableArray.CreateBuilder<WorkflowModel>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            Add(models.WorkflowOwning(operation.Type));
            Add(models.WorkflowOwning(DeclaringType(operation)));
        }

        return found.ToImmutable();

        void Add(WorkflowModel? workflow)
        {
            if (workflow is not null && !found.Contains(workflow))
            {
                found.Add(workflow);
            }
        }
    }

    /// <summary>
    /// The reads of <paramref name="local"/> in the executable block around <paramref name="at"/>, lambdas and local
    /// functions included: every reference to it but the target of a plain assignment.
    /// </summary>
    public static IEnumerable<ILocalReferenceOperation> Reads(ILocalSymbol local, IOperation at)
    {
        foreach (var operation in Root(at).Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference))
            {
                yield return reference;
            }
        }
    }

    /// <summary>
    /// The type an operation names besides its own: the type declaring the member it uses or the method it calls, a
    /// declared variable's type, or the operand of <c>typeof</c>.
    /// </summary>
    public static ITypeSymbol? DeclaringType(IOperation operation) => operation switch
    {
        IMemberReferenceOperation reference => reference.Member.ContainingType,
        IInvocationOperation invocation => invocation.TargetMethod.ContainingType,
        IVariableDeclaratorOperation declarator => declarator.Symbol.Type,
        ITypeOfOperation typeOf => typeOf.TypeOperand,
        _ => null,
    };
}
