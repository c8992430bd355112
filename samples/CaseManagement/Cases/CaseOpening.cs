using CaseManagement.Officers;
using Policy.Definitions;

namespace CaseManagement.Cases;

/// <summary>
/// Who may open a case under a policy: an officer with a role that can act on a new case (an action of the policy's
/// initial state is theirs). A control-room operator opens incidents, a supervisor RASSO investigations; a SOIT opens
/// neither. The runtime does not decide this (opening is not an action of the policy language yet), so the
/// application does, on the page and again when the form is posted.
/// </summary>
public static class CaseOpening
{
    public static bool MayOpen(Officer officer, PolicyDefinition policy)
    {
        var initial = policy.States.FirstOrDefault(s => s.IsInitial)?.Name;
        return initial is not null && policy.Actions.Any(a => !a.IsAutomatic && a.FromStates.Contains(initial) && a.Roles.Any(r => officer.Roles.Contains(r, StringComparer.Ordinal)));
    }

    /// <summary>Why <paramref name="officer"/> may not open a case under <paramref name="policy"/>, naming who may.</summary>
    public static string Refusal(Officer officer, PolicyDefinition policy)
    {
        var initial = policy.States.FirstOrDefault(s => s.IsInitial)?.Name;
        var roles = policy.Actions
            .Where(a => !a.IsAutomatic && a.FromStates.Contains(initial ?? ""))
            .SelectMany(a => a.Roles)
            .Distinct(StringComparer.Ordinal)
            .Select(r => ActionFields.RoleTitle(policy, r));
        return $"A {policy.Title} case is opened by: {string.Join("; ", roles)}. None of your roles ({string.Join(", ", officer.Roles)}) opens one.";
    }
}
