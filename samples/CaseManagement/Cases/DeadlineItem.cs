using CaseManagement.Officers;
using Policy.Definitions;

namespace CaseManagement.Cases;

/// <summary>An open deadline as the lists show it (the <c>_Deadline</c> partial): the flag, what is owed, by whom and when.</summary>
/// <param name="CaseId">The case, on pages that list several cases' deadlines; null on the case's own page.</param>
/// <param name="Policy">The case's policy, whose titles the line uses.</param>
/// <param name="Why">Why it is due when it is, on the case's own page.</param>
public sealed record DeadlineItem(DeadlineView Deadline, string? CaseId, PolicyDefinition Policy, OfficerDirectory Officers, DeadlineWhy? Why = null)
{
    /// <summary>Who must act: the officer who holds the role on the case, or the role's title when nobody does.</summary>
    public string Who => Deadline.Status.AssignedOfficer is { } officer
        ? $"{Officers.NameOf(officer)} ({ActionFields.RoleTitle(Policy, Deadline.Status.Role)})"
        : ActionFields.RoleTitle(Policy, Deadline.Status.Role);

    public string What => CaseTimeline.ActionTitle(Policy, Deadline.Status.Action);
}
