using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Every append is one <c>BEGIN IMMEDIATE</c> transaction,
/// so writers (threads or processes) queue on SQLite's write lock and the audit chain's head is never read stale.
/// </summary>
public sealed class SqliteCaseStore : ICaseStore
{
    private readonly string _connectionString;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=cases.db</c>.</param>
    public SqliteCaseStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Writers wait for each other rather than failing with SQLITE_BUSY.
            DefaultTimeout = 60,
            Pooling = true,
        };
        _connectionString = builder.ToString();
    }

    /// <summary>A store on the file at <paramref name="path"/>, created when missing.</summary>
    public static SqliteCaseStore ForFile(string path) => new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // FULL: an acknowledged event survives power loss, not only a crashed process. Police records are worth an fsync.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static readonly string[] Migrations =
    {
        // 1: cases, their events, the audit chain, the due-time index and assignments.
        """
        CREATE TABLE cases (
            case_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL
        );
        CREATE TABLE events (
            case_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (case_id, version)
        ) WITHOUT ROWID;
        CREATE TABLE audit (
            position INTEGER NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            case_id TEXT NULL,
            actor_id TEXT NULL,
            purpose TEXT NULL,
            content TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE due_deadlines (
            case_id TEXT NOT NULL,
            policy TEXT NOT NULL,
            deadline TEXT NOT NULL,
            instance INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            next_action_at INTEGER NOT NULL,
            stage INTEGER NOT NULL,
            PRIMARY KEY (case_id, deadline, instance)
        ) WITHOUT ROWID;
        CREATE INDEX due_deadlines_by_next_action ON due_deadlines (next_action_at);
        CREATE TABLE assignments (
            case_id TEXT NOT NULL,
            role TEXT NOT NULL,
            officer_id TEXT NOT NULL,
            PRIMARY KEY (case_id, role)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_by_officer ON assignments (officer_id);
        """,
    };

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The database's schema is version {current}, newer than this version of Policy understands ({Migrations.Length}). Upgrade the application.");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM events WHERE case_id = $case ORDER BY version";
        command.Parameters.AddWithValue("$case", caseId);
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // Deferred = false: BEGIN IMMEDIATE takes the write lock now, before anything is read.
        await using var transaction = connection.BeginTransaction(deferred: false);
        object? current;
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM cases WHERE case_id = $case";
            select.Parameters.AddWithValue("$case", caseId);
            current = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        var currentVersion = current is null ? 0L : Convert.ToInt64(current, CultureInfo.InvariantCulture);
        if (currentVersion != expectedVersion)
        {
            return new AppendResult(false, currentVersion);
        }

        var newVersion = expectedVersion + events.Count;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO cases (case_id, version) VALUES ($case, $version) ON CONFLICT (case_id) DO UPDATE SET version = excluded.version";
            command.Parameters.AddWithValue("$case", caseId);
            command.Parameters.AddWithValue("$version", newVersion);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO events (case_id, version, content) VALUES ($case, $version, $content)";
            var version = insert.Parameters.Add("$version", SqliteType.Integer);
            var content = insert.Parameters.Add("$content", SqliteType.Text);
            insert.Parameters.AddWithValue("$case", caseId);
            foreach (var e in events)
            {
                version.Value = e.Version;
                content.Value = CaseEventSerializer.Serialize(e);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await ReplaceIndexRowsAsync(connection, transaction, caseId, openDeadlines, assignments, cancellationToken).ConfigureAwait(false);
        await AppendAuditCoreAsync(connection, transaction, events.Select(CaseEventSerializer.AuditRecordFor).Concat(audit), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AppendResult(true, newVersion);
    }

    private static async Task ReplaceIndexRowsAsync(SqliteConnection connection, SqliteTransaction transaction, string caseId, IReadOnlyList<DueDeadline> due, IReadOnlyDictionary<string, string> assignments, CancellationToken cancellationToken)
    {
        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM due_deadlines WHERE case_id = $case; DELETE FROM assignments WHERE case_id = $case;";
            delete.Parameters.AddWithValue("$case", caseId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in due)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage) VALUES ($case, $policy, $deadline, $instance, $due, $next, $stage)";
            insert.Parameters.AddWithValue("$case", caseId);
            insert.Parameters.AddWithValue("$policy", row.PolicyName);
            insert.Parameters.AddWithValue("$deadline", row.Deadline);
            insert.Parameters.AddWithValue("$instance", row.Instance);
            insert.Parameters.AddWithValue("$due", StoredTime.ToMicrosecondsRoundedUp(row.DueAt));
            insert.Parameters.AddWithValue("$next", StoredTime.ToMicrosecondsRoundedUp(row.NextActionAt));
            insert.Parameters.AddWithValue("$stage", row.Stage);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (role, officer) in assignments)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO assignments (case_id, role, officer_id) VALUES ($case, $role, $officer)";
            insert.Parameters.AddWithValue("$case", caseId);
            insert.Parameters.AddWithValue("$role", role);
            insert.Parameters.AddWithValue("$officer", officer);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AppendAuditCoreAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<AuditRecord> records, CancellationToken cancellationToken)
    {
        long position = 0;
        var previous = AuditChain.GenesisHash;
        using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT position, hash FROM audit ORDER BY position DESC LIMIT 1";
            await using var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                position = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit (position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash) VALUES ($position, $kind, $at, $case, $actor, $purpose, $content, $previous, $hash)";
        foreach (var record in records)
        {
            var entry = AuditChain.Seal(previous, ++position, record);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$position", entry.Position);
            insert.Parameters.AddWithValue("$kind", entry.Kind.ToString());
            insert.Parameters.AddWithValue("$at", StoredTime.Format(entry.At));
            insert.Parameters.AddWithValue("$case", (object?)entry.CaseId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$actor", (object?)entry.ActorId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$purpose", (object?)entry.Purpose ?? DBNull.Value);
            insert.Parameters.AddWithValue("$content", entry.Content);
            insert.Parameters.AddWithValue("$previous", entry.PreviousHash);
            insert.Parameters.AddWithValue("$hash", entry.Hash);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            previous = entry.Hash;
        }
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await AppendAuditCoreAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash FROM audit WHERE position >= $from ORDER BY position";
        command.Parameters.AddWithValue("$from", fromPosition);
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM due_deadlines WHERE next_action_at <= $until ORDER BY next_action_at, case_id LIMIT $limit";
        command.Parameters.AddWithValue("$until", StoredTime.ToMicroseconds(until));
        command.Parameters.AddWithValue("$limit", limit);
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var next = await ScalarAsync(connection, null, "SELECT MIN(next_action_at) FROM due_deadlines", cancellationToken).ConfigureAwait(false);
        return next is null or DBNull ? null : StoredTime.FromMicroseconds(Convert.ToInt64(next, CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT case_id FROM assignments WHERE officer_id = $officer ORDER BY case_id";
        command.Parameters.AddWithValue("$officer", officerId);
        return await ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id FROM cases ORDER BY rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>The query plan SQLite would use for "what falls due before T" (for the test that the index is used).</summary>
    internal async Task<string> ExplainFindDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM due_deadlines WHERE next_action_at <= 0 ORDER BY next_action_at, case_id LIMIT 10";
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join("\n", plan);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}

/// <summary>How stores write instants: microseconds since the Unix epoch (sortable) and a fixed ISO text for audit entries.</summary>
internal static class StoredTime
{
    private const string Iso = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static long ToMicroseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Due times round up, so a stored due time is never earlier than the real one and the monitor never wakes early.</summary>
    public static long ToMicrosecondsRoundedUp(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks / 10) + (ticks % 10 > 0 ? 1 : 0);
    }

    public static DateTimeOffset FromMicroseconds(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString(Iso, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
