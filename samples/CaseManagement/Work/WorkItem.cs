using CaseManagement.Cases;
using CaseManagement.Officers;

namespace CaseManagement.Work;

/// <summary>Why a deadline is someone's to meet.</summary>
public enum WorkReason
{
    /// <summary>They hold the deadline's role on the case (an assigned role: OIC, SOIT, Unit).</summary>
    Assigned,
    /// <summary>The role is not assigned per case and they hold it in the case's team (a supervisor's review).</summary>
    TeamRole,
    /// <summary>It was escalated to a role they hold as a supervisor of the case's team: they are its named owner.</summary>
    Escalated,
}

/// <summary>One open deadline on one case, with the case's team and, once escalated, who it went to and what they did.</summary>
public sealed record WorkItem(CaseSummary Case, DeadlineView Deadline, Team? Team, EscalationState? Escalation)
{
    public DateTimeOffset DueAt => Deadline.Status.DueAt;
}
