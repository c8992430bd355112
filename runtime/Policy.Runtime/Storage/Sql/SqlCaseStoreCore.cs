using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage.Snapshots;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// The <see cref="ICaseStore"/> logic both SQL stores share. The tables and the SQL are the same on SQLite and
/// PostgreSQL; a <see cref="SqlDialect"/> supplies connections, how writers take turns, and the migrations.
/// </summary>
internal sealed class SqlCaseStoreCore
{
    private const string DueColumns = "case_id, policy, deadline, instance, due_at, next_action_at, stage, role";
    private const string AuditColumns = "case_id, position, kind, at, actor_id, purpose, content, previous_hash, hash, seal_key, seal";

    private readonly SqlDialect _dialect;
    private readonly AuditKeyRing? _keys;
    private readonly string _cases;
    private readonly string _audit;
    private readonly string _due;
    private readonly string _assignments;
    private readonly string _caseloads;
    private readonly string _outbox;
    private readonly string _checkpoints;
    private readonly string _snapshots;

    /// <param name="keys">The keys entries are sealed with; null to leave them unsealed (verification with a key then reports them).</param>
    public SqlCaseStoreCore(SqlDialect dialect, AuditKeyRing? keys)
    {
        _dialect = dialect;
        _keys = keys;
        _cases = dialect.Table("cases");
        _audit = dialect.Table("audit");
        _due = dialect.Table("due_deadlines");
        _assignments = dialect.Table("assignments");
        _caseloads = dialect.Table("caseloads");
        _outbox = dialect.Table("outbox");
        _checkpoints = dialect.Table("checkpoints");
        _snapshots = dialect.Table("snapshots");
        FindDueSql = $"SELECT {DueColumns} FROM {_due} WHERE next_action_at <= {{0}} ORDER BY next_action_at, case_id, deadline, instance LIMIT {{1}}";
    }

    /// <summary>The query behind <see cref="FindDueAsync"/>, with <c>{0}</c> the time (ticks) and <c>{1}</c> the limit; the index test explains it.</summary>
    public string FindDueSql { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        await SchemaMigrations.ApplyAsync(
            connection,
            transaction,
            _dialect.Table("schema_version"),
            _dialect.Migrations,
            (version, token) => version == PerCaseChainMigration.SchemaVersion
                ? new PerCaseChainMigration(_dialect, _keys).RunAsync(connection, transaction, token)
                : Task.CompletedTask,
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema version the database is at, without changing it; 0 when it has no schema yet.</summary>
    public async Task<int> ReadSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var found = await new SqlScript($"SELECT MAX(version) FROM {_dialect.Table("schema_version")}").ScalarAsync(connection, null, cancellationToken).ConfigureAwait(false);
            return found is null ? 0 : Convert.ToInt32(found, CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            // No schema_version table: nothing was ever written here.
            return 0;
        }
    }

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT content FROM {_audit} WHERE case_id = {{0}} AND kind = {{1}} ORDER BY position", caseId, nameof(AuditKind.Event))
            .ReadAsync(connection, null, reader => CaseEventSerializer.Deserialize(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken) =>
        AppendAsync(new CaseAppend(caseId, expectedVersion, events, openDeadlines, assignments, audit), cancellationToken);

    public async Task<AppendResult> AppendAsync(CaseAppend append, CancellationToken cancellationToken)
    {
        StoreValidation.CheckAppend(append);
        // Serialised here, on the caller's thread: inside the write only the chain's hashes and seals wait for the head.
        var records = RecordsOf(append);
        return await _dialect.RunWriteAsync(
            (writer, transaction, token) => WriteAppendAsync(writer, transaction, append, records, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The records an append adds to its case's chain: one per event, the audit records, and the index entry.</summary>
    private static AuditRecord[] RecordsOf(CaseAppend a) =>
        a.Events.Select(CaseEventSerializer.AuditRecordFor)
            .Concat(a.Audit)
            .Append(CaseIndexContent.RecordFor(a.CaseId, a.Events[^1].At, a.OpenDeadlines, a.Assignments, a.Caseload))
            .ToArray();

    /// <summary>
    /// The writes of one append, inside a write transaction that the caller commits; nothing is written on a conflict.
    /// </summary>
    private async Task<AppendResult> WriteAppendAsync(
        DbConnection connection,
        DbTransaction transaction,
        CaseAppend append,
        IReadOnlyList<AuditRecord> records,
        CancellationToken cancellationToken)
    {
        var (caseId, expectedVersion, events, openDeadlines, assignments, _) = append;
        var eventCount = events.Count;
        // The version check is a write on the case's own row, which also gives back the head of the case's chain: a
        // writer racing for the same case waits for that row and finds nothing to update once the winner commits; the
        // row then stays locked until this transaction ends, so neither the version nor the head can move under it.
        // Writers of other cases lock other rows, so on PostgreSQL they never wait for one another.
        var newVersion = expectedVersion + eventCount;
        var claim = expectedVersion == 0
            // "Newest first" needs a number that follows the order cases were opened in and survives VACUUM or a dump
            // and restore (unlike a rowid): taken in the claim itself.
            ? new SqlScript($"INSERT INTO {_cases} AS c (case_id, version, entries, head, opened) VALUES ({{0}}, {{1}}, 0, {{2}}, {_dialect.NextOpenedSql}) ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, opened = excluded.opened WHERE c.version = 0 RETURNING entries, head", caseId, newVersion, AuditChain.GenesisHash)
            : new SqlScript($"UPDATE {_cases} SET version = {{1}} WHERE case_id = {{0}} AND version = {{2}} RETURNING entries, head", caseId, newVersion, expectedVersion);
        var claimed = await _dialect.ReadAsync(claim, connection, transaction, reader => (reader.GetInt64(0), reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        (long Entries, string Head)? head = claimed.Count == 0 ? null : claimed[0];
        if (head is null)
        {
            // The claim changed nothing. Read in the same transaction: on SQLite the connection has no other, and on
            // PostgreSQL (read committed) this statement sees the version the winner committed.
            return new AppendResult(false, await ReadVersionAsync(connection, transaction, caseId, cancellationToken).ConfigureAwait(false));
        }

        var script = new SqlScript();

        // A new case has no rows to replace: only appends write them, and it has had none (a read or a refusal before
        // its first event makes its row at version 0, and writes no index rows).
        var replacing = expectedVersion > 0;
        if (replacing)
        {
            script.Add($"DELETE FROM {_due} WHERE case_id = {{0}}", caseId);
        }

        foreach (var row in openDeadlines)
        {
            script.Add(
                $"INSERT INTO {_due} ({DueColumns}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}})",
                caseId, row.PolicyName, row.Deadline, row.Instance, StoredTime.ToTicks(row.DueAt), SqlScript.Int64OrNull(row.NextActionAt is { } next ? StoredTime.ToTicks(next) : null), row.Stage, row.Role);
        }

        if (replacing)
        {
            script.Add($"DELETE FROM {_assignments} WHERE case_id = {{0}}", caseId);
        }

        foreach (var (role, officer) in assignments)
        {
            script.Add($"INSERT INTO {_assignments} (case_id, role, officer_id) VALUES ({{0}}, {{1}}, {{2}})", caseId, role, officer);
        }

        // One statement either way: every append writes it, so it costs what one row costs.
        script.Add(
            append.Caseload is { } weight
                ? $"INSERT INTO {_caseloads} (case_id, weight) VALUES ({{0}}, {{1}}) ON CONFLICT (case_id) DO UPDATE SET weight = excluded.weight"
                : $"DELETE FROM {_caseloads} WHERE case_id = {{0}}",
            caseId,
            append.Caseload is { } thousandths ? ToThousandths(thousandths) : 0L);

        AddOutbox(script, append.Notifications, append.NotifyFrom);
        AddEntries(script, caseId, records, head.Value);
        await _dialect.ExecuteAsync(script, connection, transaction, cancellationToken).ConfigureAwait(false);
        return new AppendResult(true, newVersion);
    }

    public async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appends);
        for (var i = 0; i < appends.Count; i++)
        {
            StoreValidation.CheckAppend(appends[i] ?? throw new ArgumentException($"Append {i} is null.", nameof(appends)));
        }

        // Cases are claimed in one order (a stable sort keeps one case's appends in the order given), so two batches
        // over the same cases cannot each hold a row the other waits for.
        var order = Enumerable.Range(0, appends.Count).OrderBy(i => appends[i].CaseId, StringComparer.Ordinal).ToArray();
        var records = appends.Select(RecordsOf).ToArray();
        return await _dialect.RunWriteAsync(
            async (connection, transaction, token) =>
            {
                var results = new AppendResult[appends.Count];
                foreach (var i in order)
                {
                    results[i] = await WriteAppendAsync(connection, transaction, appends[i], records[i], token).ConfigureAwait(false);
                }

                return results;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken) =>
        AppendAuditAsync(audit, [], cancellationToken);

    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        StoreValidation.CheckAudit(audit);
        StoreValidation.CheckNotificationsWithAudit(audit, notifications);

        if (audit.Count == 0 && notifications.Count == 0)
        {
            return;
        }

        var from = StoreValidation.OutboxFrom(audit, notifications);
        await _dialect.RunWriteAsync(
            async (connection, transaction, token) =>
            {
                var script = new SqlScript();
                AddOutbox(script, notifications, from);
                await AddAuditAsync(connection, transaction, script, audit, token).ConfigureAwait(false);
                await script.ExecuteAsync(connection, transaction, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long after a save the outbox leaves a notification to the case service that saved it, before a dispatcher may send it.</summary>
    public static readonly TimeSpan OutboxGrace = TimeSpan.FromMinutes(1);

    /// <summary>Adds the entries of <paramref name="audit"/> to their cases' chains, each case's head claimed in case id order.</summary>
    private async Task AddAuditAsync(DbConnection connection, DbTransaction transaction, SqlScript script, IReadOnlyList<AuditRecord> audit, CancellationToken token)
    {
        // Cases are locked in one order, so two calls touching the same cases cannot each hold one the other waits for.
        foreach (var group in audit.GroupBy(r => r.CaseId!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // A read or a refusal can come before a case's first event (or for a case that is never opened): its row is
            // then made at version 0, which is still "no such case" to every reader.
            var claim = new SqlScript(
                $"INSERT INTO {_cases} AS c (case_id, version, entries, head) VALUES ({{0}}, 0, 0, {{1}}) ON CONFLICT (case_id) DO UPDATE SET version = c.version RETURNING entries, head",
                group.Key,
                AuditChain.GenesisHash);
            var head = await ReadClaimedHeadAsync(connection, transaction, claim, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The row of case '{group.Key}' could not be claimed.");
            AddEntries(script, group.Key, group, head);
        }
    }

    /// <summary>Adds the inserts of <paramref name="notifications"/> into the outbox, each once (by its key), due from <paramref name="from"/>.</summary>
    private void AddOutbox(SqlScript script, IReadOnlyList<Notification> notifications, DateTimeOffset from)
    {
        foreach (var notification in notifications)
        {
            var content = OutboxContent.Serialize(notification);
            script.Add(
                $"INSERT INTO {_outbox} (case_id, key, content, next_at, attempts) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, 0) ON CONFLICT (case_id, key) DO NOTHING",
                notification.CaseId, OutboxContent.KeyOf(content), content, StoredTime.ToTicks(from));
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        var ticks = StoredTime.ToTicks(now);
        var claim = ClaimScript(_outbox, "next_at", ["case_id", "key"], "case_id, key, content, attempts, last_error, next_at", claimant, ticks, claimedUntil, limit);
        var rows = await _dialect.RunWriteAsync(
            (connection, transaction, token) => claim.ReadAsync(
                connection,
                transaction,
                reader => (Entry: new OutboxEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)), Next: reader.GetInt64(5)),
                token),
            cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.Next).ThenBy(r => r.Entry.CaseId, StringComparer.Ordinal).ThenBy(r => r.Entry.Key, StringComparer.Ordinal).Select(r => r.Entry).ToArray();
    }

    public async Task<int> CompleteOutboxAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        StoreValidation.CheckCompletions(completions);
        if (completions.Count == 0)
        {
            return 0;
        }

        return await _dialect.RunWriteAsync(
            async (connection, transaction, token) =>
            {
                // The delete decides: a second completion of the same entry (two dispatchers, or a dispatcher and the
                // case service) finds nothing to delete and records nothing.
                var recorded = new List<AuditRecord>(completions.Count);
                foreach (var (entry, sent) in completions)
                {
                    if (await new SqlScript($"DELETE FROM {_outbox} WHERE case_id = {{0}} AND key = {{1}}", entry.CaseId, entry.Key).ExecuteAsync(connection, transaction, token).ConfigureAwait(false) > 0)
                    {
                        recorded.Add(sent);
                    }
                }

                if (recorded.Count == 0)
                {
                    return 0;
                }

                var script = new SqlScript();
                await AddAuditAsync(connection, transaction, script, recorded, token).ConfigureAwait(false);
                await script.ExecuteAsync(connection, transaction, token).ConfigureAwait(false);
                return recorded.Count;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task RetryOutboxAsync(OutboxEntry entry, DateTimeOffset retryAt, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Length > 2_000 ? error[..2_000] : error;
        await _dialect.RunWriteAsync(
            (connection, transaction, token) => new SqlScript(
                    $"UPDATE {_outbox} SET attempts = attempts + 1, next_at = {{2}}, last_error = {{3}}, claimed_by = NULL, claimed_until = NULL WHERE case_id = {{0}} AND key = {{1}}",
                    entry.CaseId, entry.Key, StoredTime.ToTicks(retryAt), text)
                .ExecuteAsync(connection, transaction, token),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextOutboxAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var next = await new SqlScript($"SELECT MIN(next_at) FROM {_outbox}").ScalarAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return next is null or DBNull ? null : StoredTime.FromTicks(Convert.ToInt64(next, CultureInfo.InvariantCulture));
    }

    private static async Task<(long Entries, string Head)?> ReadClaimedHeadAsync(DbConnection connection, DbTransaction transaction, SqlScript claim, CancellationToken cancellationToken)
    {
        var rows = await claim.ReadAsync(connection, transaction, reader => (reader.GetInt64(0), reader.GetString(1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<long> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, string caseId, CancellationToken cancellationToken)
    {
        var version = await new SqlScript($"SELECT version FROM {_cases} WHERE case_id = {{0}}", caseId)
            .ScalarAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        return version is null ? 0 : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    private void AddEntries(SqlScript script, string caseId, IEnumerable<AuditRecord> records, (long Entries, string Head) head)
    {
        var (position, previousHash) = head;
        foreach (var record in records)
        {
            var entry = AuditChain.Seal(previousHash, ++position, record);
            AddEntry(script, _audit, _keys is null ? entry : _keys.SealEntry(entry));
            previousHash = entry.Hash;
        }

        // The row's copy of the head is what the next append of this case chains onto; verification never trusts it.
        script.Add($"UPDATE {_cases} SET entries = {{1}}, head = {{2}} WHERE case_id = {{0}}", caseId, position, previousHash);
    }

    /// <summary>Adds the insert of <paramref name="entry"/> into <paramref name="auditTable"/>.</summary>
    internal static void AddEntry(SqlScript script, string auditTable, AuditEntry entry) =>
        script.Add(
            $"INSERT INTO {auditTable} ({AuditColumns}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}}, {{9}}, {{10}})",
            entry.CaseId, entry.Position, entry.Kind.ToString(), StoredTime.FormatAuditTime(entry.At), entry.ActorId, entry.Purpose, entry.Content, entry.PreviousHash, entry.Hash, entry.SealKeyId, entry.Seal);

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqlScript($"SELECT {AuditColumns} FROM {_audit} WHERE case_id = {{0}} AND position >= {{1}} ORDER BY position", caseId, fromPosition).CreateCommand(connection, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEntry(reader);
        }
    }

    /// <summary>
    /// An officer's entries, or one kind's, across every case: from the indexes on (actor, time) and (kind, time) that
    /// the access-records migration adds; the fixed-width ISO times sort as text in time order.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAuditScript(query).ReadAsync(connection, null, ReadEntry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan the database chooses for <see cref="FindAuditAsync"/>: what the tests read to prove it uses an index.</summary>
    public Task<string> ExplainFindAuditAsync(string explain, int column, AuditQuery query, CancellationToken cancellationToken) =>
        ExplainAsync(FindAuditScript(query), explain, column, cancellationToken);

    private SqlScript FindAuditScript(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var conditions = new List<string>();
        var values = new List<object?>();
        void Condition(string column, string op, object value)
        {
            conditions.Add($"{column} {op} {{{values.Count}}}");
            values.Add(value);
        }

        if (query.ActorId is { } actor)
        {
            Condition("actor_id", "=", actor);
        }

        if (query.Kind is { } kind)
        {
            Condition("kind", "=", kind.ToString());
        }

        if (query.From is { } from)
        {
            Condition("at", ">=", StoredTime.FormatAuditTime(from));
        }

        if (query.Until is { } until)
        {
            Condition("at", "<", StoredTime.FormatAuditTime(until));
        }

        var sql = $"SELECT {AuditColumns} FROM {_audit} WHERE {string.Join(" AND ", conditions)} ORDER BY at, case_id, position LIMIT {query.Limit}";
        return new SqlScript(sql, [.. values]);
    }

    /// <summary>An entry from a row of <see cref="AuditColumns"/>.</summary>
    internal static AuditEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(1),
        ReadKind(reader.GetString(2)),
        ReadTime(reader.GetString(3)),
        reader.GetString(0),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    // An edited time that is no longer a time is an entry that no longer matches its hash, not a store that cannot be read.
    private static DateTimeOffset ReadTime(string text)
    {
        try
        {
            return StoredTime.ParseAuditTime(text);
        }
        catch (FormatException)
        {
            return DateTimeOffset.MinValue;
        }
    }

    // Only a kind's exact name is that kind: "1" or "refusal" in the column means the row was edited, and the
    // undefined value it becomes is what Verify then reports.
    private static AuditKind ReadKind(string text) =>
        Enum.TryParse<AuditKind>(text, ignoreCase: false, out var kind) && string.Equals(kind.ToString(), text, StringComparison.Ordinal) ? kind : (AuditKind)(-1);

    public async Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var heads = await new SqlScript(
                $"SELECT a.case_id, a.position, a.hash FROM {_audit} AS a JOIN (SELECT case_id, MAX(position) AS last FROM {_audit} GROUP BY case_id) AS h ON h.case_id = a.case_id AND h.last = a.position")
            .ReadAsync(connection, null, reader => new ChainHead(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)), cancellationToken).ConfigureAwait(false);
        heads.Sort(static (a, b) => string.CompareOrdinal(a.CaseId, b.CaseId));
        return heads;
    }

    public async Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = await _dialect.BeginSnapshotReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var lengths = await new SqlScript($"SELECT case_id, MAX(position) FROM {_audit} GROUP BY case_id")
            .ReadAsync(connection, snapshot, reader => (CaseId: reader.GetString(0), Length: reader.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        var due = await new SqlScript($"SELECT {DueColumns} FROM {_due}").ReadAsync(connection, snapshot, ReadDue, cancellationToken).ConfigureAwait(false);
        var assignments = await new SqlScript($"SELECT case_id, role, officer_id FROM {_assignments}")
            .ReadAsync(connection, snapshot, reader => (CaseId: reader.GetString(0), Role: reader.GetString(1), Officer: reader.GetString(2)), cancellationToken).ConfigureAwait(false);
        var caseloads = await new SqlScript($"SELECT case_id, weight FROM {_caseloads}")
            .ReadAsync(connection, snapshot, reader => (CaseId: reader.GetString(0), Weight: FromThousandths(reader.GetInt64(1))), cancellationToken).ConfigureAwait(false);
        await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
        return GroupIndex(lengths, due, assignments, caseloads);
    }

    /// <summary>
    /// The query behind <see cref="FindCaseloadsAsync"/> for <paramref name="officers"/> parameters from <c>{1}</c> on,
    /// with <c>{0}</c> the case left out: from the officers' assignments by the officer index, each case once, joined
    /// to its weight by key. A case with no weight gives the officer a null, and an officer with such a case is left
    /// out of the answer. The index test explains it.
    /// </summary>
    public string FindCaseloadsSql(int officers) =>
        $"SELECT a.officer_id, CAST(SUM(c.weight) AS bigint), COUNT(*) - COUNT(c.weight) FROM (SELECT DISTINCT officer_id, case_id FROM {_assignments} WHERE officer_id IN ("
        + string.Join(", ", Enumerable.Range(1, officers).Select(i => $"{{{i}}}"))
        + $") AND case_id <> {{0}}) AS a LEFT JOIN {_caseloads} AS c ON c.case_id = a.case_id GROUP BY a.officer_id";

    public Task<string> ExplainFindCaseloadsAsync(string explain, int column, IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken) =>
        ExplainAsync(new SqlScript(FindCaseloadsSql(officerIds.Count), [exceptCaseId ?? "", .. officerIds]), explain, column, cancellationToken);

    public async Task<IReadOnlyDictionary<string, decimal>> FindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken)
    {
        StoreValidation.CheckCaseloadQuery(officerIds);
        var officers = officerIds.Distinct(StringComparer.Ordinal).ToArray();
        var sums = officers.ToDictionary(o => o, _ => 0m, StringComparer.Ordinal);
        if (officers.Length == 0)
        {
            return sums;
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A null would match no case anyway, but "" keeps the statement's one shape (and its prepared plan).
        var rows = await new SqlScript(FindCaseloadsSql(officers.Length), [exceptCaseId ?? "", .. officers])
            .ReadAsync(connection, null, reader => (Officer: reader.GetString(0), Sum: reader.IsDBNull(1) ? 0 : reader.GetInt64(1), Unknown: reader.GetInt64(2)), cancellationToken).ConfigureAwait(false);
        foreach (var (officer, sum, unknown) in rows)
        {
            if (unknown > 0)
            {
                sums.Remove(officer);
            }
            else
            {
                sums[officer] = FromThousandths(sum);
            }
        }

        return sums;
    }

    public async Task<IReadOnlyList<string>> FindCasesWithoutCaseloadAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript(
                $"SELECT DISTINCT a.case_id FROM {_assignments} AS a LEFT JOIN {_caseloads} AS c ON c.case_id = a.case_id WHERE c.case_id IS NULL AND a.case_id > {{0}} ORDER BY a.case_id LIMIT {{1}}",
                after ?? "",
                limit)
            .ReadAsync(connection, null, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IndexCaseloadAsync(string caseId, long expectedVersion, decimal weight, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        StoreValidation.CheckCaseload(weight);
        return await _dialect.RunWriteAsync(
            async (connection, transaction, token) =>
            {
                // The case's row, locked at the version the weight was worked out for: no append can slip in between.
                var claim = new SqlScript($"UPDATE {_cases} SET version = version WHERE case_id = {{0}} AND version = {{1}} RETURNING entries, head", caseId, expectedVersion);
                if (expectedVersion < 1 || await ReadClaimedHeadAsync(connection, transaction, claim, token).ConfigureAwait(false) is not { } head)
                {
                    return false;
                }

                var due = await new SqlScript($"SELECT {DueColumns} FROM {_due} WHERE case_id = {{0}}", caseId).ReadAsync(connection, transaction, ReadDue, token).ConfigureAwait(false);
                var assignments = (await new SqlScript($"SELECT role, officer_id FROM {_assignments} WHERE case_id = {{0}}", caseId)
                        .ReadAsync(connection, transaction, reader => (Role: reader.GetString(0), Officer: reader.GetString(1)), token).ConfigureAwait(false))
                    .ToDictionary(a => a.Role, a => a.Officer, StringComparer.Ordinal);
                var script = new SqlScript(
                    $"INSERT INTO {_caseloads} (case_id, weight) VALUES ({{0}}, {{1}}) ON CONFLICT (case_id) DO UPDATE SET weight = excluded.weight", caseId, ToThousandths(weight));
                AddEntries(script, caseId, [CaseIndexContent.RecordFor(caseId, at, due, assignments, weight)], head);
                await script.ExecuteAsync(connection, transaction, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static long ToThousandths(decimal weight) => (long)(weight * 1000m);

    private static decimal FromThousandths(long thousandths) => thousandths / 1000m;

    /// <summary>The rows and chain lengths of one snapshot, by case.</summary>
    internal static Dictionary<string, CaseIndexRows> GroupIndex(
        IReadOnlyList<(string CaseId, long Length)> lengths,
        IReadOnlyList<DueDeadline> due,
        IReadOnlyList<(string CaseId, string Role, string Officer)> assignments,
        IReadOnlyList<(string CaseId, decimal Weight)>? caseloads = null)
    {
        var weights = (caseloads ?? []).ToDictionary(c => c.CaseId, c => c.Weight, StringComparer.Ordinal);
        var length = lengths.ToDictionary(l => l.CaseId, l => l.Length, StringComparer.Ordinal);
        var dueByCase = due.ToLookup(d => d.CaseId, StringComparer.Ordinal);
        var assignmentsByCase = assignments.ToLookup(a => a.CaseId, StringComparer.Ordinal);
        return length.Keys.Concat(dueByCase.Select(g => g.Key)).Concat(assignmentsByCase.Select(g => g.Key)).Concat(weights.Keys).Distinct(StringComparer.Ordinal).ToDictionary(
            id => id,
            id => new CaseIndexRows(
                dueByCase[id].OrderBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance).ToArray(),
                assignmentsByCase[id].ToDictionary(a => a.Role, a => a.Officer, StringComparer.Ordinal),
                length.GetValueOrDefault(id),
                weights.TryGetValue(id, out var weight) ? weight : null),
            StringComparer.Ordinal);
    }

    public async Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"INSERT INTO {_checkpoints} (sequence, line) VALUES ({{0}}, {{1}}) ON CONFLICT (sequence) DO NOTHING", checkpoint.Sequence, checkpoint.ToJsonLine())
            .ExecuteAsync(connection, null, cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT line FROM {_checkpoints} WHERE sequence >= {{0}} ORDER BY sequence", fromSequence)
            .ReadAsync(connection, null, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A row of <see cref="DueColumns"/>, from column <paramref name="first"/> on.</summary>
    private static DueDeadline ReadDue(DbDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetInt32(first + 3),
        StoredTime.FromTicks(reader.GetInt64(first + 4)),
        reader.IsDBNull(first + 5) ? null : StoredTime.FromTicks(reader.GetInt64(first + 5)),
        reader.GetInt32(first + 6),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));

    private static DueDeadline ReadDue(DbDataReader reader) => ReadDue(reader, 0);

    public async Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript(FindDueSql, StoredTime.ToTicks(until), limit).ReadAsync(connection, null, ReadDue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims for <paramref name="claimant"/>, until <paramref name="claimedUntil"/>, up to <paramref name="limit"/> rows of
    /// <paramref name="table"/> due by <paramref name="ticks"/> (in <paramref name="nextColumn"/>) that no other claimant
    /// holds, in due order then by <paramref name="keys"/>, returning <paramref name="returning"/>: how the monitors share
    /// the due rows and the dispatchers the outbox. PostgreSQL skips the rows another's claim is locking this instant,
    /// instead of queuing behind them.
    /// </summary>
    private SqlScript ClaimScript(string table, string nextColumn, string[] keys, string returning, string claimant, long ticks, DateTimeOffset claimedUntil, int limit) =>
        new(
            $"UPDATE {table} AS t SET claimed_by = {{0}}, claimed_until = {{1}} FROM ("
            + $"SELECT {string.Join(", ", keys.Select(k => $"{k} AS claimed_{k}"))} FROM {table} WHERE {nextColumn} <= {{2}} AND (claimed_until IS NULL OR claimed_until <= {{2}} OR claimed_by = {{0}}) "
            + $"ORDER BY {nextColumn}, {string.Join(", ", keys)} LIMIT {{3}}{_dialect.SkipLockedSql}) AS c "
            + $"WHERE {string.Join(" AND ", keys.Select(k => $"t.{k} = c.claimed_{k}"))} RETURNING {returning}",
            claimant,
            StoredTime.ToTicks(claimedUntil),
            ticks,
            limit);

    public async Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        var ticks = StoredTime.ToTicks(now);

        var claim = ClaimScript(_due, "next_action_at", ["case_id", "deadline", "instance"], DueColumns, claimant, ticks, claimedUntil, limit);
        var rows = await _dialect.RunWriteAsync((connection, transaction, token) => claim.ReadAsync(connection, transaction, ReadDue, token), cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(d => d.NextActionAt).ThenBy(d => d.CaseId, StringComparer.Ordinal).ThenBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance).ToArray();
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var next = await new SqlScript($"SELECT MIN(next_action_at) FROM {_due}").ScalarAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return next is null ? null : StoredTime.FromTicks(Convert.ToInt64(next, CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(officerId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT DISTINCT case_id FROM {_assignments} WHERE officer_id = {{0}} ORDER BY case_id", officerId)
            .ReadAsync(connection, null, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT case_id FROM {_cases} WHERE version > 0 ORDER BY opened DESC LIMIT {{0}}", limit)
            .ReadAsync(connection, null, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DueWorkPage> FindDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        if (query.Officers is { Count: 0 })
        {
            return new DueWorkPage([], null);
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await DueWorkScript(query).ReadAsync(connection, null, reader => new DueWork(ReadDue(reader, 0), reader.IsDBNull(8) ? null : reader.GetString(8)), cancellationToken).ConfigureAwait(false);
        return DueWorkPages.Of(query, found);
    }

    /// <summary>
    /// The one query behind a page of work. An officer's or a team's starts from their assignments (by the officer
    /// index) and joins each case's due rows by its key, so it costs what their caseload holds; a role's walks the role
    /// index in due order, and everyone's the due-time index, each stopping after one row more than the page.
    /// </summary>
    private SqlScript DueWorkScript(DueWorkQuery query)
    {
        var values = new List<object?>();
        string Value(object? value)
        {
            values.Add(value);
            return "{" + (values.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }

        var conditions = new List<string>();
        string from;
        string officer;
        var byOfficer = query.Officers is not null;
        if (query.Officers is { } officers)
        {
            // The officers' assignments first, then each case's rows by its key. The role and due time are written so
            // that no index can serve them ("|| ''", "+ 0"): a planner that probed the role or due-time index once per
            // assignment instead would read a share of every case's rows, not the team's.
            from = $"{_assignments} AS a JOIN {_due} AS d ON d.case_id = a.case_id AND (d.role || '') = a.role";
            officer = "a.officer_id";
            conditions.Add($"a.officer_id IN ({string.Join(", ", officers.Distinct(StringComparer.Ordinal).Select(o => Value(o)))})");
        }
        else
        {
            // Who holds each row's role is looked up by key for the rows of the page alone (a join would let a planner
            // read every assignment of a role first).
            from = $"{_due} AS d";
            officer = $"(SELECT a.officer_id FROM {_assignments} AS a WHERE a.case_id = d.case_id AND a.role = d.role)";
        }

        if (query.Role is { } role)
        {
            conditions.Add(byOfficer ? $"a.role = {Value(role)}" : $"d.role = {Value(role)}");
        }

        if (query.DueBy is { } dueBy)
        {
            conditions.Add($"{(byOfficer ? "d.due_at + 0" : "d.due_at")} <= {Value(StoredTime.ToTicks(dueBy))}");
        }

        if (query.After is { } after)
        {
            conditions.Add($"(d.due_at, d.case_id, d.deadline, d.instance) > ({Value(StoredTime.ToTicks(after.DueAt))}, {Value(after.CaseId)}, {Value(after.Deadline)}, {Value(after.Instance)})");
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var limit = Value(query.Limit + 1);
        return new SqlScript(
            $"SELECT d.case_id, d.policy, d.deadline, d.instance, d.due_at, d.next_action_at, d.stage, d.role, {officer} FROM {from}{where} ORDER BY d.due_at, d.case_id, d.deadline, d.instance LIMIT {limit}",
            values.ToArray());
    }

    public async Task<CaseSnapshot?> ReadSnapshotAsync(string caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await new SqlScript(
                $"SELECT s.version, s.position, s.chain_hash, s.policy_key, s.content, s.seal_key, s.seal, a.hash FROM {_snapshots} AS s LEFT JOIN {_audit} AS a ON a.case_id = s.case_id AND a.position = s.position WHERE s.case_id = {{0}}",
                caseId)
            .ReadAsync(
                connection,
                null,
                reader => (
                    Snapshot: new CaseSnapshot(caseId, reader.GetInt64(0), reader.GetString(3), reader.GetString(4)) { ChainPosition = reader.GetInt64(1), ChainHash = reader.GetString(2) },
                    SealKey: reader.IsDBNull(5) ? null : reader.GetString(5),
                    Seal: reader.IsDBNull(6) ? null : reader.GetString(6),
                    HashNow: reader.IsDBNull(7) ? null : reader.GetString(7)),
                cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        // A snapshot of a chain that is no longer there, or one the application did not seal, is no snapshot at all:
        // the case is then rebuilt from its chain, which verification vouches for.
        var (snapshot, sealKey, seal, hashNow) = rows[0];
        return string.Equals(hashNow, snapshot.ChainHash, StringComparison.Ordinal) && snapshot.IsSealedBy(_keys, sealKey, seal) ? snapshot : null;
    }

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAfterAsync(CaseSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.ChainPosition <= 0)
        {
            // Not one this store read: where its events end in the chain is not known.
            return (await ReadCaseAsync(snapshot.CaseId, cancellationToken).ConfigureAwait(false)).Where(e => e.Version > snapshot.Version).ToArray();
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT content FROM {_audit} WHERE case_id = {{0}} AND kind = {{1}} AND position > {{2}} ORDER BY position", snapshot.CaseId, nameof(AuditKind.Event), snapshot.ChainPosition)
            .ReadAsync(connection, null, reader => CaseEventSerializer.Deserialize(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveSnapshotAsync(CaseSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshot.Version, 1);
        await _dialect.RunWriteAsync(
            async (connection, transaction, token) =>
            {
                // Where the snapshot's last event is in the chain: read once per snapshot, so each load reads only what follows.
                var found = await new SqlScript($"SELECT position, hash FROM {_audit} WHERE case_id = {{0}} AND kind = {{1}} ORDER BY position LIMIT 1 OFFSET {{2}}", snapshot.CaseId, nameof(AuditKind.Event), snapshot.Version - 1)
                    .ReadAsync(connection, transaction, reader => (Position: reader.GetInt64(0), Hash: reader.GetString(1)), token).ConfigureAwait(false);
                if (found.Count == 0)
                {
                    return false;
                }

                var placed = snapshot with { ChainPosition = found[0].Position, ChainHash = found[0].Hash };
                var (sealKey, seal) = _keys is null ? (null, null) : _keys.SealSnapshot(placed.SignedText);
                await new SqlScript(
                        $"INSERT INTO {_snapshots} AS s (case_id, version, position, chain_hash, policy_key, content, seal_key, seal) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}) "
                        + "ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, position = excluded.position, chain_hash = excluded.chain_hash, policy_key = excluded.policy_key, content = excluded.content, seal_key = excluded.seal_key, seal = excluded.seal "
                        + "WHERE s.version < excluded.version OR s.policy_key <> excluded.policy_key",
                        placed.CaseId, placed.Version, placed.ChainPosition, placed.ChainHash, placed.PolicyKey, placed.Content, sealKey, seal)
                    .ExecuteAsync(connection, transaction, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DropSnapshotsAsync(CancellationToken cancellationToken) =>
        await _dialect.RunWriteAsync((connection, transaction, token) => SqlScript.Raw($"DELETE FROM {_snapshots}").ExecuteAsync(connection, transaction, token), cancellationToken).ConfigureAwait(false);

    /// <summary>The database's plan for the query of <paramref name="query"/>'s page, one line per row of <paramref name="explain"/>'s output, read from column <paramref name="column"/>.</summary>
    public Task<string> ExplainDueWorkAsync(string explain, int column, DueWorkQuery query, CancellationToken cancellationToken) =>
        ExplainAsync(DueWorkScript(query), explain, column, cancellationToken);

    /// <summary>The database's plan for <see cref="FindDueSql"/>, one line per row of <paramref name="explain"/>'s output, read from column <paramref name="column"/>.</summary>
    public Task<string> ExplainFindDueAsync(string explain, int column, DateTimeOffset until, CancellationToken cancellationToken) =>
        ExplainAsync(new SqlScript(FindDueSql, StoredTime.ToTicks(until), 10), explain, column, cancellationToken);

    /// <summary>The plan for <paramref name="statement"/>: <paramref name="explain"/> before it, each row's column <paramref name="column"/> a line.</summary>
    private async Task<string> ExplainAsync(SqlScript statement, string explain, int column, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var lines = await statement.Wrap(explain + " {0}")
            .ReadAsync(connection, null, reader => reader.GetString(column), cancellationToken).ConfigureAwait(false);
        return string.Join("\n", lines);
    }
}
