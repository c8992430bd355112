using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Runtime.Cases;

namespace Policy.Runtime.Notifications;

/// <summary>
/// Sends what the store's outbox still holds: notifications whose delivery after the save failed, or was cut short by
/// the process stopping. Each entry is claimed (so that the dispatchers of several instances do not all take it),
/// handed to the application's <see cref="INotificationSink"/>, and removed with its <see cref="Audit.AuditKind.Notification"/>
/// entry; a failure is recorded and retried after a wait that doubles from 30 seconds to 15 minutes, however long it
/// takes. An entry whose text no longer matches its key was changed behind the application's back: it is not sent,
/// and the error is logged and kept on it. Registered by <c>AddPolicy</c>; it does nothing when there is no sink or
/// the store keeps no outbox.
/// </summary>
public sealed class OutboxDispatcher : BackgroundService
{
    private readonly CaseService _cases;
    private readonly ILogger _logger;
    private readonly string _claimant = "outbox-" + Guid.NewGuid().ToString("N");

    public OutboxDispatcher(CaseService cases, ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        _cases = cases;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many entries one pass claims at most.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>How long a claim lasts: longer than a delivery takes, so that another dispatcher does not send it meanwhile.</summary>
    public TimeSpan ClaimFor { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest the dispatcher sleeps before it looks at the outbox again.</summary>
    public TimeSpan MaxSleep { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Sends everything in the outbox that is due now; returns how many the sink took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var sink = _cases.NotificationSink;
        var store = _cases.Store;
        if (sink is null || !store.KeepsOutbox)
        {
            return 0;
        }

        var sent = 0;
        while (true)
        {
            var now = _cases.TimeProvider.GetUtcNow();
            var batch = await store.ClaimOutboxAsync(now, BatchSize, _claimant, now + ClaimFor, cancellationToken).ConfigureAwait(false);
            var readable = new List<(OutboxEntry, Notification)>(batch.Count);
            foreach (var entry in batch)
            {
                if (Read(entry) is not { } notification)
                {
                    _logger.LogCritical("The outbox entry {Key} of case {CaseId} does not match its key: it was changed behind the application's back and is not sent. Verify the store (policy verify) and look at the entry.", entry.Key, entry.CaseId);
                    await store.RetryOutboxAsync(entry, now + TimeSpan.FromDays(1), "The entry's text does not match its key: it was changed behind the application's back, and is not sent.", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                readable.Add((entry, notification));
            }

            sent += await OutboxDelivery.DeliverAsync(store, sink, readable, _cases.TimeProvider, _logger, cancellationToken).ConfigureAwait(false);

            if (batch.Count < BatchSize)
            {
                return sent;
            }
        }
    }

    private static Notification? Read(OutboxEntry entry)
    {
        if (!entry.IsIntact)
        {
            return null;
        }

        try
        {
            var notification = OutboxContent.Deserialize(entry.Content);
            return notification.CaseId == entry.CaseId ? notification : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_cases.NotificationSink is null || !_cases.Store.KeepsOutbox)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                var next = await _cases.Store.NextOutboxAsync(stoppingToken).ConfigureAwait(false);
                var now = _cases.TimeProvider.GetUtcNow();
                var sleep = next is { } due && due - now < MaxSleep ? due - now : MaxSleep;
                await Task.Delay(sleep < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : sleep, _cases.TimeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The store may be briefly unreachable: the entries stay where they are, and the next pass takes them.
                _logger.LogError(exception, "The outbox dispatcher's pass failed; it tries again after {Wait}.", MaxSleep);
                try
                {
                    await Task.Delay(MaxSleep, _cases.TimeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
