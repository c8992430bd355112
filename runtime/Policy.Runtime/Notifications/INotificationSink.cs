namespace Policy.Runtime.Notifications;

/// <summary>Delivers notifications (e-mail, tasks, a dashboard): the application implements it.</summary>
/// <remarks>
/// Called only after the events that caused the notification were saved. With a store that keeps an outbox (the three
/// Policy ships), a notification is delivered at least once: a failure (an exception) leaves it in the outbox, and the
/// <see cref="OutboxDispatcher"/> retries it; a process that stops after the sink took it and before it was removed
/// hands it over again on restart. Make delivery idempotent (the sample keys each by its case, kind, deadline, role and time).
/// </remarks>
public interface INotificationSink
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
