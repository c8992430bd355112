using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Tests.Cases;

/// <summary>
/// A small in-memory <see cref="ICaseStore"/> for the engine's tests, until the storage team's InMemoryCaseStore lands:
/// appends are atomic under one lock, and every call yields first so that concurrent callers really interleave.
/// </summary>
internal sealed class TestCaseStore : ICaseStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<CaseEvent>> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<DueDeadline>> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _assignments = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];
    private readonly List<string> _order = [];
    private readonly Dictionary<(string, int), TaskCompletionSource> _waitingReaders = [];

    /// <summary>
    /// When set, a read of a case waits this long for a second reader of the same case at the same version, so that
    /// two writers reliably load the same version and race to append (a real race, not a hoped-for one).
    /// </summary>
    public TimeSpan? PairReadsWithin { get; set; }

    public int Conflicts { get; private set; }

    public IReadOnlyList<AuditEntry> Audit
    {
        get
        {
            lock (_gate)
            {
                return _audit.ToArray();
            }
        }
    }

    public IReadOnlyList<CaseEvent> Events(string caseId)
    {
        lock (_gate)
        {
            return _cases.TryGetValue(caseId, out var events) ? events.ToArray() : [];
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (PairReadsWithin is { } wait)
        {
            await MeetAnotherReaderAsync(caseId, wait);
        }

        return Events(caseId);
    }

    private async Task MeetAnotherReaderAsync(string caseId, TimeSpan wait)
    {
        TaskCompletionSource partner;
        (string, int) key;
        lock (_gate)
        {
            key = (caseId, _cases.TryGetValue(caseId, out var events) ? events.Count : 0);
            if (_waitingReaders.Remove(key, out var waiting))
            {
                waiting.TrySetResult();
                return;
            }

            partner = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitingReaders[key] = partner;
        }

        await Task.WhenAny(partner.Task, Task.Delay(wait));
        lock (_gate)
        {
            if (_waitingReaders.TryGetValue(key, out var still) && still == partner)
            {
                _waitingReaders.Remove(key);
            }
        }
    }

    public async Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            _cases.TryGetValue(caseId, out var existing);
            var current = existing?.Count ?? 0;
            if (current != expectedVersion)
            {
                Conflicts++;
                return new AppendResult(false, current);
            }

            if (existing is null)
            {
                existing = [];
                _cases[caseId] = existing;
                _order.Insert(0, caseId);
            }

            foreach (var e in events)
            {
                if (e.Version != existing.Count + 1)
                {
                    throw new InvalidOperationException($"Event {e.Version} does not follow {existing.Count}.");
                }

                existing.Add(e);
                AddAudit(new AuditRecord(AuditKind.Event, e.At, caseId, e.ActorId, null, $"{e.Kind} {e.Name} {e.Version}"));
            }

            foreach (var record in audit)
            {
                AddAudit(record);
            }

            _due[caseId] = openDeadlines.ToArray();
            _assignments[caseId] = new Dictionary<string, string>(assignments, StringComparer.Ordinal);
            return new AppendResult(true, existing.Count);
        }
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            foreach (var record in audit)
            {
                AddAudit(record);
            }
        }
    }

    // Positions here count the whole store and entries are not hashed: this store stands in for the engine's tests,
    // while the chains themselves are the storage contract's to prove.
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in Audit)
        {
            if (entry.CaseId == caseId && entry.Position >= fromPosition)
            {
                yield return entry;
            }
        }
    }

    public Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        IReadOnlyList<AuditEntry> found = Audit.Where(query.Matches).OrderBy(e => e.At).Take(query.Limit).ToArray();
        return Task.FromResult(found);
    }

    public async Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Audit.GroupBy(e => e.CaseId!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChainHead(g.Key, g.Count(), g.Last().Hash)).ToArray();
    }

    public async Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _due.Keys.ToDictionary(id => id, id => new CaseIndexRows(_due[id], _assignments.GetValueOrDefault(id) ?? new Dictionary<string, string>()));
        }
    }

    public Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The engine's tests write no checkpoints.");

    public Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence = 1, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public async Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _due.Values.SelectMany(rows => rows).Where(r => r.NextActionAt <= until).OrderBy(r => r.NextActionAt).Take(limit).ToArray();
        }
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _due.Values.SelectMany(rows => rows).Select(r => (DateTimeOffset?)r.NextActionAt).Min();
        }
    }

    public async Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _assignments.Where(a => a.Value.Values.Contains(officerId)).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
        }
    }

    public async Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _order.Take(limit).ToArray();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void AddAudit(AuditRecord record) =>
        _audit.Add(new AuditEntry(_audit.Count + 1, record.Kind, record.At, record.CaseId, record.ActorId, record.Purpose, record.Content, string.Empty, string.Empty));
}

/// <summary>Keeps the notifications it is given, thread-safely.</summary>
internal sealed class RecordingSink : Notifications.INotificationSink
{
    private readonly List<Notifications.Notification> _sent = [];

    public IReadOnlyList<Notifications.Notification> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToArray();
            }
        }
    }

    public Task NotifyAsync(Notifications.Notification notification, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
