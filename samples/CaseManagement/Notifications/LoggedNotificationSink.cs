using Policy.Runtime.Notifications;

namespace CaseManagement.Notifications;

/// <summary>
/// Writes notifications to the application's log in officers' words, addressed to the named officer. Delivered
/// notifications are added to the audit trail by the runtime, so they appear on the case's timeline.
/// </summary>
public sealed class LoggedNotificationSink(NotificationText text, NotificationRecipients recipients, ILogger<LoggedNotificationSink> logger) : INotificationSink
{
    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        var words = text.Describe(notification);
        var recipient = await recipients.ResolveAsync(notification, cancellationToken);
        logger.LogInformation("To {Recipient} about case {CaseId}: {Subject}. {Body}", recipient?.DisplayName ?? $"whoever holds {notification.Role} (nobody named)", notification.CaseId, words.Subject, words.Body);
    }
}
