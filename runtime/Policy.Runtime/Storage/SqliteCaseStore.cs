using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage.Snapshots;
using Policy.Runtime.Storage.Sql;

namespace Policy.Runtime.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Writes are group-committed: the appends a process's callers
/// queue while one transaction is being written go into the next <c>BEGIN IMMEDIATE</c> transaction together, each in
/// a savepoint of its own, and each caller is answered once that transaction has committed. Writers (groups or other
/// processes) queue on SQLite's write lock, so a case's chain head is never read stale.
/// </summary>
public sealed class SqliteCaseStore : ICaseStore, ICaseStoreSchema
{
    // How long a writer waits for another's transaction before giving up with SQLITE_BUSY. An append holds the lock
    // for milliseconds; this is generous so that a burst of writers, or a checkpoint, never fails an append.
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly string[] MigrationScripts =
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

        // 2: a case is numbered by the position of its first audit entry, for "newest first" (a rowid can change on
        // VACUUM), and due times are exact 100-ns ticks rather than microseconds, so every store gives back the
        // instant it was given.
        """
        ALTER TABLE cases ADD COLUMN opened INTEGER;
        UPDATE cases SET opened = opening.position
            FROM (SELECT case_id, MIN(position) AS position FROM audit WHERE kind = 'Event' GROUP BY case_id) AS opening
            WHERE opening.case_id = cases.case_id;
        CREATE UNIQUE INDEX cases_by_opened ON cases (opened);
        UPDATE due_deadlines SET due_at = due_at * 10, next_action_at = next_action_at * 10;
        """,

        // 3: one audit chain per case, which is also where a case's events are read from (the events table, a copy
        // outside the chain, goes), entries sealed with the application's key, and the signed checkpoints. The old
        // trail is renamed here and moved case by case by PerCaseChainMigration, which then drops it and the events.
        """
        ALTER TABLE audit RENAME TO audit_store_wide;
        CREATE TABLE audit (
            case_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            actor_id TEXT NULL,
            purpose TEXT NULL,
            content TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            seal_key TEXT NULL,
            seal TEXT NULL,
            PRIMARY KEY (case_id, position)
        ) WITHOUT ROWID;
        ALTER TABLE cases ADD COLUMN entries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN head TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
        CREATE TABLE checkpoints (
            sequence INTEGER NOT NULL PRIMARY KEY,
            line TEXT NOT NULL
        );
        """,

        // 4: the due-time index holds every open deadline, with the role that must meet it, so that the pages' queries
        // of work (an officer's, a team's, a role's, everyone's) are each one indexed query: next_action_at is null
        // where the monitor has nothing left to do (paused, or past its last escalation). SQLite cannot drop NOT NULL
        // in place, so the table is rebuilt. Rows kept from before have no role until their case is next saved.
        """
        CREATE TABLE due_deadlines_4 (
            case_id TEXT NOT NULL,
            policy TEXT NOT NULL,
            deadline TEXT NOT NULL,
            instance INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            next_action_at INTEGER NULL,
            stage INTEGER NOT NULL,
            role TEXT NULL,
            PRIMARY KEY (case_id, deadline, instance)
        ) WITHOUT ROWID;
        INSERT INTO due_deadlines_4 (case_id, policy, deadline, instance, due_at, next_action_at, stage)
            SELECT case_id, policy, deadline, instance, due_at, next_action_at, stage FROM due_deadlines;
        DROP TABLE due_deadlines;
        ALTER TABLE due_deadlines_4 RENAME TO due_deadlines;
        CREATE INDEX due_deadlines_by_next_action ON due_deadlines (next_action_at);
        CREATE INDEX due_deadlines_by_due ON due_deadlines (due_at, case_id, deadline, instance);
        CREATE INDEX due_deadlines_by_role ON due_deadlines (role, due_at, case_id, deadline, instance);
        """,

        // 5: snapshots of cases' states, a cache outside the chains (see CaseSnapshot): each belongs to the chain entry
        // of its last event, by position and hash, and is sealed with the application's key.
        """
        CREATE TABLE snapshots (
            case_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            position INTEGER NOT NULL,
            chain_hash TEXT NOT NULL,
            policy_key TEXT NOT NULL,
            content TEXT NOT NULL,
            seal_key TEXT NULL,
            seal TEXT NULL
        ) WITHOUT ROWID;
        """,

        // 6: claims of due rows by monitors (ClaimDueAsync), so that several share the work; a case's next save, which
        // replaces its rows, clears them.
        """
        ALTER TABLE due_deadlines ADD COLUMN claimed_by TEXT NULL;
        ALTER TABLE due_deadlines ADD COLUMN claimed_until INTEGER NULL;
        """,

        // 7: the records of access (DPA 2018 s.62): an officer's entries, and one kind's, across every case.
        """
        CREATE INDEX audit_by_actor ON audit (actor_id, at);
        CREATE INDEX audit_by_kind ON audit (kind, at);
        """,

        // 8: the caseload index: what each case weighs in the caseloads of the officers assigned to it (its policy's
        // "caseload weight", in thousandths; 0 once closed), written with its assignments. Cases saved before have no
        // row until they are next saved, and their officers' caseloads are unknown until then.
        """
        CREATE TABLE caseloads (
            case_id TEXT NOT NULL PRIMARY KEY,
            weight INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,

        // 9: the outbox: notifications written in the transaction of the events that caused them, kept until the
        // application's sink has taken them (then removed, with a Notification entry on the case's chain).
        """
        CREATE TABLE outbox (
            case_id TEXT NOT NULL,
            key TEXT NOT NULL,
            content TEXT NOT NULL,
            next_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NULL,
            claimed_by TEXT NULL,
            claimed_until INTEGER NULL,
            PRIMARY KEY (case_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX outbox_by_next ON outbox (next_at);
        """,
    };

    private readonly Dialect _dialect;
    private readonly SqlCaseStoreCore _core;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=cases.db</c>.</param>
    /// <param name="auditKeys">The keys that seal each audit entry as it is written (kept outside the database); null leaves entries unsealed.</param>
    public SqliteCaseStore(string connectionString, AuditKeyRing? auditKeys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Microsoft.Data.Sqlite's own retry on SQLITE_BUSY, behind SQLite's busy timeout; longer, so it rarely matters.
            DefaultTimeout = 60,
            Pooling = true,
        };
        _dialect = new Dialect(builder.ToString(), WriterQueueKey(builder));
        _core = new SqlCaseStoreCore(_dialect, auditKeys);
    }

    // Store instances on one file share a queue; in-memory databases are told apart by their connection strings.
    private static string WriterQueueKey(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? builder.ToString()
            : Path.GetFullPath(builder.DataSource);

    /// <summary>A store on the file at <paramref name="path"/>, created when missing.</summary>
    public static SqliteCaseStore ForFile(string path, AuditKeyRing? auditKeys = null) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString(), auditKeys);

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => MigrationScripts.Length;

    int ICaseStoreSchema.ExpectedSchemaVersion => SchemaVersion;

    /// <summary>The migrations, for the test that upgrades a database written by an older version.</summary>
    internal static IReadOnlyList<string> Migrations => MigrationScripts;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _core.InitializeAsync(cancellationToken);

    /// <summary>The schema version the database is at, read without creating or migrating anything (for tools that only look); 0 when it has none.</summary>
    public Task<int> ReadSchemaVersionAsync(CancellationToken cancellationToken = default) => _core.ReadSchemaVersionAsync(cancellationToken);

    public Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default) => _core.ReadCaseAsync(caseId, cancellationToken);

    public Task<AppendResult> AppendAsync(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit,
        CancellationToken cancellationToken = default) =>
        _core.AppendAsync(caseId, expectedVersion, events, openDeadlines, assignments, audit, cancellationToken);

    public Task<AppendResult> AppendAsync(CaseAppend append, CancellationToken cancellationToken = default) => _core.AppendAsync(append, cancellationToken);

    public Task<IReadOnlyDictionary<string, decimal>> FindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken = default) =>
        _core.FindCaseloadsAsync(officerIds, exceptCaseId, cancellationToken);

    public bool KeepsOutbox => true;

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notifications.Notification> notifications, CancellationToken cancellationToken = default) =>
        _core.AppendAuditAsync(audit, notifications, cancellationToken);

    public Task<IReadOnlyList<Notifications.OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) =>
        _core.ClaimOutboxAsync(now, limit, claimant, claimedUntil, cancellationToken);

    public async Task<bool> CompleteOutboxAsync(Notifications.OutboxEntry entry, AuditRecord sent, CancellationToken cancellationToken = default) =>
        await _core.CompleteOutboxAsync([new Notifications.OutboxCompletion(entry, sent)], cancellationToken).ConfigureAwait(false) == 1;

    public Task<int> CompleteOutboxAsync(IReadOnlyList<Notifications.OutboxCompletion> completions, CancellationToken cancellationToken = default) => _core.CompleteOutboxAsync(completions, cancellationToken);

    public Task RetryOutboxAsync(Notifications.OutboxEntry entry, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default) =>
        _core.RetryOutboxAsync(entry, retryAt, error, cancellationToken);

    public Task<DateTimeOffset?> NextOutboxAsync(CancellationToken cancellationToken = default) => _core.NextOutboxAsync(cancellationToken);

    public Task<IReadOnlyList<string>> FindCasesWithoutCaseloadAsync(string? after, int limit, CancellationToken cancellationToken = default) =>
        _core.FindCasesWithoutCaseloadAsync(after, limit, cancellationToken);

    public Task<bool> IndexCaseloadAsync(string caseId, long expectedVersion, decimal weight, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _core.IndexCaseloadAsync(caseId, expectedVersion, weight, at, cancellationToken);

    public Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default) => _core.AppendBatchAsync(appends, cancellationToken);

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default) => _core.AppendAuditAsync(audit, cancellationToken);

    public IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition = 1, CancellationToken cancellationToken = default) => _core.ReadAuditAsync(caseId, fromPosition, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => _core.FindAuditAsync(query, cancellationToken);

    public Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken = default) => _core.ReadChainHeadsAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken = default) => _core.ReadIndexAsync(cancellationToken);

    public Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) => _core.AppendCheckpointAsync(checkpoint, cancellationToken);

    public Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => _core.ReadCheckpointLinesAsync(fromSequence, cancellationToken);

    public Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default) => _core.FindDueAsync(until, limit, cancellationToken);

    public Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) =>
        _core.ClaimDueAsync(now, limit, claimant, claimedUntil, cancellationToken);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => _core.NextDueAsync(cancellationToken);

    public Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default) => _core.FindCasesAssignedToAsync(officerId, cancellationToken);

    public Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default) => _core.ListCasesAsync(limit, cancellationToken);

    public Task<DueWorkPage> FindDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken = default) => _core.FindDueWorkAsync(query, cancellationToken);

    public Task<CaseSnapshot?> ReadSnapshotAsync(string caseId, CancellationToken cancellationToken = default) => _core.ReadSnapshotAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<CaseEvent>> ReadCaseAfterAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default) => _core.ReadCaseAfterAsync(snapshot, cancellationToken);

    public Task SaveSnapshotAsync(CaseSnapshot snapshot, CancellationToken cancellationToken = default) => _core.SaveSnapshotAsync(snapshot, cancellationToken);

    public Task<int> DropSnapshotsAsync(CancellationToken cancellationToken = default) => _core.DropSnapshotsAsync(cancellationToken);

    /// <summary>The database's plan for the query of a page of work (for the tests that it uses the indexes).</summary>
    internal Task<string> ExplainDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken = default) =>
        _core.ExplainDueWorkAsync("EXPLAIN QUERY PLAN", 3, query, cancellationToken);

    /// <summary>The database's plan for a query of the records of access (for the tests that it uses the indexes).</summary>
    internal Task<string> ExplainFindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _core.ExplainFindAuditAsync("EXPLAIN QUERY PLAN", 3, query, cancellationToken);

    /// <summary>SQLite's plan for "what falls due before T" (for the test that the index is used). The plan's text is column 3.</summary>
    internal Task<string> ExplainFindDueAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _core.ExplainFindDueAsync("EXPLAIN QUERY PLAN", 3, until, cancellationToken);

    /// <summary>How many of this process's writes to the file are waiting for their group to commit (for the test that queued writes commit together).</summary>
    internal int UnansweredWrites => _dialect.GroupCommit.Unanswered;

    /// <summary>The plan for officers' caseloads (for the test that the officer index is used).</summary>
    internal Task<string> ExplainFindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken = default) =>
        _core.ExplainFindCaseloadsAsync("EXPLAIN QUERY PLAN", 3, officerIds, exceptCaseId, cancellationToken);

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>SQLite: pooled connections to one file, the write lock taken by <c>BEGIN IMMEDIATE</c>.</summary>
    private sealed class Dialect(string connectionString, string writerQueueKey) : SqlDialect
    {
        // The writers of one process share one group commit per file: what queues while a transaction is written goes
        // into the next one, so a burst of callers costs one fsync per transaction rather than one each, and they take
        // SQLite's write lock one group at a time instead of all polling it through the busy handler (whose growing
        // sleeps, up to 100 ms, leave the lock idle most of a busy second). Writers in other processes still meet at
        // SQLite's lock, with the busy timeout.
        private static readonly ConcurrentDictionary<string, GroupCommit> GroupCommits = new(StringComparer.Ordinal);

        // The SQLite connections (pooled beneath each SqliteConnection) whose busy timeout and synchronous mode are set.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();
        private static readonly object Marker = new();

        public GroupCommit GroupCommit { get; } = GroupCommits.GetOrAdd(writerQueueKey, static _ => new GroupCommit());

        public override IReadOnlyList<string> Migrations => MigrationScripts;

        public override string Table(string name) => name;

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

                // Set once per SQLite connection: a pooled one comes back with its settings, and every store call opens one.
                if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
                {
                    // synchronous = FULL: in WAL mode NORMAL already survives a killed process, but a commit could be lost
                    // to a power cut after the caller was told it was saved. A police record is worth one fsync per commit.
                    using var pragma = connection.CreateCommand();
                    pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;";
                    await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    Configured.AddOrUpdate(handle, Marker);
                }

                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            // WAL lets readers go on while one writer writes. The mode is kept in the file, and cannot change inside a transaction.
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        public override Task<T> RunWriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
            GroupCommit.RunAsync(OpenAsync, BeginWriteAsync, write, cancellationToken);

        // In the process, a statement costs no round trip but its preparing does: each kind is prepared once per
        // group's connection (a group of hundreds of appends prepares a handful of statements, not thousands).
        public override Task<int> ExecuteAsync(SqlScript script, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
            PreparedStatements.ExecuteAsync(script, connection, transaction, cancellationToken);

        public override Task<List<T>> ReadAsync<T>(SqlScript script, DbConnection connection, DbTransaction transaction, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
            PreparedStatements.ReadAsync(script, connection, transaction, read, cancellationToken);

        // BEGIN IMMEDIATE: the write lock is taken before anything is read, so the head and the version read next are current.
        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

        // Deferred: in WAL mode the first read fixes the snapshot the rest of the transaction sees, and no lock is taken.
        public override Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true));

        // Under SQLite's one write lock no two writers can read the same maximum.
        public override string NextOpenedSql => "(SELECT COALESCE(MAX(opened), 0) + 1 FROM cases)";

        public override async ValueTask DisposeAsync()
        {
            // The group commit's writer keeps its connection between groups; a store let go of leaves none open.
            await GroupCommit.ReleaseAsync().ConfigureAwait(false);
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
