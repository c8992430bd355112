using System.Data.Common;
using Npgsql;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Snapshots;
using Policy.Runtime.Storage.Sql;

namespace Policy.PostgreSql;

/// <summary>
/// The PostgreSQL case store. An append locks only its case's row, by the conditional update that checks the expected
/// version and returns the head of the case's chain, so appends to different cases run side by side, a lost race on
/// one case is a clean conflict, and a case's chain never forks.
/// </summary>
public sealed class PostgreSqlCaseStore : ICaseStore, ICaseStoreSchema
{
    private static readonly string[] MigrationScripts =
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

        // 2: as SQLite's: a case is numbered by the position of its first audit entry, which follows commit order
        // (a sequence need not), indexed so "newest first" reads a few rows; due times in exact 100-ns ticks; and ids
        // ordered by code point, as the other stores order them, whatever the database's locale.
        """
        ALTER TABLE {s}.cases ADD COLUMN opened bigint;
        UPDATE {s}.cases AS c SET opened = opening.position
            FROM (SELECT case_id, MIN(position) AS position FROM {s}.audit WHERE kind = 'Event' GROUP BY case_id) AS opening
            WHERE opening.case_id = c.case_id;
        ALTER TABLE {s}.cases DROP COLUMN created;
        CREATE UNIQUE INDEX cases_by_opened ON {s}.cases (opened);
        UPDATE {s}.due_deadlines SET due_at = due_at * 10, next_action_at = next_action_at * 10;
        ALTER TABLE {s}.due_deadlines ALTER COLUMN case_id TYPE text COLLATE "C", ALTER COLUMN deadline TYPE text COLLATE "C";
        ALTER TABLE {s}.assignments ALTER COLUMN case_id TYPE text COLLATE "C";
        """,

        // 3: as SQLite's: one audit chain per case, read for the case's events (the events table goes), sealed entries
        // and signed checkpoints. The global head row, which every append locked, goes: an append now locks only its
        // case's row. Cases are numbered by a sequence, since no global lock orders them any more.
        """
        ALTER TABLE {s}.audit RENAME TO audit_store_wide;
        CREATE TABLE {s}.audit (
            case_id text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            kind text NOT NULL,
            at text NOT NULL,
            actor_id text NULL,
            purpose text NULL,
            content text NOT NULL,
            previous_hash text NOT NULL,
            hash text NOT NULL,
            seal_key text NULL,
            seal text NULL,
            PRIMARY KEY (case_id, position)
        );
        DROP TABLE {s}.audit_head;
        ALTER TABLE {s}.cases ADD COLUMN entries bigint NOT NULL DEFAULT 0;
        ALTER TABLE {s}.cases ADD COLUMN head text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
        CREATE SEQUENCE {s}.cases_opened;
        SELECT setval('{s}.cases_opened', COALESCE((SELECT MAX(opened) FROM {s}.cases), 0) + 1, false);
        CREATE TABLE {s}.checkpoints (
            sequence bigint PRIMARY KEY,
            line text NOT NULL
        );
        """,

        // 4: as SQLite's: every open deadline is in the due-time index, with the role that must meet it (next_action_at
        // null where the monitor has nothing left to do), indexed for the pages' queries of work; roles and officers
        // compare by code point, as the other stores compare them. Rows kept from before have no role until their case
        // is next saved.
        """
        ALTER TABLE {s}.due_deadlines ALTER COLUMN next_action_at DROP NOT NULL, ADD COLUMN role text COLLATE "C" NULL;
        ALTER TABLE {s}.assignments ALTER COLUMN role TYPE text COLLATE "C", ALTER COLUMN officer_id TYPE text COLLATE "C";
        CREATE INDEX due_deadlines_by_due ON {s}.due_deadlines (due_at, case_id, deadline, instance);
        CREATE INDEX due_deadlines_by_role ON {s}.due_deadlines (role, due_at, case_id, deadline, instance);
        """,

        // 5: as SQLite's: snapshots of cases' states, a cache outside the chains.
        """
        CREATE TABLE {s}.snapshots (
            case_id text COLLATE "C" PRIMARY KEY,
            version bigint NOT NULL,
            position bigint NOT NULL,
            chain_hash text NOT NULL,
            policy_key text NOT NULL,
            content text NOT NULL,
            seal_key text NULL,
            seal text NULL
        );
        """,

        // 6: as SQLite's: claims of due rows by monitors, so that several share the work.
        """
        ALTER TABLE {s}.due_deadlines ADD COLUMN claimed_by text NULL, ADD COLUMN claimed_until bigint NULL;
        """,

        // 7: the records of access (DPA 2018 s.62): an officer's entries, and one kind's, across every case.
        """
        CREATE INDEX audit_by_actor ON {s}.audit (actor_id, at);
        CREATE INDEX audit_by_kind ON {s}.audit (kind, at);
        """,

        // 8: as SQLite's: the caseload index, each case's weight in thousandths, written with its assignments.
        """
        CREATE TABLE {s}.caseloads (
            case_id text COLLATE "C" PRIMARY KEY,
            weight bigint NOT NULL
        );
        """,

        // 9: as SQLite's: the outbox of notifications, written with the events that caused them.
        """
        CREATE TABLE {s}.outbox (
            case_id text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            content text NOT NULL,
            next_at bigint NOT NULL,
            attempts integer NOT NULL,
            last_error text NULL,
            claimed_by text NULL,
            claimed_until bigint NULL,
            PRIMARY KEY (case_id, key)
        );
        CREATE INDEX outbox_by_next ON {s}.outbox (next_at);
        """,
    };

    private readonly Dialect _dialect;
    private readonly SqlCaseStoreCore _core;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema holding the tables (created when missing).</param>
    /// <param name="auditKeys">The keys that seal each audit entry as it is written (kept outside the database); null leaves entries unsealed.</param>
    public PostgreSqlCaseStore(string connectionString, string schema = "policy", AuditKeyRing? auditKeys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // The schema's name is written into SQL, so only plain identifiers (which need no quoting) are accepted.
        if (string.IsNullOrWhiteSpace(schema) || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || !char.IsAsciiLetter(schema[0]) || schema.Length > 63)
        {
            throw new ArgumentException("The schema name must be at most 63 letters, digits and underscores, starting with a letter.", nameof(schema));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            // Every append runs the same few statements: prepared once per connection, PostgreSQL stops parsing and planning them each time.
            builder.MaxAutoPrepare = 32;
        }

        _dialect = new Dialect(NpgsqlDataSource.Create(builder), schema);
        _core = new SqlCaseStoreCore(_dialect, auditKeys);
    }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => MigrationScripts.Length;

    int ICaseStoreSchema.ExpectedSchemaVersion => SchemaVersion;

    /// <summary>The migrations, with <c>{s}</c> for the schema, for the test that upgrades a database written by an older version.</summary>
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

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default) =>
        _core.AppendAuditAsync(audit, notifications, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) =>
        _core.ClaimOutboxAsync(now, limit, claimant, claimedUntil, cancellationToken);

    public async Task<bool> CompleteOutboxAsync(OutboxEntry entry, AuditRecord sent, CancellationToken cancellationToken = default) =>
        await _core.CompleteOutboxAsync([new OutboxCompletion(entry, sent)], cancellationToken).ConfigureAwait(false) == 1;

    public Task<int> CompleteOutboxAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default) => _core.CompleteOutboxAsync(completions, cancellationToken);

    public Task RetryOutboxAsync(OutboxEntry entry, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default) =>
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
        _core.ExplainDueWorkAsync("EXPLAIN", 0, query, cancellationToken);

    /// <summary>The database's plan for a query of the records of access (for the tests that it uses the indexes).</summary>
    internal Task<string> ExplainFindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _core.ExplainFindAuditAsync("EXPLAIN", 0, query, cancellationToken);

    /// <summary>PostgreSQL's plan for "what falls due before T" (for the test that the index is used).</summary>
    internal Task<string> ExplainFindDueAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _core.ExplainFindDueAsync("EXPLAIN", 0, until, cancellationToken);

    /// <summary>The plan for officers' caseloads (for the test that the officer index is used).</summary>
    internal Task<string> ExplainFindCaseloadsAsync(IReadOnlyCollection<string> officerIds, string? exceptCaseId, CancellationToken cancellationToken = default) =>
        _core.ExplainFindCaseloadsAsync("EXPLAIN", 0, officerIds, exceptCaseId, cancellationToken);

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>PostgreSQL: a pooled data source, tables in one schema, writers of one case queued on its row's lock.</summary>
    private sealed class Dialect(NpgsqlDataSource dataSource, string schema) : SqlDialect
    {
        private readonly string[] _migrations = MigrationScripts.Select(m => m.Replace("{s}", schema, StringComparison.Ordinal)).ToArray();

        public override IReadOnlyList<string> Migrations => _migrations;

        public override string Table(string name) => schema + "." + name;

        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Instances starting together: one migrates, the others wait here and then find nothing left to do.
                // The lock is per schema, and released when the transaction ends.
                await new SqlScript("SELECT pg_advisory_xact_lock(hashtext({0}))", "policy-schema-" + schema).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await SqlScript.Raw($"CREATE SCHEMA IF NOT EXISTS {schema}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                return transaction;
            }
            catch
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // REPEATABLE READ: every statement of the transaction sees the snapshot its first one took.
        public override async Task<DbTransaction> BeginSnapshotReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        public override string SkipLockedSql => " FOR UPDATE SKIP LOCKED";

        // A sequence, not MAX + 1: appends of different cases no longer take turns, so two could read the same maximum.
        public override string NextOpenedSql => $"nextval('{schema}.cases_opened')";

        public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
    }
}
