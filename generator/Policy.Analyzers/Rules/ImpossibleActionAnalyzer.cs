using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1006: an action called on a workflow whose state the surrounding code has just established
/// (<c>if (w.State == XState.S)</c>, <c>w.State is XState.S</c>, <c>&amp;&amp;</c> conditions, a <c>case</c> of
/// <c>switch (w.State)</c> or an arm of <c>w.State switch</c>), when the policy does not allow the action in that state.
/// </summary>
/// <remarks>
/// The established state holds only until something may change it: any other call on the same workflow, the workflow
/// passed to a method, or assigned, earlier in the same branch (or anywhere in a loop around the call) ends it. A
/// lambda or local function ends the search too, since it may run later.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ImpossibleActionAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.ImpossibleAction);

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models) =>
        RegisterOperationAction(start, models, AnalyzeInvocation, OperationKind.Invocation);

    private static void AnalyzeInvocation(OperationAnalysisContext context, PolicyModelCache models)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Instance is not { } receiver || !Receivers.IsTrackable(receiver) || models.Action(invocation.TargetMethod) is not { } action || action.FromStates.IsEmpty)
        {
            return;
        }

        var states = EstablishedStates(invocation, receiver, models.Types);
        if (states.IsDefaultOrEmpty || NameSets.Overlap(states, action.FromStates))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            HelpLinks.For(PolicyDiagnostics.ImpossibleAction, context.Options),
            invocation.Syntax.GetLocation(),
            action.Name,
            "in " + Wording.Either(states),
            action.Workflow.PolicyName,
            "in " + Wording.Either(action.FromStates)));
    }

    /// <summary>The states the nearest enclosing check says the receiver is in; default when no check applies.</summary>
    private static ImmutableArray<string> EstablishedStates(IInvocationOperation invocation, IOperation receiver, PolicyTypes types)
    {
        IOperation child = invocation;
        for (var parent = invocation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            var (states, region) = parent switch
            {
                IConditionalOperation conditional when conditional.WhenTrue == child => (StatesFrom(conditional.Condition, receiver, types), parent),
                IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction when conjunction.RightOperand == child => (StatesFrom(conjunction.LeftOperand, receiver, types), parent),
                ISwitchCaseOperation section when section.Parent is ISwitchOperation switchStatement && IsStateOf(switchStatement.Value, receiver, types)
                    => (StatesFrom(section, types), parent),
                ISwitchExpressionArmOperation arm when arm.Value == child && arm.Parent is ISwitchExpressionOperation switchExpression && IsStateOf(switchExpression.Value, receiver, types)
                    => (StatesFrom(arm.Pattern, types), parent),
                _ => (default(ImmutableArray<string>), (IOperation?)null),
            };

            if (!states.IsDefault)
            {
                return MayHaveChanged(region!, invocation, receiver) ? default : states;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return default;
            }
        }

        return default;
    }

    /// <summary>The states a condition requires the receiver to be in; default when it says nothing about them.</summary>
    private static ImmutableArray<string> StatesFrom(IOperation condition, IOperation receiver, PolicyTypes types)
    {
        switch (Receivers.Unwrap(condition))
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                if (IsStateOf(equals.LeftOperand, receiver, types))
                {
                    return StateName(equals.RightOperand);
                }

                return IsStateOf(equals.RightOperand, receiver, types) ? StateName(equals.LeftOperand) : default;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } conjunction:
                {
                    var left = StatesFrom(conjunction.LeftOperand, receiver, types);
                    var right = StatesFrom(conjunction.RightOperand, receiver, types);
                    return left.IsDefault ? right : right.IsDefault ? left : NameSets.Intersection(left, right);
                }

            case IIsPatternOperation isPattern when IsStateOf(isPattern.Value, receiver, types):
                return StatesFrom(isPattern.Pattern, types);
            default:
                return default;
        }
    }

    /// <summary>The states a pattern matches when it is made of state constants (<c>XState.A or XState.B</c>).</summary>
    private static ImmutableArray<string> StatesFrom(IPatternOperation pattern, PolicyTypes types) => pattern switch
    {
        IConstantPatternOperation constant => StateName(constant.Value),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } disjunction when StatesFrom(disjunction.LeftPattern, types) is { IsDefault: false } left && StatesFrom(disjunction.RightPattern, types) is { IsDefault: false } right
            => NameSets.Union(left, right),
        _ => default,
    };

    /// <summary>The states of a <c>case</c> section's labels; default when one of them is not a state constant.</summary>
    private static ImmutableArray<string> StatesFrom(ISwitchCaseOperation section, PolicyTypes types)
    {
        var states = ImmutableArray<string>.Empty;
        foreach (var clause in section.Clauses)
        {
            var named = clause switch
            {
                ISingleValueCaseClauseOperation single => StateName(single.Value),
                IPatternCaseClauseOperation pattern => StatesFrom(pattern.Pattern, types),
                _ => default,
            };
            if (named.IsDefault)
            {
                return default;
            }

            states = NameSets.Union(states, named);
        }

        return states;
    }

    /// <summary>True for <c>receiver.State</c>, the generated workflow's typed state.</summary>
    private static bool IsStateOf(IOperation operation, IOperation receiver, PolicyTypes types) =>
        Receivers.Unwrap(operation) is IPropertyReferenceOperation { Property.Name: "State" } state
        && SymbolEqualityComparer.Default.Equals(state.Property.ContainingType?.OriginalDefinition, types.WorkflowOfState)
        && Receivers.Same(state.Instance, receiver);

    /// <summary>The name of the state an enum constant denotes.</summary>
    private static ImmutableArray<string> StateName(IOperation operation)
    {
        operation = Receivers.Unwrap(operation)!;
        if (operation is IFieldReferenceOperation { Field: { HasConstantValue: true, ContainingType.TypeKind: TypeKind.Enum } field })
        {
            return ImmutableArray.Create(field.Name);
        }

        if (operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && operation.ConstantValue is { HasValue: true, Value: { } value })
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } candidate && Equals(candidate.ConstantValue, value))
                {
                    return ImmutableArray.Create(candidate.Name);
                }
            }
        }

        return default;
    }

    /// <summary>
    /// True when, inside <paramref name="region"/>, something before the invocation (or anywhere in a loop around it)
    /// may change the receiver's state: another call on it, passing it to a method, or assigning it.
    /// </summary>
    private static bool MayHaveChanged(IOperation region, IInvocationOperation invocation, IOperation receiver)
    {
        var loop = invocation.Parent;
        while (loop is not null && loop != region && loop is not ILoopOperation)
        {
            loop = loop.Parent;
        }

        var start = invocation.Syntax.SpanStart;

        // In a loop, a call after this one may run before it on the next pass: all of the loop counts.
        if (loop is ILoopOperation && AnyTouches(loop, invocation, receiver, before: int.MaxValue))
        {
            return true;
        }

        // Elsewhere only what comes before the call: whatever starts at or after it is not walked.
        return AnyTouches(region, invocation, receiver, before: start);
    }

    /// <summary>True when an operation under <paramref name="root"/> starting before <paramref name="before"/> touches the receiver.</summary>
    /// <remarks>Recursive rather than with a stack of its own: as deep as the code is nested, and it allocates nothing.</remarks>
    private static bool AnyTouches(IOperation root, IInvocationOperation invocation, IOperation receiver, int before)
    {
        foreach (var child in root.ChildOperations)
        {
            if (child == invocation || child.Syntax.SpanStart >= before)
            {
                continue;
            }

            if (Touches(child, receiver) || AnyTouches(child, invocation, receiver, before))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Touches(IOperation operation, IOperation receiver) => operation switch
    {
        IInvocationOperation call => call.TargetMethod.ReturnType.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_String)
            && call.Instance is { } instance && Receivers.Same(instance, receiver),
        IArgumentOperation argument => Receivers.Same(argument.Value, receiver),
        IAssignmentOperation assignment => Receivers.Same(assignment.Target, receiver),
        _ => false,
    };
}
