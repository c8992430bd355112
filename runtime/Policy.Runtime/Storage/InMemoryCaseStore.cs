using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>
/// A store in memory, for tests and simulations. Holds to the same contract as the database stores: appends are
/// atomic and checked against the expected version, every event and audit record joins its case's hash chain, and a
/// case's events are read back from that chain.
/// </summary>
public sealed class InMemoryCaseStore : ICaseStore
{
    private readonly object _gate = new();
    private readonly AuditKeyRing? _keys;
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly List<string> _caseOrder = new();
    private readonly Dictionary<string, List<AuditEntry>> _chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DueDeadline>> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _assignments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, string> _checkpoints = new();

    /// <param name="auditKeys">The keys that seal each audit entry as it is written; null leaves entries unsealed.</param>
    public InMemoryCaseStore(AuditKeyRing? auditKeys = null) => _keys = auditKeys;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        lock (_gate)
        {
            IReadOnlyList<CaseEvent> events = _chains.TryGetValue(caseId, out var chain)
                ? chain.Where(e => e.Kind == AuditKind.Event).Select(e => CaseEventSerializer.Deserialize(e.Content)).ToArray()
                : Array.Empty<CaseEvent>();
            return Task.FromResult(events);
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
            var current = _versions.GetValueOrDefault(caseId);
            if (current != expectedVersion)
            {
                return Task.FromResult(new AppendResult(false, current));
            }

            if (current == 0)
            {
                _caseOrder.Add(caseId);
            }

            _versions[caseId] = current + events.Count;
            _due[caseId] = openDeadlines.ToList();
            _assignments[caseId] = new Dictionary<string, string>(assignments, StringComparer.Ordinal);
            foreach (var record in events.Select(CaseEventSerializer.AuditRecordFor).Concat(audit).Append(CaseIndexContent.RecordFor(caseId, events[^1].At, openDeadlines, assignments)))
            {
                Seal(record);
            }

            return Task.FromResult(new AppendResult(true, _versions[caseId]));
        }
    }

    private void Seal(AuditRecord record)
    {
        if (!_chains.TryGetValue(record.CaseId!, out var chain))
        {
            chain = new List<AuditEntry>();
            _chains[record.CaseId!] = chain;
        }

        var entry = AuditChain.Seal(chain.Count == 0 ? AuditChain.GenesisHash : chain[^1].Hash, chain.Count + 1, record);
        chain.Add(_keys is null ? entry : _keys.SealEntry(entry));
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

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        AuditEntry[] snapshot;
        lock (_gate)
        {
            snapshot = _chains.TryGetValue(caseId, out var chain) ? chain.Where(e => e.Position >= fromPosition).ToArray() : [];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ChainHead> heads = _chains.Where(c => c.Value.Count > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new ChainHead(c.Key, c.Value[^1].Position, c.Value[^1].Hash)).ToArray();
            return Task.FromResult(heads);
        }
    }

    public Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Under the lock, so the rows and the chains' lengths are one snapshot, as the database stores read them.
            IReadOnlyDictionary<string, CaseIndexRows> index = _chains.Where(c => c.Value.Count > 0).Select(c => c.Key)
                .Union(_due.Where(d => d.Value.Count > 0).Select(d => d.Key), StringComparer.Ordinal)
                .Union(_assignments.Where(a => a.Value.Count > 0).Select(a => a.Key), StringComparer.Ordinal)
                .ToDictionary(
                    id => id,
                    id => new CaseIndexRows(
                        _due.GetValueOrDefault(id)?.OrderBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance).ToArray() ?? [],
                        new Dictionary<string, string>(_assignments.GetValueOrDefault(id) ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                        _chains.TryGetValue(id, out var chain) && chain.Count > 0 ? chain[^1].Position : 0),
                    StringComparer.Ordinal);
            return Task.FromResult(index);
        }
    }

    public Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.TryAdd(checkpoint.Sequence, checkpoint.ToJsonLine()));
        }
    }

    public Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence = 1, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> lines = _checkpoints.Where(c => c.Key >= fromSequence).Select(c => c.Value).ToArray();
            return Task.FromResult(lines);
        }
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

    public Task<DueWorkPage> FindDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        lock (_gate)
        {
            var rows = _due.SelectMany(c => c.Value.Select(d => (d, _assignments.TryGetValue(c.Key, out var held) ? DueWorkPages.OfficerHolding(held, d.Role) : null)));
            return Task.FromResult(DueWorkPages.Page(query, rows));
        }
    }

    /// <summary>Changes the store behind its own back, as an attacker with the memory (or a test) would: <paramref name="tamper"/> gets each case's chain and index rows.</summary>
    internal void Tamper(Action<Dictionary<string, List<AuditEntry>>, Dictionary<string, List<DueDeadline>>, Dictionary<string, Dictionary<string, string>>, SortedDictionary<long, string>> tamper)
    {
        lock (_gate)
        {
            tamper(_chains, _due, _assignments, _checkpoints);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
