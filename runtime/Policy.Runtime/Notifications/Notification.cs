using Policy.Definitions;

namespace Policy.Runtime.Notifications;

/// <summary>Why a notification is sent.</summary>
public enum NotificationKind
{
    /// <summary>An action's <c>notify</c> line.</summary>
    Action,
    /// <summary>A deadline passed its due time unmet; the role that must act is told.</summary>
    DeadlineBreached,
    /// <summary>A stage of a deadline's escalation; the stage's role is told.</summary>
    DeadlineEscalated,
    /// <summary>A read of the case that the policy's access rules flag; the role they name is told who read it and why.</summary>
    ReadFlagged,
}

/// <summary>Someone must be told something about a case.</summary>
/// <param name="Deadline">The deadline concerned, for breaches and escalations.</param>
/// <param name="Instance">The deadline's instance, for breaches and escalations.</param>
/// <param name="Action">The action whose <c>notify</c> line this is.</param>
/// <param name="Role">The role to alert.</param>
/// <param name="OfficerId">The officer holding that role on this case, when it is an assigned role with a holder.</param>
/// <param name="At">When the thing notified of happened (the scheduled time, for deadlines).</param>
public sealed record Notification(
    NotificationKind Kind,
    string CaseId,
    string PolicyName,
    string? Deadline,
    int Instance,
    string? Action,
    string Role,
    string? OfficerId,
    string Message,
    IReadOnlyList<Citation> Citations,
    DateTimeOffset At);
