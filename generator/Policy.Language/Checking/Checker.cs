using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Semantics;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Checking;

/// <summary>
/// Checks a bound policy as a whole: initial and final states, reachability, states with no way out, actions leaving
/// final states, deadlines that can never be met or are given to a role that cannot meet them, windows that never open,
/// recurring intervals longer than their state can last, and assigned roles nobody assigns.
/// </summary>
internal sealed class Checker
{
    private readonly BoundPolicy _bound;
    private readonly PolicyDefinition _policy;
    private readonly DiagnosticBag _diagnostics;

    public Checker(BoundPolicy bound, DiagnosticBag diagnostics)
    {
        _bound = bound;
        _policy = bound.Definition;
        _diagnostics = diagnostics;
    }

    private TextSpan SpanOf(string name) =>
        _bound.Declarations.TryGetValue(name, out var declaration) ? declaration.Name.Span : _bound.Syntax.Name.Span;

    public void Check()
    {
        var initial = CheckInitialState();
        CheckFinalStates(initial);
        if (initial is not null && !_bound.FlowIsIncomplete)
        {
            CheckReachability(initial);
        }

        CheckAssignedRoles();
        CheckRoleCount();
        foreach (var deadline in _policy.Deadlines)
        {
            CheckDeadline(deadline, initial);
        }
    }

    /// <summary>The runtime tells roles apart with one bit each of a 64-bit mask.</summary>
    internal const int MaximumRoles = 64;

    private void CheckRoleCount()
    {
        if (_policy.Roles.Count > MaximumRoles)
        {
            var role = _policy.Roles[MaximumRoles].Name;
            _diagnostics.Add(DiagnosticDescriptors.TooManyRoles, SpanOf(role), role, _policy.Roles.Count, MaximumRoles);
        }
    }

    private StateDefinition? CheckInitialState()
    {
        StateDefinition? initial = null;
        foreach (var state in _policy.States)
        {
            if (!state.IsInitial)
            {
                continue;
            }

            if (initial is null)
            {
                initial = state;
            }
            else
            {
                _diagnostics.Add(DiagnosticDescriptors.DuplicateInitialState, SpanOf(state.Name), state.Name, initial.Name);
            }
        }

        if (initial is null && _policy.States.Count > 0)
        {
            _diagnostics.Add(DiagnosticDescriptors.MissingInitialState, SpanOf(_policy.States[0].Name), _policy.States[0].Name);
        }
        else if (_policy.States.Count == 0 && !_bound.Syntax.Name.IsMissing)
        {
            _diagnostics.Add(DiagnosticDescriptors.NoStates, _bound.Syntax.Name.Span, _policy.Name);
        }

        return initial;
    }

    private void CheckFinalStates(StateDefinition? initial)
    {
        if (_policy.States.Count > 0 && !_policy.States.Any(s => s.IsFinal))
        {
            _diagnostics.Add(DiagnosticDescriptors.NoFinalState, _bound.Syntax.Name.Span);
        }

        if (initial is { IsFinal: true })
        {
            _diagnostics.Add(DiagnosticDescriptors.InitialStateIsFinal, SpanOf(initial.Name), initial.Name);
        }

        var finals = new HashSet<string>(_policy.States.Where(s => s.IsFinal).Select(s => s.Name), StringComparer.Ordinal);
        foreach (var action in _policy.Actions)
        {
            if (action.ToState is null)
            {
                continue;
            }

            foreach (var from in action.FromStates)
            {
                if (finals.Contains(from) && from != action.ToState)
                {
                    _diagnostics.Add(DiagnosticDescriptors.LeavesFinalState, SpanOf(action.Name), action.Name, from);
                }
            }
        }
    }

    private HashSet<string> ReachableFrom(IEnumerable<string> start) => PolicyFlow.ReachableFrom(_policy, start);

    private void CheckReachability(StateDefinition initial)
    {
        var reachable = ReachableFrom(new[] { initial.Name });
        var withWayOut = new HashSet<string>(
            _policy.Actions.Where(a => a.ToState is not null).SelectMany(a => a.FromStates.Where(from => from != a.ToState)),
            StringComparer.Ordinal);
        foreach (var state in _policy.States)
        {
            if (!reachable.Contains(state.Name))
            {
                _diagnostics.Add(DiagnosticDescriptors.UnreachableState, SpanOf(state.Name), state.Name);
                continue;
            }

            if (!state.IsFinal && !withWayOut.Contains(state.Name))
            {
                _diagnostics.Add(DiagnosticDescriptors.DeadEndState, SpanOf(state.Name), state.Name);
            }
        }
    }

    private void CheckAssignedRoles()
    {
        foreach (var role in _policy.Roles)
        {
            if (role.IsAssigned && !_policy.Actions.Any(a => a.Assignments.Any(x => x.Role == role.Name)))
            {
                _diagnostics.Add(DiagnosticDescriptors.AssignedRoleNeverAssigned, SpanOf(role.Name), role.Name);
            }
        }
    }

    private void CheckDeadline(DeadlineDefinition deadline, StateDefinition? initial)
    {
        var syntax = _bound.Declarations.TryGetValue(deadline.Name, out var d) ? d as DeadlineSyntax : null;
        var must = syntax?.Body.Statements.OfType<MustSyntax>().FirstOrDefault();
        var action = PolicyFlow.FindAction(_policy, deadline.Action);
        if (action is null || deadline.Role.Length == 0)
        {
            return;
        }

        if (!action.Roles.Contains(deadline.Role))
        {
            _diagnostics.Add(DiagnosticDescriptors.RoleCannotPerform, must?.Role.Span ?? SpanOf(deadline.Name), deadline.Role, action.Name, string.Join(", ", action.Roles));
        }

        // A deadline whose 'starts' line did not bind (already reported) has no known states to check.
        if (initial is not null && !_bound.FlowIsIncomplete && deadline.Trigger.Name.Length > 0 && PolicyFlow.OpenStates(_policy, deadline) is { Count: > 0 } open && !action.FromStates.Any(open.Contains))
        {
            var states = string.Join(", ", _policy.States.Select(s => s.Name).Where(open.Contains));
            _diagnostics.Add(DiagnosticDescriptors.DeadlineNeverMet, must?.Action.Span ?? SpanOf(deadline.Name), deadline.Name, action.Name, states);
        }

        CheckWindow(deadline, syntax);
        CheckInterval(deadline, syntax);
    }

    private static Duration? Single(DurationExpression? expression) =>
        expression is { Cases.Count: 1 } && expression.Cases[0].When is null ? expression.Cases[0].Fixed : null;

    private void CheckWindow(DeadlineDefinition deadline, DeadlineSyntax? syntax)
    {
        if (Single(deadline.NotBefore) is { } from && Single(deadline.Within) is { } to && DurationBounds.Shortest(from) >= DurationBounds.Longest(to))
        {
            var span = syntax?.Body.Statements.SelectMany(s => s is MustSyntax m ? m.Timings : s is TimingSyntax t ? new[] { t } : Array.Empty<TimingSyntax>())
                .FirstOrDefault(t => t.IsNotBefore)?.Span ?? SpanOf(deadline.Name);
            _diagnostics.Add(DiagnosticDescriptors.EmptyWindow, span, from, to);
        }
    }

    private void CheckInterval(DeadlineDefinition deadline, DeadlineSyntax? syntax)
    {
        if (deadline.Trigger.Kind != TriggerKind.Recurring || Single(deadline.Within) is not { } interval)
        {
            return;
        }

        var state = deadline.Trigger.Name;
        foreach (var other in _policy.Deadlines)
        {
            if (ReferenceEquals(other, deadline) || Single(other.Within) is not { } maximum || !OpensOnEntering(other, state))
            {
                continue;
            }

            var leaving = PolicyFlow.FindAction(_policy, other.Action);
            if (leaving is null || leaving.ToState is null || leaving.ToState == state || !leaving.FromStates.Contains(state))
            {
                continue;
            }

            if (DurationBounds.Shortest(interval) > DurationBounds.Longest(maximum))
            {
                var span = syntax?.Body.Statements.OfType<EverySyntax>().FirstOrDefault()?.Span ?? SpanOf(deadline.Name);
                _diagnostics.Add(DiagnosticDescriptors.IntervalExceedsMaximum, span, deadline.Name, interval, state, maximum, other.Name);
            }
        }
    }

    private bool OpensOnEntering(DeadlineDefinition deadline, string state) => deadline.Trigger.Kind switch
    {
        TriggerKind.OnEntering => deadline.Trigger.Name == state,
        TriggerKind.When or TriggerKind.Each => PolicyFlow.FindAction(_policy, deadline.Trigger.Name)?.ToState == state,
        _ => false,
    };
}
