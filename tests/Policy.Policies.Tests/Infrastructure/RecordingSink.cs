using Policy.Runtime.Notifications;

namespace Policy.Policies.Tests.Infrastructure;

/// <summary>A notification sink that keeps what it is given, in order, so a test can see who was alerted and when.</summary>
internal sealed class RecordingSink : INotificationSink
{
    private readonly object _gate = new();
    private readonly List<Notification> _sent = [];

    public IReadOnlyList<Notification> Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToArray();
            }
        }
    }

    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
