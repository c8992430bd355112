using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>
/// Where cases, their audit trail and their open deadlines are kept. One contract, three implementations
/// (in-memory, SQLite, PostgreSQL), all held to the same contract tests.
/// Every method is safe to call from several threads and, for the database stores, from several processes.
/// </summary>
public interface ICaseStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; called once before use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The case's events in version order; empty when the case does not exist.</summary>
    Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events to a case atomically, if and only if the case's current version is <paramref name="expectedVersion"/>
    /// (0 for a new case). In the same transaction it replaces the case's rows in the due-time index with
    /// <paramref name="openDeadlines"/>, replaces its assignments with <paramref name="assignments"/> (role to officer id),
    /// and appends one audit entry per event (and per entry of <paramref name="audit"/>).
    /// Nothing is written when the version does not match.
    /// </summary>
    Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken = default);

    /// <summary>Appends entries to the audit trail alone (refusals, reads of a case).</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default);

    /// <summary>The audit trail from <paramref name="fromPosition"/> (1-based), in order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>Open deadlines whose next action time (due time, or next escalation stage) is at or before <paramref name="until"/>, earliest first. Uses the due-time index.</summary>
    Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest next action time of any open deadline, or null when none is open. What the monitor sleeps until.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Every case id in which the officer holds an assigned role (for reallocation on absence).</summary>
    Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default);

    /// <summary>Ids of all cases, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of <see cref="ICaseStore.AppendAsync"/>.</summary>
/// <param name="Succeeded">True when the events were written.</param>
/// <param name="CurrentVersion">The case's version after the call: the new version, or the version that conflicted.</param>
public readonly record struct AppendResult(bool Succeeded, long CurrentVersion)
{
    /// <summary>True when another writer got there first: reload the case and decide again.</summary>
    public bool IsConflict => !Succeeded;
}

/// <summary>A row of the due-time index: one open deadline instance of one case.</summary>
/// <param name="NextActionAt">When the monitor must next act: the due time while unbreached, then each escalation stage's time.</param>
/// <param name="Stage">0 before the breach; n after the n-th step (breach = 1, first escalation = 2, ...).</param>
public sealed record DueDeadline(
    string CaseId,
    string PolicyName,
    string Deadline,
    int Instance,
    DateTimeOffset DueAt,
    DateTimeOffset NextActionAt,
    int Stage);
