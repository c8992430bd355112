using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage.Sql;

/// <summary>
/// The <see cref="ICaseStore"/> logic both SQL stores share. The tables and the SQL are the same on SQLite and
/// PostgreSQL; a <see cref="SqlDialect"/> supplies connections, the lock writers queue on, and the migrations.
/// </summary>
internal sealed class SqlCaseStoreCore
{
    private const string DueColumns = "case_id, policy, deadline, instance, due_at, next_action_at, stage";
    private const string AuditColumns = "position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash";

    private readonly SqlDialect _dialect;
    private readonly string _cases;
    private readonly string _events;
    private readonly string _audit;
    private readonly string _due;
    private readonly string _assignments;

    public SqlCaseStoreCore(SqlDialect dialect)
    {
        _dialect = dialect;
        _cases = dialect.Table("cases");
        _events = dialect.Table("events");
        _audit = dialect.Table("audit");
        _due = dialect.Table("due_deadlines");
        _assignments = dialect.Table("assignments");
        FindDueSql = $"SELECT {DueColumns} FROM {_due} WHERE next_action_at <= {{0}} ORDER BY next_action_at, case_id, deadline, instance LIMIT {{1}}";
    }

    /// <summary>The query behind <see cref="FindDueAsync"/>, with <c>{0}</c> the time (ticks) and <c>{1}</c> the limit; the index test explains it.</summary>
    public string FindDueSql { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        await SchemaMigrations.ApplyAsync(connection, transaction, _dialect.Table("schema_version"), _dialect.Migrations, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript($"SELECT content FROM {_events} WHERE case_id = {{0}} ORDER BY version", caseId)
            .ReadAsync(connection, null, reader => CaseEventSerializer.Deserialize(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken)
    {
        StoreValidation.CheckAppend(caseId, expectedVersion, events, openDeadlines, assignments, audit);
        StoreValidation.CheckAudit(audit);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);

        if (_dialect.ChecksVersionBeforeWriting)
        {
            var seen = await ReadVersionAsync(connection, null, caseId, cancellationToken).ConfigureAwait(false);
            if (seen != expectedVersion)
            {
                return new AppendResult(false, seen);
            }
        }

        await using var turn = await _dialect.WaitForWriteTurnAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // The version check is a write, on the case's own row: a writer racing for the same case waits for that row
        // (not for the chain's head) and finds nothing to update once the winner commits; the row then stays locked
        // until this transaction ends, so the version cannot move under it. Only a writer that claimed its case goes
        // on to take its turn on the head.
        var newVersion = expectedVersion + events.Count;
        var claim = expectedVersion == 0
            ? new SqlScript($"INSERT INTO {_cases} (case_id, version) VALUES ({{0}}, {{1}}) ON CONFLICT (case_id) DO NOTHING", caseId, newVersion)
            : new SqlScript($"UPDATE {_cases} SET version = {{1}} WHERE case_id = {{0}} AND version = {{2}}", caseId, newVersion, expectedVersion);
        var head = await _dialect.ClaimAndReadHeadAsync(connection, transaction, claim, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new AppendResult(false, await ReadVersionAsync(connection, null, caseId, cancellationToken).ConfigureAwait(false));
        }

        var (position, previousHash) = head.Value;

        var script = new SqlScript();
        if (expectedVersion == 0)
        {
            // A new case is numbered by its first audit entry: unique, in commit order, and unchanged by VACUUM or a
            // dump and restore (unlike a rowid), so "newest first" stays true.
            script.Add($"UPDATE {_cases} SET opened = {{1}} WHERE case_id = {{0}}", caseId, position + 1);
        }

        foreach (var e in events)
        {
            script.Add($"INSERT INTO {_events} (case_id, version, content) VALUES ({{0}}, {{1}}, {{2}})", caseId, e.Version, CaseEventSerializer.Serialize(e));
        }

        script.Add($"DELETE FROM {_due} WHERE case_id = {{0}}", caseId);
        foreach (var row in openDeadlines)
        {
            script.Add(
                $"INSERT INTO {_due} ({DueColumns}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}})",
                caseId, row.PolicyName, row.Deadline, row.Instance, StoredTime.ToTicks(row.DueAt), StoredTime.ToTicks(row.NextActionAt), row.Stage);
        }

        script.Add($"DELETE FROM {_assignments} WHERE case_id = {{0}}", caseId);
        foreach (var (role, officer) in assignments)
        {
            script.Add($"INSERT INTO {_assignments} (case_id, role, officer_id) VALUES ({{0}}, {{1}}, {{2}})", caseId, role, officer);
        }

        AddAudit(script, events.Select(CaseEventSerializer.AuditRecordFor).Concat(audit), position, previousHash);
        await script.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AppendResult(true, newVersion);
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken)
    {
        StoreValidation.CheckAudit(audit);
        if (audit.Count == 0)
        {
            return;
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var turn = await _dialect.WaitForWriteTurnAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var (position, previousHash) = await _dialect.ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var script = new SqlScript();
        AddAudit(script, audit, position, previousHash);
        await script.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, string caseId, CancellationToken cancellationToken)
    {
        var version = await new SqlScript($"SELECT version FROM {_cases} WHERE case_id = {{0}}", caseId)
            .ScalarAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        return version is null ? 0 : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    private void AddAudit(SqlScript script, IEnumerable<AuditRecord> records, long position, string previousHash)
    {
        foreach (var record in records)
        {
            var entry = AuditChain.Seal(previousHash, ++position, record);
            script.Add(
                $"INSERT INTO {_audit} ({AuditColumns}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}})",
                entry.Position, entry.Kind.ToString(), StoredTime.FormatAuditTime(entry.At), entry.CaseId, entry.ActorId, entry.Purpose, entry.Content, entry.PreviousHash, entry.Hash);
            previousHash = entry.Hash;
        }

        if (_dialect.UpdateHeadSql is { } updateHead)
        {
            script.Add(updateHead, position, previousHash);
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new SqlScript($"SELECT {AuditColumns} FROM {_audit} WHERE position >= {{0}} ORDER BY position", fromPosition).CreateCommand(connection, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetInt64(0),
                ReadKind(reader.GetString(1)),
                StoredTime.ParseAuditTime(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8));
        }
    }

    // Only a kind's exact name is that kind: "1" or "refusal" in the column means the row was edited, and the
    // undefined value it becomes is what Verify then reports.
    private static AuditKind ReadKind(string text) =>
        Enum.TryParse<AuditKind>(text, ignoreCase: false, out var kind) && string.Equals(kind.ToString(), text, StringComparison.Ordinal) ? kind : (AuditKind)(-1);

    public async Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await new SqlScript(FindDueSql, StoredTime.ToTicks(until), limit).ReadAsync(
            connection,
            null,
            reader => new DueDeadline(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                StoredTime.FromTicks(reader.GetInt64(4)),
                StoredTime.FromTicks(reader.GetInt64(5)),
                reader.GetInt32(6)),
            cancellationToken).ConfigureAwait(false);
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
        return await new SqlScript($"SELECT case_id FROM {_cases} ORDER BY opened DESC LIMIT {{0}}", limit)
            .ReadAsync(connection, null, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The database's plan for <see cref="FindDueSql"/>, one line per row of <paramref name="explain"/>'s output, read from column <paramref name="column"/>.</summary>
    public async Task<string> ExplainFindDueAsync(string explain, int column, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var lines = await new SqlScript(explain + " " + FindDueSql, StoredTime.ToTicks(until), 10)
            .ReadAsync(connection, null, reader => reader.GetString(column), cancellationToken).ConfigureAwait(false);
        return string.Join("\n", lines);
    }
}
