using CaseManagement.Officers;

namespace CaseManagement.Cases;

/// <summary>An open deadline as the lists show it (the <c>_Deadline</c> partial): the flag, what is owed, by whom and when.</summary>
/// <param name="CaseId">The case, on pages that list several cases' deadlines; null on the case's own page.</param>
public sealed record DeadlineItem(DeadlineView Deadline, string? CaseId, OfficerDirectory Officers);
