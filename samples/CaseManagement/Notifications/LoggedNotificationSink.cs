using Policy.Runtime.Notifications;

namespace CaseManagement.Notifications;

/// <summary>
/// Delivers notifications to the application's log, where a force would send an e-mail or raise a task. Delivered
/// notifications are added to the audit trail by the runtime, so they appear on the case's timeline.
/// </summary>
public sealed class LoggedNotificationSink(ILogger<LoggedNotificationSink> logger) : INotificationSink
{
    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        logger.LogInformation("Notify {Role} ({Officer}) on case {CaseId}: {Message}", notification.Role, notification.OfficerId ?? "whoever holds the role", notification.CaseId, notification.Message);
        return Task.CompletedTask;
    }
}
