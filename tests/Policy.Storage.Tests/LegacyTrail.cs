using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>
/// What versions 1 and 2 of the stores left behind: one hash chain for the whole store (the old encoding), and each
/// event also in the events table. Written as SQL, for the migration tests of both databases.
/// </summary>
internal sealed class LegacyTrail
{
    private readonly List<AuditEntry> _entries = [];
    private readonly List<CaseEvent> _events = [];

    public IReadOnlyList<AuditEntry> Entries => _entries;

    public LegacyTrail Event(CaseEvent e)
    {
        _events.Add(e);
        return Add(CaseEventSerializer.AuditRecordFor(e));
    }

    public LegacyTrail Add(AuditRecord record)
    {
        var previous = _entries.Count == 0 ? AuditChain.GenesisHash : _entries[^1].Hash;
        var position = _entries.Count + 1;
        var at = new DateTimeOffset(record.At.UtcTicks - (record.At.UtcTicks % 10), TimeSpan.Zero);
        var hash = AuditChain.ComputeStoreWideHash(previous, position, record.Kind, at, record.CaseId, record.ActorId, record.Purpose, record.Content);
        _entries.Add(new AuditEntry(position, record.Kind, at, record.CaseId, record.ActorId, record.Purpose, record.Content, previous, hash));
        return this;
    }

    /// <summary>The inserts of the cases, events and old audit rows, into tables named with <paramref name="prefix"/> (a schema and a dot, or nothing).</summary>
    public string ToSql(string prefix)
    {
        var sql = new System.Text.StringBuilder();
        foreach (var group in _events.GroupBy(e => e.CaseId))
        {
            sql.Append($"INSERT INTO {prefix}cases (case_id, version) VALUES ({Text(group.Key)}, {group.Count()});\n");
        }

        foreach (var e in _events)
        {
            sql.Append($"INSERT INTO {prefix}events (case_id, version, content) VALUES ({Text(e.CaseId)}, {e.Version}, {Text(CaseEventSerializer.Serialize(e))});\n");
        }

        foreach (var a in _entries)
        {
            sql.Append($"INSERT INTO {prefix}audit (position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash) VALUES ({a.Position}, {Text(a.Kind.ToString())}, {Text(StoredTime.FormatAuditTime(a.At))}, {Text(a.CaseId)}, {Text(a.ActorId)}, {Text(a.Purpose)}, {Text(a.Content)}, {Text(a.PreviousHash)}, {Text(a.Hash)});\n");
        }

        return sql.ToString();
    }

    /// <summary>old: opened, read, acted; older: opened; oldest: opened. In that order, so "newest first" is oldest, older, old.</summary>
    public static LegacyTrail ThreeCases() => new LegacyTrail()
        .Event(CaseStoreContract.Event("old", 1))
        .Event(CaseStoreContract.Event("older", 1))
        .Add(new AuditRecord(AuditKind.Read, CaseStoreContract.T0.AddHours(1), "old", "sgt-2", "Supervisor review", "{}"))
        .Event(CaseStoreContract.Event("old", 2))
        .Event(CaseStoreContract.Event("oldest", 1));

    private static string Text(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
