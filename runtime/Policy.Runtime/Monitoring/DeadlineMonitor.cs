using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Runtime.Cases;
using Policy.Runtime.Diagnostics;

namespace Policy.Runtime.Monitoring;

/// <summary>
/// Records each deadline breach and escalation when it falls due, exactly once even with several monitors on one
/// database, and sends their notifications after they are saved. Sleeps until the store's next due time (never polls),
/// and on start catches up with everything that fell due while it was down.
/// </summary>
public sealed class DeadlineMonitor : BackgroundService
{
    private readonly CaseService _cases;
    private readonly DeadlineMonitorOptions _options;
    private readonly ILogger _logger;

    // The earliest due time the store held when the monitor last looked (UTC ticks; MaxValue for none), and when its
    // last pass finished (0 before the first): what its lag and its health are worked out from.
    private long _nextDueTicks = long.MaxValue;
    private long _lastPassTicks;
    private int _tracked;

    // Who this monitor's claims on due rows are held by: each instance its own.
    private readonly string _claimant = "monitor-" + Guid.NewGuid().ToString("N");

    public DeadlineMonitor(CaseService cases, DeadlineMonitorOptions? options = null, ILogger<DeadlineMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        _cases = cases;
        _options = options ?? new DeadlineMonitorOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (_options.BatchSize < 1 || _options.MaxSleep <= TimeSpan.Zero || _options.Concurrency < 1 || _options.ClaimFor <= TimeSpan.Zero)
        {
            throw new ArgumentException("The monitor needs a batch size and a concurrency of at least 1, and a positive maximum sleep and claim time.", nameof(options));
        }
    }

    /// <summary>The time the monitor sleeps until; null while it is awake. For diagnostics and tests.</summary>
    internal DateTimeOffset? SleepingUntil => _cases.DueTimes.SleepingUntil;

    /// <summary>
    /// Records everything due at or before now and returns how many events were saved. Due rows are claimed a batch at
    /// a time; the batch's cases are decided and saved several at once (<see cref="DeadlineMonitorOptions.Concurrency"/>),
    /// each loaded, decided and saved with the version it was loaded at; a conflict means someone else got there first,
    /// so the case is reloaded and decided again.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        // The background loop may be asleep: its wake-ups are left alone, and only what this pass covered is forgotten.
        var announced = _cases.DueTimes.EarliestAnnounced;
        var now = _cases.TimeProvider.GetUtcNow();
        var recorded = await RunOnceAsync(now, cancellationToken).ConfigureAwait(false);
        if (announced is { } covered && covered <= now)
        {
            _cases.DueTimes.ForgetAnnounced(covered);
        }

        Observe(await _cases.Store.NextDueAsync(cancellationToken).ConfigureAwait(false));
        return recorded;
    }

    /// <summary>True while the monitor runs as a hosted service: started and neither stopped nor crashed.</summary>
    public bool IsRunning => ExecuteTask is { IsCompleted: false };

    /// <summary>When the last pass finished, by the application's clock; null before the first.</summary>
    public DateTimeOffset? LastPassAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastPassTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// How far the monitor is behind at <paramref name="now"/>: now minus the oldest due time it knows of and has not
    /// processed (the store's next due time when it last looked, or an earlier one saved since); zero when up to date.
    /// </summary>
    public TimeSpan LagAt(DateTimeOffset now)
    {
        var oldest = Interlocked.Read(ref _nextDueTicks);
        if (_cases.DueTimes.EarliestAnnounced is { } announced && announced.UtcTicks < oldest)
        {
            oldest = announced.UtcTicks;
        }

        return oldest == long.MaxValue || now.UtcTicks <= oldest ? TimeSpan.Zero : TimeSpan.FromTicks(now.UtcTicks - oldest);
    }

    private void Observe(DateTimeOffset? nextDue)
    {
        Interlocked.Exchange(ref _nextDueTicks, nextDue?.UtcTicks ?? long.MaxValue);
        Interlocked.Exchange(ref _lastPassTicks, _cases.TimeProvider.GetUtcNow().UtcTicks);
    }

    private async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var activity = PolicyDiagnostics.ActivitySource.StartActivity("policy.monitor.pass", ActivityKind.Internal);
        try
        {
            var recorded = await RecordDueAsync(now, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("policy.monitor.recorded", recorded);
            return recorded;
        }
        catch (Exception exception)
        {
            PolicyDiagnostics.Failed(activity, exception);
            throw;
        }
    }

    private async Task<int> RecordDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var recorded = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        while (true)
        {
            // Claimed, so that other monitors on the same database take other rows meanwhile (on PostgreSQL, skipping
            // those this claim has locked rather than waiting for them).
            var due = await _cases.Store.ClaimDueAsync(now, _options.BatchSize, _claimant, now + _options.ClaimFor, cancellationToken).ConfigureAwait(false);

            // A case with several due rows is settled in one visit; a row left behind would only repeat it.
            var cases = due.Select(row => row.CaseId).Distinct(StringComparer.Ordinal).Where(visited.Add).ToArray();
            await Parallel.ForEachAsync(cases, parallel, async (caseId, token) =>
            {
                try
                {
                    // Its breaches and escalations, with their audit records, are one save of the case.
                    Interlocked.Add(ref recorded, await _cases.RecordDueDeadlinesAsync(caseId, token).ConfigureAwait(false));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One broken case must not hold up every other case's deadlines.
                    _logger.LogError(exception, "Could not record the due deadlines of case {CaseId}.", caseId);
                }
            }).ConfigureAwait(false);

            if (cases.Length == 0 || due.Count < _options.BatchSize)
            {
                return recorded;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeup = _cases.DueTimes;
        var time = _cases.TimeProvider;
        if (Interlocked.Exchange(ref _tracked, 1) == 0)
        {
            // Only a monitor that runs in the background reports its lag; one driven by RunOnceAsync is the caller's.
            _cases.Metrics.TrackLag(() => LagAt(time.GetUtcNow()).TotalSeconds);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                wakeup.BeginWork();
                var ranAt = time.GetUtcNow();
                await RunOnceAsync(ranAt, stoppingToken).ConfigureAwait(false);

                wakeup.BeginPlanning();
                var next = await _cases.Store.NextDueAsync(stoppingToken).ConfigureAwait(false);
                Observe(next);
                var now = time.GetUtcNow();
                var cap = now + _options.MaxSleep;
                var until = next is { } due && due < cap ? due : cap;
                if (until <= ranAt)
                {
                    // Still due after a run that covered it: a case that failed or kept losing races. Back off rather
                    // than spin; a save with an earlier due time still wakes the monitor.
                    until = now + _options.RetryAfterFailure;
                }

                if (until > now)
                {
                    await wakeup.SleepAsync(until, until - now, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "The deadline monitor failed; trying again in {Delay}.", _options.RetryAfterFailure);
                try
                {
                    await Task.Delay(_options.RetryAfterFailure, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
