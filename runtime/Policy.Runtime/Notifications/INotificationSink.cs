namespace Policy.Runtime.Notifications;

/// <summary>Delivers notifications (e-mail, tasks, a dashboard): the application implements it.</summary>
/// <remarks>Called only after the events that caused the notification were saved.</remarks>
public interface INotificationSink
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
