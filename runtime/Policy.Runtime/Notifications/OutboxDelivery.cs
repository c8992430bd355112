using Microsoft.Extensions.Logging;
using Policy.Runtime.Audit;
using Policy.Runtime.Engine;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Notifications;

/// <summary>Deliveries of outbox entries: each to the sink; those it took removed together, with their audit entries; a failure recorded for a retry.</summary>
internal static class OutboxDelivery
{
    /// <summary>The wait before retrying after <paramref name="attempts"/> failures: 30 seconds, doubling, at most 15 minutes.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(900, 30 * Math.Pow(2, Math.Min(attempts, 10))));

    /// <summary>Hands each entry to the sink, then completes those it took in one transaction; returns how many it took.</summary>
    public static async Task<int> DeliverAsync(
        ICaseStore store,
        INotificationSink sink,
        IReadOnlyList<(OutboxEntry Entry, Notification Notification)> entries,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var completions = new List<OutboxCompletion>(entries.Count);
        foreach (var (entry, notification) in entries)
        {
            try
            {
                await sink.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Kept in the outbox: the dispatcher tries again after the wait, however many times it takes.
                var retryAfter = RetryAfter(entry.Attempts);
                logger.LogError(exception, "Could not deliver a {Kind} notification for case {CaseId} to {Role}; it stays in the outbox and is retried after {RetryAfter}.", notification.Kind, notification.CaseId, notification.Role, retryAfter);
                await store.RetryOutboxAsync(entry, time.GetUtcNow() + retryAfter, $"{exception.GetType().Name}: {exception.Message}", CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            completions.Add(new OutboxCompletion(entry, new AuditRecord(AuditKind.Notification, time.GetUtcNow(), notification.CaseId, notification.OfficerId, null, AuditContent.Notification(notification))));
        }

        if (completions.Count > 0)
        {
            // Not cancelled with the caller: what the sink took is recorded as taken.
            await store.CompleteOutboxAsync(completions, CancellationToken.None).ConfigureAwait(false);
        }

        return completions.Count;
    }
}
