using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Runtime.Cases;

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

    public DeadlineMonitor(CaseService cases, DeadlineMonitorOptions? options = null, ILogger<DeadlineMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        _cases = cases;
        _options = options ?? new DeadlineMonitorOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (_options.BatchSize < 1 || _options.MaxSleep <= TimeSpan.Zero)
        {
            throw new ArgumentException("The monitor needs a batch size of at least 1 and a positive maximum sleep.", nameof(options));
        }
    }

    /// <summary>The time the monitor sleeps until; null while it is awake. For diagnostics and tests.</summary>
    internal DateTimeOffset? SleepingUntil => _cases.DueTimes.SleepingUntil;

    /// <summary>
    /// Records everything due at or before now and returns how many events were saved. Each case is loaded, what is
    /// due is decided, and it is saved with the version it was loaded at; a conflict means someone else got there first,
    /// so the case is reloaded and decided again.
    /// </summary>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => RunOnceAsync(_cases.TimeProvider.GetUtcNow(), cancellationToken);

    private async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var recorded = 0;
        while (true)
        {
            var due = await _cases.Store.FindDueAsync(now, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            var progressed = false;
            foreach (var row in due)
            {
                // A case with several due rows is settled in one visit; a row left behind would only repeat it.
                if (!visited.Add(row.CaseId))
                {
                    continue;
                }

                progressed = true;
                try
                {
                    recorded += await _cases.RecordDueDeadlinesAsync(row.CaseId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One broken case must not hold up every other case's deadlines.
                    _logger.LogError(exception, "Could not record the due deadlines of case {CaseId}.", row.CaseId);
                }
            }

            if (!progressed || due.Count < _options.BatchSize)
            {
                return recorded;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeup = _cases.DueTimes;
        var time = _cases.TimeProvider;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                wakeup.BeginWork();
                var ranAt = time.GetUtcNow();
                await RunOnceAsync(ranAt, stoppingToken).ConfigureAwait(false);

                wakeup.BeginPlanning();
                var next = await _cases.Store.NextDueAsync(stoppingToken).ConfigureAwait(false);
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
