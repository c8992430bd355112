using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.PostgreSql;

/// <summary>
/// The PostgreSQL case store. Appends from every application instance serialise on one row, the audit chain's head,
/// locked <c>FOR UPDATE</c> inside the append's transaction; the expected-version check follows under that lock, so a
/// lost race is a clean conflict and the chain never forks.
/// </summary>
public sealed class PostgreSqlCaseStore : ICaseStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema holding the tables (created when missing).</param>
    public PostgreSqlCaseStore(string connectionString, string schema = "policy")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (string.IsNullOrWhiteSpace(schema) || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(schema[0]))
        {
            throw new ArgumentException("The schema name must be letters, digits and underscores, starting with a letter.", nameof(schema));
        }

        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    private string Sql(string text) => text.Replace("{s}", _schema, StringComparison.Ordinal);

    private static readonly string[] Migrations =
    {
        // 1: cases, their events, the audit chain and its head, the due-time index and assignments.
        """
        CREATE TABLE {s}.cases (
            case_id text PRIMARY KEY,
            version bigint NOT NULL,
            created bigserial NOT NULL
        );
        CREATE TABLE {s}.events (
            case_id text NOT NULL,
            version bigint NOT NULL,
            content text NOT NULL,
            PRIMARY KEY (case_id, version)
        );
        CREATE TABLE {s}.audit (
            position bigint PRIMARY KEY,
            kind text NOT NULL,
            at text NOT NULL,
            case_id text NULL,
            actor_id text NULL,
            purpose text NULL,
            content text NOT NULL,
            previous_hash text NOT NULL,
            hash text NOT NULL
        );
        CREATE TABLE {s}.audit_head (
            id int PRIMARY KEY CHECK (id = 1),
            position bigint NOT NULL,
            hash text NOT NULL
        );
        INSERT INTO {s}.audit_head (id, position, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
        CREATE TABLE {s}.due_deadlines (
            case_id text NOT NULL,
            policy text NOT NULL,
            deadline text NOT NULL,
            instance int NOT NULL,
            due_at bigint NOT NULL,
            next_action_at bigint NOT NULL,
            stage int NOT NULL,
            PRIMARY KEY (case_id, deadline, instance)
        );
        CREATE INDEX due_deadlines_by_next_action ON {s}.due_deadlines (next_action_at);
        CREATE TABLE {s}.assignments (
            case_id text NOT NULL,
            role text NOT NULL,
            officer_id text NOT NULL,
            PRIMARY KEY (case_id, role)
        );
        CREATE INDEX assignments_by_officer ON {s}.assignments (officer_id);
        """,
    };

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Several instances may start at once: one migrates, the others wait and find it done.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('policy-schema-' || '{s}'))", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE SCHEMA IF NOT EXISTS {s}; CREATE TABLE IF NOT EXISTS {s}.schema_version (version int NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(Sql("SELECT COALESCE(MAX(version), 0) FROM {s}.schema_version"), connection, transaction);
        var current = Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The database's schema is version {current}, newer than this version of Policy understands ({Migrations.Length}). Upgrade the application.");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"DELETE FROM {{s}}.schema_version; INSERT INTO {{s}}.schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql(sql), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT content FROM {s}.events WHERE case_id = $1 ORDER BY version"));
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        var events = new List<CaseEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(CaseEventSerializer.Deserialize(reader.GetString(0)));
        }

        return events;
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
        StoreValidation.CheckAppend(caseId, expectedVersion, events);
        ArgumentNullException.ThrowIfNull(openDeadlines);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (position, previous) = await LockHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        long current;
        await using (var select = new NpgsqlCommand(Sql("SELECT version FROM {s}.cases WHERE case_id = $1"), connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = caseId });
            current = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v ? v : 0;
        }

        if (current != expectedVersion)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new AppendResult(false, current);
        }

        var newVersion = expectedVersion + events.Count;
        var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("INSERT INTO {s}.cases (case_id, version) VALUES ($1, $2) ON CONFLICT (case_id) DO UPDATE SET version = excluded.version", caseId, newVersion));
        foreach (var e in events)
        {
            batch.BatchCommands.Add(Command("INSERT INTO {s}.events (case_id, version, content) VALUES ($1, $2, $3)", caseId, e.Version, CaseEventSerializer.Serialize(e)));
        }

        batch.BatchCommands.Add(Command("DELETE FROM {s}.due_deadlines WHERE case_id = $1", caseId));
        foreach (var row in openDeadlines)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO {s}.due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                caseId, row.PolicyName, row.Deadline, row.Instance, StoredTime.ToMicrosecondsRoundedUp(row.DueAt), StoredTime.ToMicrosecondsRoundedUp(row.NextActionAt), row.Stage));
        }

        batch.BatchCommands.Add(Command("DELETE FROM {s}.assignments WHERE case_id = $1", caseId));
        foreach (var (role, officer) in assignments)
        {
            batch.BatchCommands.Add(Command("INSERT INTO {s}.assignments (case_id, role, officer_id) VALUES ($1, $2, $3)", caseId, role, officer));
        }

        AddAudit(batch, events.Select(CaseEventSerializer.AuditRecordFor).Concat(audit), ref position, ref previous);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AppendResult(true, newVersion);
    }

    /// <summary>Locks the chain's head row until the transaction ends and returns the last position and hash.</summary>
    private async Task<(long Position, string Hash)> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var head = new NpgsqlCommand(Sql("SELECT position, hash FROM {s}.audit_head WHERE id = 1 FOR UPDATE"), connection, transaction);
        await using var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private void AddAudit(NpgsqlBatch batch, IEnumerable<AuditRecord> records, ref long position, ref string previous)
    {
        var any = false;
        foreach (var record in records)
        {
            var entry = AuditChain.Seal(previous, ++position, record);
            batch.BatchCommands.Add(Command(
                "INSERT INTO {s}.audit (position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                entry.Position, entry.Kind.ToString(), StoredTime.Format(entry.At), entry.CaseId, entry.ActorId, entry.Purpose, entry.Content, entry.PreviousHash, entry.Hash));
            previous = entry.Hash;
            any = true;
        }

        if (any)
        {
            batch.BatchCommands.Add(Command("UPDATE {s}.audit_head SET position = $1, hash = $2 WHERE id = 1", position, previous));
        }
    }

    private NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(Sql(sql));
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }

        return command;
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (position, previous) = await LockHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        AddAudit(batch, audit, ref position, ref previous);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash FROM {s}.audit WHERE position >= $1 ORDER BY position"));
        command.Parameters.Add(new NpgsqlParameter { Value = fromPosition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetInt64(0),
                Enum.TryParse<AuditKind>(reader.GetString(1), out var kind) ? kind : (AuditKind)(-1),
                StoredTime.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8));
        }
    }

    public async Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM {s}.due_deadlines WHERE next_action_at <= $1 ORDER BY next_action_at, case_id LIMIT $2"));
        command.Parameters.Add(new NpgsqlParameter { Value = StoredTime.ToMicroseconds(until) });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<DueDeadline>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new DueDeadline(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), StoredTime.FromMicroseconds(reader.GetInt64(4)), StoredTime.FromMicroseconds(reader.GetInt64(5)), reader.GetInt32(6)));
        }

        return rows;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT MIN(next_action_at) FROM {s}.due_deadlines"));
        var next = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return next is long micros ? StoredTime.FromMicroseconds(micros) : null;
    }

    public async Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT DISTINCT case_id FROM {s}.assignments WHERE officer_id = $1 ORDER BY case_id"));
        command.Parameters.Add(new NpgsqlParameter { Value = officerId });
        return await ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Sql("SELECT case_id FROM {s}.cases ORDER BY created DESC LIMIT $1"));
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>PostgreSQL's plan for "what falls due before T" (for the test that the index is used).</summary>
    public async Task<string> ExplainFindDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Tables in tests are tiny; without this the planner rightly prefers a scan and the test would prove nothing.
        await ExecuteAsync(connection, transaction, "SET LOCAL enable_seqscan = off", cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql("EXPLAIN SELECT case_id FROM {s}.due_deadlines WHERE next_action_at <= 0 ORDER BY next_action_at LIMIT 10"), connection, transaction);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("\n", lines);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
