using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>
/// Decides whether an actor may perform an action on a case now. Checks run in a fixed order (role, assignment,
/// input, state, requirements, qualification for the roles it assigns, rules) and the first that fails gives the refusal; refusals other than input
/// are prebuilt, so deciding allocates nothing.
/// </summary>
internal static class ActionDecider
{
    /// <param name="checkInput">False for "can this actor do it now" questions asked before any values exist.</param>
    /// <param name="roleActedIn">The role the action is performed in: the first of the action's roles the actor qualifies in.</param>
    public static Refusal? Decide(
        CaseState state,
        CompiledAction action,
        Actor actor,
        ReadOnlySpan<FieldValue?> values,
        DateTimeOffset now,
        DecisionServices services,
        bool checkInput,
        out int roleActedIn)
    {
        roleActedIn = -1;
        var held = actor.RoleMaskFor(state.Policy) & action.RoleMask;
        if (held == 0)
        {
            return action.RoleRefusal;
        }

        var someoneElseAssigned = false;
        foreach (var role in action.Roles)
        {
            if ((held & (1UL << role)) == 0)
            {
                continue;
            }

            if (!state.Policy.Roles[role].IsAssigned)
            {
                roleActedIn = role;
                break;
            }

            var assigned = state.AssignedOfficerAt(role);
            if (assigned is null)
            {
                continue;
            }

            if (string.Equals(assigned, actor.Id, StringComparison.Ordinal))
            {
                roleActedIn = role;
                break;
            }

            someoneElseAssigned = true;
        }

        if (roleActedIn < 0)
        {
            return someoneElseAssigned ? action.NotAssignedRefusal : action.NobodyAssignedRefusal;
        }

        // Input after role and assignment: whoever may not act at all is refused as such (and audited), whatever they sent.
        if (checkInput && InputValidator.Validate(action, values) is { } invalid)
        {
            return invalid;
        }

        if (!action.AllowedFrom[state.StateIndex])
        {
            return action.StateRefusals[state.StateIndex];
        }

        // A "can" question has no values yet: it skips the conditions that read the action's own fields.
        var context = new EvaluationContext(state, action, values, now, services, actor);
        var requirements = action.Requirements;
        for (var i = 0; i < requirements.Length; i++)
        {
            if ((checkInput || !action.RequirementReadsInput[i]) && !requirements[i].Evaluate(context))
            {
                return action.RequirementRefusals[i];
            }
        }

        // Who is assigned a role must hold it in the force: asked of the application's register (the actor's own roles for
        // the actor). An officer field left empty assigns nobody, so there is nothing to ask.
        if (checkInput)
        {
            var assignments = action.Assignments;
            for (var i = 0; i < assignments.Length; i++)
            {
                var (role, position) = assignments[i];
                if (position < values.Length && values[position] is { } officer && !context.HoldsRole(officer.Text, state.Policy.Roles[role].Name))
                {
                    return action.AssignmentRefusals[i];
                }
            }
        }

        foreach (var rule in action.Rules)
        {
            if ((checkInput || !rule.ReadsInput) && rule.Condition.Evaluate(context) == rule.ForbidsWhenHolds)
            {
                return rule.Refusal;
            }
        }

        return null;
    }
}
