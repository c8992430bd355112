namespace Policy.Runtime.Availability;

/// <summary>An officer's absence: from when, until when (null while open-ended), and whether it is confirmed.</summary>
/// <param name="IsConfirmed">A confirmed absence raises the policies' absence signals on the officer's cases; any recorded absence makes the officer unavailable.</param>
/// <param name="Reason">Why, as the application records it (e.g. "long-term sick"); optional.</param>
/// <param name="RecordedBy">Who recorded it.</param>
public sealed record OfficerAbsence(string OfficerId, DateTimeOffset From, DateTimeOffset? Until, bool IsConfirmed, string? Reason = null, string? RecordedBy = null)
{
    /// <summary>True when the absence covers <paramref name="at"/>.</summary>
    public bool Covers(DateTimeOffset at) => at >= From && (Until is null || at < Until.Value);
}
