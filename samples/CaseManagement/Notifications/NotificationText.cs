using CaseManagement.Cases;
using CaseManagement.Display;
using CaseManagement.Officers;
using Policy.Runtime.Cases;
using Policy.Runtime.Notifications;

namespace CaseManagement.Notifications;

/// <summary>A notification as an officer reads it: a subject line and a sentence, in the policy's titles and UK time.</summary>
public sealed record NotificationWords(string Subject, string Body);

/// <summary>
/// Writes notifications in the words officers use. The runtime's own message names the policy's internals
/// ("Supervisor must ReviewInvestigation", UTC); this uses the policy's titles, the officer's name and UK local time.
/// </summary>
public sealed class NotificationText(PolicyCatalog policies, OfficerDirectory officers, TimeProvider clock)
{
    public NotificationWords Describe(Notification notification)
    {
        if (!policies.TryGet(notification.PolicyName, out var compiled))
        {
            return new NotificationWords($"Case {notification.CaseId}", notification.Message);
        }

        var policy = compiled.Definition;
        var deadline = policy.Deadlines.FirstOrDefault(d => d.Name == notification.Deadline);
        var recipient = ActionFields.RoleTitle(policy, notification.Role);
        var now = clock.GetUtcNow();
        switch (notification.Kind)
        {
            case NotificationKind.DeadlineBreached when deadline is not null:
            {
                var who = notification.OfficerId is { } officer ? officers.NameOf(officer) : recipient;
                return new NotificationWords(
                    $"Overdue on {notification.CaseId}: {deadline.Title}",
                    $"{deadline.Title} on case {notification.CaseId} was due by {Show.DueBy(notification.At, now)} and has not been met. " +
                    $"{who} must {Show.LowerFirst(CaseTimeline.ActionTitle(policy, deadline.Action))}.");
            }

            case NotificationKind.DeadlineEscalated when deadline is not null:
                return new NotificationWords(
                    $"Escalated to you on {notification.CaseId}: {deadline.Title}",
                    $"{deadline.Title} on case {notification.CaseId} is still not met, so it was escalated to the {recipient} at {Show.Clock(notification.At, now)}. " +
                    $"It needs: {Show.LowerFirst(CaseTimeline.ActionTitle(policy, deadline.Action))}.");
            default:
            {
                var action = notification.Action is { } name ? CaseTimeline.ActionTitle(policy, name) : policy.Title;
                return new NotificationWords($"{notification.CaseId}: {action}", notification.Message);
            }
        }
    }
}
