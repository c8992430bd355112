namespace Policy.Runtime.Monitoring;

/// <summary>How the deadline monitor paces itself.</summary>
public sealed class DeadlineMonitorOptions
{
    /// <summary>The longest it sleeps without looking at the store (a safety net; saves wake it for earlier due times).</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many due rows it reads at a time.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long it waits after an unexpected failure (a store being down) before trying again.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(30);
}
