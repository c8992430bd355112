using Policy.Definitions;

namespace Policy.Runtime.Engine;

/// <summary>One open instance of a deadline on a case.</summary>
/// <param name="Deadline">The deadline's name.</param>
/// <param name="Instance">1 for the first instance of this deadline on the case, then one more for each.</param>
/// <param name="OpenedAt">When it opened (or, for a recurring deadline, last restarted).</param>
/// <param name="DueAt">When it falls due.</param>
/// <param name="WindowStartsAt">Before this, the meeting action does not meet it; null when there is no window.</param>
/// <param name="Stage">0 before the breach; 1 once breached; n + 1 after the n-th escalation.</param>
public readonly record struct OpenDeadline(string Deadline, int Instance, DateTimeOffset OpenedAt, DateTimeOffset DueAt, DateTimeOffset? WindowStartsAt, int Stage);

/// <summary>How a deadline instance closed.</summary>
public enum DeadlineOutcome
{
    /// <summary>The action that meets it was performed (within its window, and as its condition requires).</summary>
    Met,
    /// <summary>It stopped without being met: a <c>stops when</c>, leaving its state, or the case closing.</summary>
    Cancelled,
    /// <summary>The action it is <c>excused by</c> was performed, recording why, within the window the policy sets.</summary>
    Excused,
}

/// <summary>A deadline instance that is no longer open: for the history on a dashboard.</summary>
/// <param name="Stage">How far it had gone: 0 closed before its due time, 1 breached, n + 1 escalated n times.</param>
public readonly record struct ClosedDeadline(
    string Deadline,
    int Instance,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    DateTimeOffset ClosedAt,
    DeadlineOutcome Outcome,
    int Stage)
{
    /// <summary>True when it closed after its due time.</summary>
    public bool WasLate => ClosedAt > DueAt;
}

/// <summary>How urgent an open deadline is.</summary>
public enum DeadlineStatusKind
{
    /// <summary>Not yet due soon.</summary>
    Open,
    /// <summary>Within its warning period before the due time.</summary>
    DueSoon,
    /// <summary>Past its due time.</summary>
    Overdue,
    /// <summary>Its clock is stopped (<c>pauses when</c>): it keeps the time it had left until it resumes.</summary>
    Paused,
}

/// <summary>An open deadline as a dashboard shows it at a given time.</summary>
/// <param name="Remaining">Time until due; negative once overdue. While paused, the time it had left when it paused.</param>
/// <param name="AssignedOfficer">The officer holding <paramref name="Role"/> on this case when it is an assigned role.</param>
public sealed record DeadlineStatus(
    string Deadline,
    string Title,
    int Instance,
    string Role,
    string? AssignedOfficer,
    string Action,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? WindowStartsAt,
    TimeSpan Remaining,
    DeadlineStatusKind Status,
    int Stage,
    IReadOnlyList<Citation> Citations);

/// <summary>An open deadline instance as the case keeps it: indices, not names.</summary>
internal struct DeadlineInstance
{
    public int Deadline;
    public int Instance;
    public DateTimeOffset OpenedAt;
    public DateTimeOffset DueAt;
    public DateTimeOffset? WindowStartsAt;
    public int Stage;

    /// <summary>When its clock stopped; null while it runs.</summary>
    public DateTimeOffset? PausedAt;

    /// <summary>While paused, the time it had left when it paused (negative when it paused overdue).</summary>
    public TimeSpan Left;
}
