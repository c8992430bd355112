using Npgsql;
using Policy.PostgreSql;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>
/// Where the PostgreSQL tests find their server: <c>POLICY_TEST_POSTGRES</c>, a connection string (CI starts a
/// throwaway server with <c>.ci/postgres.sh</c>). Without it the tests skip, except in CI, where they fail.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "POLICY_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason =>
        $"No PostgreSQL server: set {Variable} to a connection string to run the PostgreSQL tests (eval \"$(bash .ci/postgres.sh start)\" starts a throwaway one).";

    /// <summary>The connection string, or a failure in CI when there is none.</summary>
    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set, so the PostgreSQL tests cannot run: CI must start PostgreSQL first (eval \"$(bash .ci/postgres.sh start)\").");

    /// <summary>A schema of its own for each test, so runs and tests never see each other's data.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Require());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Require());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static Task DropSchemaAsync(string schema) => ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
}

/// <summary>A fact that needs a PostgreSQL server: skipped with a clear message when none is configured outside CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.ConnectionString is null && !PostgresServer.Required)
        {
            Skip = PostgresServer.SkipReason;
        }
    }
}

public sealed class PostgreSqlCaseStoreContract : CaseStoreContract, INeedsPostgres
{
    private readonly string _schema = PostgresServer.NewSchema();

    protected override Task<ICaseStore> CreateStoreAsync() => OpenSameDatabaseAsync();

    protected override Task<ICaseStore> OpenSameDatabaseAsync() =>
        Task.FromResult<ICaseStore>(new PostgreSqlCaseStore(PostgresServer.Require(), _schema, Keys));

    internal override StoreTampering Tampering => new SqlTampering(async () =>
    {
        var connection = new NpgsqlConnection(PostgresServer.Require());
        await connection.OpenAsync();
        return connection;
    }, _schema + ".");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropSchemaAsync(_schema);
    }
}

public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (PostgresServer.ConnectionString is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }

    [PostgresFact]
    public async Task What_falls_due_is_found_through_the_index_not_by_scanning()
    {
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        await store.InitializeAsync();
        // Enough open deadlines, spread over time, that scanning them all would be the wrong plan, and statistics that say so.
        await PostgresServer.ExecuteAsync(
            $"INSERT INTO {_schema}.due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role) SELECT 'case-' || i, 'P', 'D', 1, i * 6000000000, i * 6000000000, 0, NULL FROM generate_series(1, 50000) AS i; ANALYZE {_schema}.due_deadlines;");

        var plan = await store.ExplainFindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1));

        Assert.Contains("Index Scan using due_deadlines_by_next_action", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Equal(6, (await store.FindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1), 100)).Count);
    }

    [PostgresFact]
    public async Task Officers_caseloads_are_summed_from_the_officer_index_not_by_scanning_every_case()
    {
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        await store.InitializeAsync();
        await PostgresServer.ExecuteAsync(
            $"INSERT INTO {_schema}.assignments (case_id, role, officer_id) SELECT 'case-' || i, 'OIC', 'officer-' || (i % 5000) FROM generate_series(1, 50000) AS i; "
            + $"INSERT INTO {_schema}.caseloads (case_id, weight) SELECT 'case-' || i, 1500 FROM generate_series(1, 50000) AS i; ANALYZE {_schema}.assignments; ANALYZE {_schema}.caseloads;");

        var plan = await store.ExplainFindCaseloadsAsync(["officer-7", "officer-8"], "case-7");
        Assert.Contains("assignments_by_officer", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        var loads = await store.FindCaseloadsAsync(["officer-7", "officer-8"], "case-7");
        Assert.Equal((13.5m, 15m), (loads["officer-7"], loads["officer-8"]));
    }

    [PostgresFact]
    public async Task What_an_officer_did_and_the_flagged_reads_are_found_through_indexes_not_by_scanning_every_case()
    {
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        await store.InitializeAsync();
        await PostgresServer.ExecuteAsync(
            $"INSERT INTO {_schema}.audit SELECT 'case-' || i, 1, CASE WHEN i % 100 = 0 THEN 'AccessFlag' ELSE 'Read' END, "
            + $"'2025-03-' || lpad((1 + i % 28)::text, 2, '0') || 'T09:00:00.000000Z', 'officer-' || (i % 500), 'p', '{{}}', 'h', 'h', NULL, NULL FROM generate_series(1, 50000) AS i; ANALYZE {_schema}.audit;");

        var byOfficer = await store.ExplainFindAuditAsync(new AuditQuery("officer-7"));
        Assert.Contains("audit_by_actor", byOfficer, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", byOfficer, StringComparison.Ordinal);
        var flagged = await store.ExplainFindAuditAsync(new AuditQuery(Kind: AuditKind.AccessFlag));
        Assert.Contains("audit_by_kind", flagged, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", flagged, StringComparison.Ordinal);
        Assert.Equal(100, (await store.FindAuditAsync(new AuditQuery("officer-7"))).Count);
    }

    [PostgresFact]
    public async Task Each_query_of_work_is_answered_from_an_index_not_by_scanning()
    {
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        await store.InitializeAsync();
        // 50,000 cases, each with an OIC (one of 2,500 officers, 20 cases each) and two deadlines: the OIC's and the Supervisor's.
        await PostgresServer.ExecuteAsync(
            $"INSERT INTO {_schema}.due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role) SELECT 'case-' || i, 'P', d.name, 1, i * 6000000000, i * 6000000000, 0, d.role FROM generate_series(1, 50000) AS i, (VALUES ('A', 'OIC'), ('B', 'Supervisor')) AS d(name, role);"
            + $"INSERT INTO {_schema}.assignments (case_id, role, officer_id) SELECT 'case-' || i, 'OIC', 'dc-' || (i % 2500) FROM generate_series(1, 50000) AS i;"
            + $"ANALYZE {_schema}.due_deadlines; ANALYZE {_schema}.assignments;");
        var after = new DueWorkCursor(DateTimeOffset.UnixEpoch.AddHours(1), "case-6", "A", 1);
        var plans = new Dictionary<string, DueWorkQuery>
        {
            ["all"] = DueWorkQuery.AllCases() with { After = after },
            ["overdue"] = DueWorkQuery.AllCases() with { DueBy = DateTimeOffset.UnixEpoch.AddHours(2) },
            ["role"] = DueWorkQuery.ForRole("Supervisor") with { After = after },
            ["officer"] = DueWorkQuery.ForOfficer("dc-7"),
            ["team"] = DueWorkQuery.ForOfficers(["dc-7", "dc-8", "dc-9"]) with { DueBy = DateTimeOffset.UnixEpoch.AddDays(30) },
        };

        var found = new Dictionary<string, string>();
        foreach (var (name, query) in plans)
        {
            found[name] = await store.ExplainDueWorkAsync(query);
        }

        Assert.All(found, plan => Assert.DoesNotContain("Seq Scan", plan.Value, StringComparison.Ordinal));
        Assert.Contains("Index Scan using due_deadlines_by_due", found["all"], StringComparison.Ordinal);
        Assert.Contains("Index Scan using due_deadlines_by_due", found["overdue"], StringComparison.Ordinal);
        // A role that half the rows have is read in due order from either index; either way no sort, so the scan stops
        // after the page.
        Assert.Matches("Index Scan using due_deadlines_by_(role|due)", found["role"]);
        Assert.All(new[] { found["all"], found["overdue"], found["role"] }, plan => Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal));
        foreach (var byOfficer in new[] { found["officer"], found["team"] })
        {
            Assert.Contains("assignments_by_officer", byOfficer, StringComparison.Ordinal);
            Assert.Contains("due_deadlines_pkey", byOfficer, StringComparison.Ordinal);
        }

        var officer = await store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-7", 3));
        Assert.Equal(["case-7", "case-2507", "case-5007"], officer.Items.Select(w => w.Deadline.CaseId));
    }

    [PostgresFact]
    public async Task A_client_killed_while_sixteen_writers_append_keeps_every_acknowledged_append_and_no_half_written_case()
    {
        const int Writers = 16;
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        var errors = await CrashChild.RunAndKillAsync($"postgres:{_schema}", $"--group {Writers}", line =>
        {
            var parts = line.Split(' ');
            if (parts[0] == "ack")
            {
                acknowledged[parts[1]] = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            }

            return acknowledged.Values.Sum() >= 400;
        });
        Assert.True(acknowledged.Values.Sum() >= 400, $"The child acknowledged only {acknowledged.Values.Sum()} appends: {errors}");

        // The server rolls back whatever the killed client had not committed.
        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        await store.InitializeAsync();
        for (var w = 0; w < Writers; w++)
        {
            var caseId = $"g-{w}";
            var events = await store.ReadCaseAsync(caseId);

            // Each writer has at most one append in flight: committed but not yet acknowledged when it was killed, or not.
            Assert.InRange(events.Count, acknowledged.GetValueOrDefault(caseId), acknowledged.GetValueOrDefault(caseId) + 1);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Version));
            Assert.Equal(2 * events.Count, (await CaseStoreContract.ReadChainAsync(store, caseId)).Count);
        }

        var report = await new Policy.Runtime.Audit.AuditVerifier(store, null).VerifyAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
    }

    [PostgresFact]
    public async Task Instances_starting_together_migrate_the_schema_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlCaseStore(PostgresServer.Require(), _schema)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync()));
            Assert.True((await stores[0].AppendAsync("c1", 0, CaseStoreContract.Events("c1", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);
            Assert.Equal(PostgreSqlCaseStore.SchemaVersion, await PostgresServer.ScalarAsync($"SELECT version FROM {_schema}.schema_version"));
            Assert.Equal(1L, await PostgresServer.ScalarAsync($"SELECT count(*) FROM {_schema}.schema_version"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task A_database_at_schema_version_1_is_migrated_to_a_chain_per_case_that_verifies_and_keeps_its_data()
    {
        // What version 1 of the store left behind: one chain and its head row, events beside it, due times in microseconds.
        var trail = LegacyTrail.ThreeCases();
        await PostgresServer.ExecuteAsync(
            $"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.schema_version (version int NOT NULL); INSERT INTO {_schema}.schema_version VALUES (1);"
            + PostgreSqlCaseStore.Migrations[0].Replace("{s}", _schema, StringComparison.Ordinal)
            + trail.ToSql(_schema + ".")
            + $"UPDATE {_schema}.audit_head SET position = {trail.Entries.Count}, hash = '{trail.Entries[^1].Hash}';"
            + $"INSERT INTO {_schema}.due_deadlines VALUES ('old', 'P', 'D', 1, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, 0);");

        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema, CaseStoreContract.Keys);
        await store.InitializeAsync();

        Assert.Equal(PostgreSqlCaseStore.SchemaVersion, await PostgresServer.ScalarAsync($"SELECT version FROM {_schema}.schema_version"));
        Assert.Equal(CaseStoreContract.T0, (await store.FindDueAsync(CaseStoreContract.T0, 10)).Single().NextActionAt);
        Assert.True((await store.AppendAsync("new", 0, CaseStoreContract.Events("new", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);
        Assert.Equal(["new", "oldest", "older", "old"], await store.ListCasesAsync(10));
        Assert.Equal([Runtime.Audit.AuditKind.Event, Runtime.Audit.AuditKind.Read, Runtime.Audit.AuditKind.Event, Runtime.Audit.AuditKind.CaseIndex], (await CaseStoreContract.ReadChainAsync(store, "old")).Select(e => e.Kind));
        var report = await new Runtime.Audit.AuditVerifier(store, CaseStoreContract.Keys).VerifyAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
    }

    [PostgresFact]
    public async Task A_version_1_database_whose_trail_does_not_verify_is_not_migrated()
    {
        var trail = LegacyTrail.ThreeCases();
        await PostgresServer.ExecuteAsync(
            $"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.schema_version (version int NOT NULL); INSERT INTO {_schema}.schema_version VALUES (1);"
            + PostgreSqlCaseStore.Migrations[0].Replace("{s}", _schema, StringComparison.Ordinal)
            + trail.ToSql(_schema + ".")
            + $"UPDATE {_schema}.audit SET actor_id = 'dc-9' WHERE position = 2;");

        await using var store = new PostgreSqlCaseStore(PostgresServer.Require(), _schema);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("does not verify at position 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await PostgresServer.ScalarAsync($"SELECT version FROM {_schema}.schema_version"));
    }
}
