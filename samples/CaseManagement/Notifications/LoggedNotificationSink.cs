using Policy.Runtime.Notifications;

namespace CaseManagement.Notifications;

/// <summary>
/// Writes notifications to the application's log in officers' words. Delivered notifications are added to the audit
/// trail by the runtime, so they appear on the case's timeline.
/// </summary>
public sealed class LoggedNotificationSink(NotificationText text, ILogger<LoggedNotificationSink> logger) : INotificationSink
{
    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        var words = text.Describe(notification);
        logger.LogInformation("To {Recipient} about case {CaseId}: {Subject}. {Body}", notification.OfficerId ?? notification.Role, notification.CaseId, words.Subject, words.Body);
        return Task.CompletedTask;
    }
}
