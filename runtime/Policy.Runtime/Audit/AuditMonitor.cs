using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Audit;

/// <summary>How the audit monitor paces itself.</summary>
public sealed class AuditMonitorOptions
{
    /// <summary>How often it verifies what was appended since the last checkpoint and, when that is clean, writes the next one.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often it reads every entry of every case instead (and once at start): what an incremental run skips, such as an idle case's index rows.</summary>
    public TimeSpan FullVerificationInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long it waits after the store could not be read before trying again.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>What the audit monitor last found, for a health check or a status page.</summary>
/// <param name="Report">The last verification's report; null until the first has run.</param>
/// <param name="LastCheckpoint">The last checkpoint this monitor wrote; null when it has written none.</param>
/// <param name="Failure">Why the last run could not verify at all (the store was unreachable); null when it ran.</param>
public sealed record AuditStatus(AuditReport? Report, AuditCheckpoint? LastCheckpoint, string? Failure)
{
    /// <summary>Before the first run.</summary>
    public static AuditStatus NotYetVerified { get; } = new(null, null, null);

    /// <summary>True when the last run verified the store and found nothing wrong.</summary>
    public bool IsClean => Failure is null && Report is { IsClean: true };
}

/// <summary>
/// Keeps the record proving itself while the application runs: verifies the whole store at start and every
/// <see cref="AuditMonitorOptions.FullVerificationInterval"/>, and every <see cref="AuditMonitorOptions.CheckpointInterval"/>
/// verifies what was appended since the last checkpoint and signs the next one. Tampering is logged as critical and
/// kept in <see cref="Status"/>; no checkpoint is signed over a record that does not verify.
/// </summary>
public sealed class AuditMonitor : BackgroundService
{
    private readonly AuditVerifier _verifier;
    private readonly AuditMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile AuditStatus _status = AuditStatus.NotYetVerified;
    private DateTimeOffset? _lastFull;

    public AuditMonitor(ICaseStore store, AuditKeyRing keys, AuditMonitorOptions? options = null, TimeProvider? time = null, ILogger<AuditMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        _options = options ?? new AuditMonitorOptions();
        if (_options.CheckpointInterval <= TimeSpan.Zero || _options.FullVerificationInterval <= TimeSpan.Zero || _options.RetryAfterFailure <= TimeSpan.Zero)
        {
            throw new ArgumentException("The audit monitor's intervals must be positive.", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _verifier = new AuditVerifier(store, keys, _time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>What the last run found.</summary>
    public AuditStatus Status => _status;

    /// <summary>One run: a full verification when one is due (or <paramref name="full"/>), otherwise an incremental one followed by a checkpoint when clean.</summary>
    public async Task<AuditStatus> RunOnceAsync(bool full = false, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        full |= _lastFull is not { } last || now - last >= _options.FullVerificationInterval;
        AuditReport report;
        var written = _status.LastCheckpoint;
        if (full)
        {
            report = await _verifier.VerifyAsync(null, incremental: false, cancellationToken).ConfigureAwait(false);
            _lastFull = now;
            if (report.IsClean)
            {
                (_, var checkpoint) = await _verifier.WriteCheckpointAsync(cancellationToken).ConfigureAwait(false);
                written = checkpoint ?? written;
            }
        }
        else
        {
            (report, var checkpoint) = await _verifier.WriteCheckpointAsync(cancellationToken).ConfigureAwait(false);
            written = checkpoint ?? written;
        }

        if (report.IsClean)
        {
            _logger.LogInformation(
                "Audit record verified ({Mode}): {Cases} cases, {Entries} entries checked; checkpoint {Checkpoint}.",
                full ? "full" : "incremental",
                report.CasesChecked,
                report.EntriesChecked,
                written?.Sequence);
        }
        else
        {
            foreach (var problem in report.Problems)
            {
                _logger.LogCritical("Audit record tampering: {Kind} {Problem}", problem.Kind, problem.ToString());
            }
        }

        var status = new AuditStatus(report, written, null);
        _status = status;
        return status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = _options.CheckpointInterval;
            try
            {
                await RunOnceAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "The audit monitor could not verify the store; trying again in {Delay}.", _options.RetryAfterFailure);
                _status = _status with { Failure = exception.Message };
                delay = _options.RetryAfterFailure;
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
