namespace Policy.Runtime.Monitoring;

/// <summary>How the deadline monitor paces itself.</summary>
public sealed class DeadlineMonitorOptions
{
    /// <summary>The longest it sleeps without looking at the store (a safety net; saves wake it for earlier due times).</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many due rows it claims at a time.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How many cases of a batch it decides and saves at once. On SQLite their saves share commits (group commit); on
    /// PostgreSQL they run side by side. Users' saves queue with them, never behind a whole batch.
    /// </summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// How long its claim on a batch keeps other monitors on the same database off those rows: past it (a monitor that
    /// stopped half way), another takes them. A claim only shares the work; each step is recorded once regardless.
    /// </summary>
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long it waits after an unexpected failure (a store being down) before trying again.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(30);
}
