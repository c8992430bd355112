namespace Policy.Runtime.Monitoring;

/// <summary>
/// Lets whoever saves a case tell a sleeping <see cref="DeadlineMonitor"/> about a due time earlier than the one it is
/// sleeping until, so the monitor can sleep long without missing a short deadline.
/// </summary>
public sealed class DeadlineWakeup
{
    private const long Busy = long.MinValue;
    private const long Planning = long.MaxValue;

    private readonly SemaphoreSlim _signal = new(0, 1);

    // Busy while the monitor works (it reads the store afresh afterwards); Planning while it asks the store for the
    // next due time (any saved time may be earlier); otherwise the UTC ticks it sleeps until.
    private long _sleepingUntil = Planning;

    // The earliest due time announced since the monitor last read the store (UTC ticks; MaxValue for none), so that the
    // monitor's lag counts a case saved while it was stuck or stopped.
    private long _earliestAnnounced = long.MaxValue;

    /// <summary>Tells the monitor that a case now has something due at <paramref name="at"/>.</summary>
    public void DueAt(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var seen = Interlocked.Read(ref _earliestAnnounced);
        while (ticks < seen)
        {
            var previous = Interlocked.CompareExchange(ref _earliestAnnounced, ticks, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }

        if (at.UtcTicks < Interlocked.Read(ref _sleepingUntil))
        {
            Wake();
        }
    }

    /// <summary>The time the monitor sleeps until; null while it is awake.</summary>
    internal DateTimeOffset? SleepingUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _sleepingUntil);
            return ticks is Busy or Planning ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The earliest due time saved since the monitor last asked the store for the next one; null for none.</summary>
    internal DateTimeOffset? EarliestAnnounced
    {
        get
        {
            var ticks = Interlocked.Read(ref _earliestAnnounced);
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Forgets the announced due time if it is still <paramref name="covered"/> (a pass has processed it).</summary>
    internal void ForgetAnnounced(DateTimeOffset covered) =>
        Interlocked.CompareExchange(ref _earliestAnnounced, long.MaxValue, covered.UtcTicks);

    internal void BeginWork() => Interlocked.Exchange(ref _sleepingUntil, Busy);

    /// <summary>Called before the monitor reads the next due time, so a save from then on wakes it.</summary>
    internal void BeginPlanning()
    {
        while (_signal.CurrentCount > 0 && _signal.Wait(0))
        {
            // Drop wakes from before: the next due time is about to be read from the store anyway.
        }

        Interlocked.Exchange(ref _sleepingUntil, Planning);
        Interlocked.Exchange(ref _earliestAnnounced, long.MaxValue);
    }

    /// <summary>Sleeps until <paramref name="until"/> (at most <paramref name="delay"/>) or until woken for an earlier due time.</summary>
    internal async Task SleepAsync(DateTimeOffset until, TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // Only lower the mark: a wake that arrived while planning must not be lost.
        var ticks = until.UtcTicks;
        var current = Interlocked.Read(ref _sleepingUntil);
        while (ticks < current)
        {
            var seen = Interlocked.CompareExchange(ref _sleepingUntil, ticks, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, timeProvider, stop.Token);
        var woken = _signal.WaitAsync(stop.Token);
        await Task.WhenAny(sleep, woken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(sleep, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled once the other finished: expected.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }
}
