using Microsoft.Extensions.Logging;
using Policy.Runtime.Audit;
using Policy.Runtime.Engine;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Notifications;

/// <summary>One delivery of an outbox entry: to the sink, then removed with its audit entry, or its failure recorded for a retry.</summary>
internal static class OutboxDelivery
{
    /// <summary>The wait before retrying after <paramref name="attempts"/> failures: 30 seconds, doubling, at most 15 minutes.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(900, 30 * Math.Pow(2, Math.Min(attempts, 10))));

    /// <summary>Sends <paramref name="entry"/>; true when the sink took it (whether or not another sender had recorded it first).</summary>
    public static async Task<bool> DeliverAsync(
        ICaseStore store,
        INotificationSink sink,
        OutboxEntry entry,
        Notification notification,
        TimeProvider time,
        TimeSpan retryAfter,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            await sink.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Kept in the outbox: the dispatcher tries again after the wait, however many times it takes.
            logger.LogError(exception, "Could not deliver a {Kind} notification for case {CaseId} to {Role}; it stays in the outbox and is retried after {RetryAfter}.", notification.Kind, notification.CaseId, notification.Role, retryAfter);
            await store.RetryOutboxAsync(entry, time.GetUtcNow() + retryAfter, $"{exception.GetType().Name}: {exception.Message}", CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        var sent = new AuditRecord(AuditKind.Notification, time.GetUtcNow(), notification.CaseId, notification.OfficerId, null, AuditContent.Notification(notification));
        await store.CompleteOutboxAsync(entry, sent, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
