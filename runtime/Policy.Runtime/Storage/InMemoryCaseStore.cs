using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>
/// A store in memory, for tests and simulations. Holds to the same contract as the database stores: appends are
/// atomic and checked against the expected version, and every event and audit record joins one hash chain.
/// </summary>
public sealed class InMemoryCaseStore : ICaseStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<CaseEvent>> _cases = new(StringComparer.Ordinal);
    private readonly List<string> _caseOrder = new();
    private readonly List<AuditEntry> _audit = new();
    private readonly Dictionary<string, List<DueDeadline>> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _assignments = new(StringComparer.Ordinal);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CaseEvent>>(_cases.TryGetValue(caseId, out var events) ? events.ToArray() : Array.Empty<CaseEvent>());
        }
    }

    public Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckAppend(caseId, expectedVersion, events, openDeadlines, assignments, audit);
        StoreValidation.CheckAudit(audit);
        lock (_gate)
        {
            var current = _cases.TryGetValue(caseId, out var existing) ? existing.Count : 0;
            if (current != expectedVersion)
            {
                return Task.FromResult(new AppendResult(false, current));
            }

            if (existing is null)
            {
                existing = new List<CaseEvent>();
                _cases[caseId] = existing;
                _caseOrder.Add(caseId);
            }

            existing.AddRange(events);
            _due[caseId] = openDeadlines.ToList();
            _assignments[caseId] = new Dictionary<string, string>(assignments, StringComparer.Ordinal);
            foreach (var e in events)
            {
                Seal(CaseEventSerializer.AuditRecordFor(e));
            }

            foreach (var record in audit)
            {
                Seal(record);
            }

            return Task.FromResult(new AppendResult(true, existing.Count));
        }
    }

    private void Seal(AuditRecord record)
    {
        var previous = _audit.Count == 0 ? AuditChain.GenesisHash : _audit[^1].Hash;
        _audit.Add(AuditChain.Seal(previous, _audit.Count + 1, record));
    }

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckAudit(audit);
        lock (_gate)
        {
            foreach (var record in audit)
            {
                Seal(record);
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AuditEntry[] snapshot;
        lock (_gate)
        {
            snapshot = _audit.Skip((int)Math.Max(0, fromPosition - 1)).ToArray();
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            IReadOnlyList<DueDeadline> due = _due.Values.SelectMany(d => d).Where(d => d.NextActionAt <= until)
                .OrderBy(d => d.NextActionAt).ThenBy(d => d.CaseId, StringComparer.Ordinal).ThenBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance).Take(limit).ToArray();
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var all = _due.Values.SelectMany(d => d).ToList();
            return Task.FromResult(all.Count == 0 ? (DateTimeOffset?)null : all.Min(d => d.NextActionAt));
        }
    }

    public Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> cases = _assignments.Where(a => a.Value.Values.Contains(officerId, StringComparer.Ordinal)).Select(a => a.Key).OrderBy(c => c, StringComparer.Ordinal).ToArray();
            return Task.FromResult(cases);
        }
    }

    public Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            IReadOnlyList<string> cases = Enumerable.Reverse(_caseOrder).Take(limit).ToArray();
            return Task.FromResult(cases);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
