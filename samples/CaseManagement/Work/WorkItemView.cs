using CaseManagement.Officers;

namespace CaseManagement.Work;

/// <summary>A work item as the <c>_WorkItem</c> partial shows it.</summary>
/// <param name="Reason">Why it is the signed-in officer's, on their own work page; null on a supervisor's team view.</param>
/// <param name="MayAct">Whether the signed-in officer may acknowledge the escalation and take ownership of it.</param>
/// <param name="ReturnUrl">Where acknowledging it comes back to.</param>
public sealed record WorkItemView(WorkItem Item, WorkReason? Reason, bool MayAct, string ReturnUrl, OfficerDirectory Officers);
