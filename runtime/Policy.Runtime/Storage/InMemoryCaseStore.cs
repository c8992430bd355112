using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage.Snapshots;

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
    private readonly Dictionary<string, decimal> _caseloads = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CaseId, string Key), OutboxRow> _outbox = new();

    private sealed record OutboxRow(string Content, DateTimeOffset NextAt, int Attempts, string? LastError, string? ClaimedBy, DateTimeOffset? ClaimedUntil);
    private readonly SortedDictionary<long, string> _checkpoints = new();
    private readonly Dictionary<string, (CaseSnapshot Snapshot, string? SealKey, string? Seal)> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CaseId, string Deadline, int Instance), (string Claimant, DateTimeOffset Until)> _claims = new();

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
        CancellationToken cancellationToken = default) =>
        AppendAsync(new CaseAppend(caseId, expectedVersion, events, openDeadlines, assignments, audit), cancellationToken);

    public Task<AppendResult> AppendAsync(CaseAppend append, CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckAppend(append);
        lock (_gate)
        {
            return Task.FromResult(Write(append));
        }
    }

    private AppendResult Write(CaseAppend append)
    {
        var (caseId, expectedVersion, events, openDeadlines, assignments, audit) = append;
        {
            var current = _versions.GetValueOrDefault(caseId);
            if (current != expectedVersion)
            {
                return new AppendResult(false, current);
            }

            if (current == 0)
            {
                _caseOrder.Add(caseId);
            }

            _versions[caseId] = current + events.Count;
            _due[caseId] = openDeadlines.ToList();
            foreach (var claimed in _claims.Keys.Where(k => k.CaseId == caseId).ToArray())
            {
                _claims.Remove(claimed);
            }

            _assignments[caseId] = new Dictionary<string, string>(assignments, StringComparer.Ordinal);
            if (append.Caseload is { } weight)
            {
                _caseloads[caseId] = weight;
            }
            else
            {
                _caseloads.Remove(caseId);
            }

            AddOutbox(append.Notifications, append.NotifyFrom);
            foreach (var record in events.Select(CaseEventSerializer.AuditRecordFor).Concat(audit).Append(CaseIndexContent.RecordFor(caseId, events[^1].At, openDeadlines, assignments, append.Caseload)))
            {
                Seal(record);
            }

            return new AppendResult(true, _versions[caseId]);
        }
    }

    public async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        for (var i = 0; i < appends.Count; i++)
        {
            StoreValidation.CheckAppend(appends[i] ?? throw new ArgumentException($"Append {i} is null.", nameof(appends)));
        }

        var results = new AppendResult[appends.Count];
        lock (_gate)
        {
            // Under one hold of the lock, as one transaction: nobody sees part of the batch.
            for (var i = 0; i < appends.Count; i++)
            {
                results[i] = Write(appends[i]);
            }
        }

        return await Task.FromResult(results).ConfigureAwait(false);
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

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default) =>
        AppendAuditAsync(audit, [], cancellationToken);

    public bool KeepsOutbox => true;

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckAudit(audit);
        StoreValidation.CheckNotificationsWithAudit(audit, notifications);
        lock (_gate)
        {
            AddOutbox(notifications, StoreValidation.OutboxFrom(audit, notifications));
            foreach (var record in audit)
            {
                Seal(record);
            }
        }

        return Task.CompletedTask;
    }

    private void AddOutbox(IReadOnlyList<Notification> notifications, DateTimeOffset from)
    {
        foreach (var notification in notifications)
        {
            var content = OutboxContent.Serialize(notification);
            _outbox.TryAdd((notification.CaseId, OutboxContent.KeyOf(content)), new OutboxRow(content, from, 0, null, null, null));
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        lock (_gate)
        {
            var claimed = _outbox
                .Where(o => o.Value.NextAt <= now && (o.Value.ClaimedUntil is not { } until || until <= now || o.Value.ClaimedBy == claimant))
                .OrderBy(o => o.Value.NextAt).ThenBy(o => o.Key.CaseId, StringComparer.Ordinal).ThenBy(o => o.Key.Key, StringComparer.Ordinal)
                .Take(limit)
                .ToArray();
            foreach (var (key, row) in claimed)
            {
                _outbox[key] = row with { ClaimedBy = claimant, ClaimedUntil = claimedUntil };
            }

            IReadOnlyList<OutboxEntry> entries = claimed.Select(o => new OutboxEntry(o.Key.CaseId, o.Key.Key, o.Value.Content, o.Value.Attempts, o.Value.LastError)).ToArray();
            return Task.FromResult(entries);
        }
    }

    public Task<bool> CompleteOutboxAsync(OutboxEntry entry, AuditRecord sent, CancellationToken cancellationToken = default) =>
        Task.FromResult(Complete([new OutboxCompletion(entry, sent)]) == 1);

    public Task<int> CompleteOutboxAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default) =>
        Task.FromResult(Complete(completions));

    private int Complete(IReadOnlyList<OutboxCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(completions);
        StoreValidation.CheckCompletions(completions);
        lock (_gate)
        {
            var recorded = 0;
            foreach (var (entry, sent) in completions)
            {
                if (_outbox.Remove((entry.CaseId, entry.Key)))
                {
                    Seal(sent);
                    recorded++;
                }
            }

            return recorded;
        }
    }

    public Task RetryOutboxAsync(OutboxEntry entry, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            if (_outbox.TryGetValue((entry.CaseId, entry.Key), out var row))
            {
                _outbox[(entry.CaseId, entry.Key)] = row with { NextAt = retryAt, Attempts = row.Attempts + 1, LastError = error.Length > 2_000 ? error[..2_000] : error, ClaimedBy = null, ClaimedUntil = null };
            }
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> NextOutboxAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_outbox.Count == 0 ? (DateTimeOffset?)null : _outbox.Values.Min(o => o.NextAt));
        }
    }

    /// <summary>For tamper tests: rewrites the content of an outbox entry behind the store's back.</summary>
    internal void TamperOutbox(string caseId, string key, string content)
    {
        lock (_gate)
        {
            _outbox[(caseId, key)] = _outbox[(caseId, key)] with { Content = content };
        }
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

    public Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> found = _chains.Values.SelectMany(chain => chain).Where(query.Matches)
                .OrderBy(e => e.At).ThenBy(e => e.CaseId, StringComparer.Ordinal).ThenBy(e => e.Position)
                .Take(query.Limit).ToArray();
            return Task.FromResult(found);
        }
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
                        _chains.TryGetValue(id, out var chain) && chain.Count > 0 ? chain[^1].Position : 0,
                        _caseloads.TryGetValue(id, out var weight) ? weight : null),
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

    public Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        lock (_gate)
        {
            var free = _due.Values.SelectMany(d => d)
                .Where(d => d.NextActionAt <= now && (!_claims.TryGetValue((d.CaseId, d.Deadline, d.Instance), out var claim) || claim.Until <= now || claim.Claimant == claimant))
                .OrderBy(d => d.NextActionAt).ThenBy(d => d.CaseId, StringComparer.Ordinal).ThenBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance)
                .Take(limit)
                .ToArray();
            foreach (var row in free)
            {
                _claims[(row.CaseId, row.Deadline, row.Instance)] = (claimant, claimedUntil);
            }

            return Task.FromResult<IReadOnlyList<DueDeadline>>(free);
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

    public async Task<IReadOnlyDictionary<string, decimal>> FindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken = default)
    {
        StoreValidation.CheckCaseloadQuery(officerIds);
        return CaseloadSums.FromIndex(await ReadIndexAsync(cancellationToken).ConfigureAwait(false), officerIds, exceptCaseId);
    }

    public Task<IReadOnlyList<string>> FindCasesWithoutCaseloadAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            IReadOnlyList<string> found = _assignments.Where(a => a.Value.Count > 0 && !_caseloads.ContainsKey(a.Key) && string.CompareOrdinal(a.Key, after ?? "") > 0)
                .Select(a => a.Key).Order(StringComparer.Ordinal).Take(limit).ToArray();
            return Task.FromResult(found);
        }
    }

    public Task<bool> IndexCaseloadAsync(string caseId, long expectedVersion, decimal weight, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        StoreValidation.CheckCaseload(weight);
        lock (_gate)
        {
            if (expectedVersion < 1 || _versions.GetValueOrDefault(caseId) != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _caseloads[caseId] = weight;
            Seal(CaseIndexContent.RecordFor(caseId, at, _due.GetValueOrDefault(caseId) ?? [], _assignments.GetValueOrDefault(caseId) ?? new Dictionary<string, string>(), weight));
            return Task.FromResult(true);
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

    public Task<CaseSnapshot?> ReadSnapshotAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(caseId, out var kept) || !_chains.TryGetValue(caseId, out var chain))
            {
                return Task.FromResult<CaseSnapshot?>(null);
            }

            var (snapshot, sealKey, seal) = kept;
            var at = snapshot.ChainPosition - 1;
            var belongs = at < chain.Count && string.Equals(chain[(int)at].Hash, snapshot.ChainHash, StringComparison.Ordinal);
            return Task.FromResult(belongs && snapshot.IsSealedBy(_keys, sealKey, seal) ? snapshot : null);
        }
    }

    public Task<IReadOnlyList<CaseEvent>> ReadCaseAfterAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            IReadOnlyList<CaseEvent> events = _chains.TryGetValue(snapshot.CaseId, out var chain)
                ? chain.Where(e => e.Kind == AuditKind.Event).Select(e => CaseEventSerializer.Deserialize(e.Content)).Where(e => e.Version > snapshot.Version).ToArray()
                : Array.Empty<CaseEvent>();
            return Task.FromResult(events);
        }
    }

    public Task SaveSnapshotAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshot.Version, 1);
        lock (_gate)
        {
            var last = _chains.TryGetValue(snapshot.CaseId, out var chain) ? chain.Where(e => e.Kind == AuditKind.Event).Skip((int)snapshot.Version - 1).FirstOrDefault() : null;
            if (last is null || (_snapshots.TryGetValue(snapshot.CaseId, out var kept) && kept.Snapshot.Version >= snapshot.Version && kept.Snapshot.PolicyKey == snapshot.PolicyKey))
            {
                return Task.CompletedTask;
            }

            var placed = snapshot with { ChainPosition = last.Position, ChainHash = last.Hash };
            var (sealKey, seal) = _keys is null ? (null, null) : _keys.SealSnapshot(placed.SignedText);
            _snapshots[snapshot.CaseId] = (placed, sealKey, seal);
        }

        return Task.CompletedTask;
    }

    public Task<int> DropSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var count = _snapshots.Count;
            _snapshots.Clear();
            return Task.FromResult(count);
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

    /// <summary>Replaces the content of a kept snapshot behind the store's back, keeping its seal (for the test that a broken seal is noticed).</summary>
    /// <summary>For tamper tests: rewrites (or, with null, drops) a case's weight in the caseload index, past its chain.</summary>
    internal void TamperCaseload(string caseId, decimal? weight)
    {
        lock (_gate)
        {
            if (weight is { } value)
            {
                _caseloads[caseId] = value;
            }
            else
            {
                _caseloads.Remove(caseId);
            }
        }
    }

    internal void TamperSnapshot(string caseId, string content)
    {
        lock (_gate)
        {
            var (snapshot, sealKey, seal) = _snapshots[caseId];
            _snapshots[caseId] = (snapshot with { Content = content }, sealKey, seal);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
