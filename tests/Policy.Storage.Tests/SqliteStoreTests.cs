using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Sql;

namespace Policy.Storage.Tests;

public sealed class SqliteStoreTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-sqlite-").FullName;
    private SqliteCaseStore _store = null!;

    private string DatabasePath => Path.Combine(_folder, "cases.db");

    public async Task InitializeAsync()
    {
        _store = SqliteCaseStore.ForFile(DatabasePath);
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<List<AuditEntry>> AuditAsync() => CaseStoreContract.ReadAllAuditAsync(_store);

    private async Task SeedAsync(int events)
    {
        await _store.AppendAsync("c1", 0, CaseStoreContract.Events("c1", 1, events), [], new Dictionary<string, string>(), []);
    }

    [Fact]
    public async Task The_writer_keeps_its_connection_between_groups_and_a_disposed_store_leaves_the_file_whole_without_its_log()
    {
        // Appends one after another: each its own group, all on the writer's one connection.
        for (var i = 0; i < 20; i++)
        {
            Assert.False((await _store.AppendAsync($"c{i}", 0, CaseStoreContract.Events($"c{i}", 1, 2), [], new Dictionary<string, string>(), [])).IsConflict);
        }

        // A second store of the same file writes through the same writer: its groups get a connection of their own store.
        await using (var second = SqliteCaseStore.ForFile(DatabasePath))
        {
            Assert.False((await second.AppendAsync("other", 0, CaseStoreContract.Events("other", 1, 1), [], new Dictionary<string, string>(), [])).IsConflict);
        }

        Assert.False((await _store.AppendAsync("c0", 2, CaseStoreContract.Events("c0", 3, 1), [], new Dictionary<string, string>(), [])).IsConflict);

        // Disposed, the store leaves no connection open: the last one to close checkpointed the write-ahead log into the
        // database file, so a copy of that file alone (as a backup script might take) holds every acknowledged append.
        await _store.DisposeAsync();
        var copy = Path.Combine(_folder, "copy.db");
        File.Copy(DatabasePath, copy);
        Assert.False(File.Exists(DatabasePath + "-wal") && new FileInfo(DatabasePath + "-wal").Length > 0, "The write-ahead log still holds writes after the store was disposed.");
        await using (var copied = SqliteCaseStore.ForFile(copy))
        {
            Assert.Equal(3, (await copied.ReadCaseAsync("c0")).Count);
            Assert.Equal(2, (await copied.ReadCaseAsync("c19")).Count);
            Assert.Single(await copied.ReadCaseAsync("other"));
        }

        // The fixture disposes it again: a disposed store can be disposed twice.
        _store = SqliteCaseStore.ForFile(DatabasePath);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task What_falls_due_is_found_through_the_index_not_by_scanning()
    {
        Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role) SELECT 'case-' || i, 'P', 'D', 1, i * 6000000000, i * 6000000000, 0, NULL FROM n; ANALYZE;");

        var plan = await _store.ExplainFindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1));

        Assert.Contains("SEARCH due_deadlines USING INDEX due_deadlines_by_next_action (next_action_at<?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
        Assert.Equal(6, (await _store.FindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1), 100)).Count);
    }

    [Fact]
    public async Task Officers_caseloads_are_summed_from_the_officer_index_not_by_scanning_every_case()
    {
        Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO assignments (case_id, role, officer_id) SELECT 'case-' || i, 'OIC', 'officer-' || (i % 2000) FROM n; "
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO caseloads (case_id, weight) SELECT 'case-' || i, 1500 FROM n; ANALYZE;");

        var plan = await _store.ExplainFindCaseloadsAsync(["officer-7", "officer-8"], "case-7");
        Assert.Contains("USING COVERING INDEX assignments_by_officer (officer_id=?)", plan, StringComparison.Ordinal);
        Assert.Contains("SEARCH c USING PRIMARY KEY (case_id=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN assignments", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN c", plan, StringComparison.Ordinal);
        var loads = await _store.FindCaseloadsAsync(["officer-7", "officer-8"], "case-7");
        Assert.Equal((13.5m, 15m), (loads["officer-7"], loads["officer-8"]));
    }

    [Fact]
    public async Task What_an_officer_did_and_the_flagged_reads_are_found_through_indexes_not_by_scanning_every_case()
    {
        Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO audit SELECT 'case-' || i, 1, CASE WHEN i % 100 = 0 THEN 'AccessFlag' ELSE 'Read' END, "
            + "printf('2025-03-%02dT09:00:00.000000Z', 1 + i % 28), 'officer-' || (i % 500), 'p', '{}', 'h', 'h', NULL, NULL FROM n; ANALYZE;");

        var byOfficer = await _store.ExplainFindAuditAsync(new AuditQuery("officer-7"));
        Assert.Contains("USING INDEX audit_by_actor (actor_id=?)", byOfficer, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN audit", byOfficer, StringComparison.Ordinal);
        var flagged = await _store.ExplainFindAuditAsync(new AuditQuery(Kind: AuditKind.AccessFlag, From: DateTimeOffset.Parse("2025-03-10T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("USING INDEX audit_by_kind (kind=? AND at>?)", flagged, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN audit", flagged, StringComparison.Ordinal);
        Assert.Equal(40, (await _store.FindAuditAsync(new AuditQuery("officer-7"))).Count);
    }

    [Fact]
    public async Task Each_query_of_work_is_answered_from_an_index_not_by_scanning()
    {
        // 20,000 cases, each with an OIC (one of 200 officers) and two deadlines: one the OIC's, one the Supervisor's.
        Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO due_deadlines (case_id, policy, deadline, instance, due_at, next_action_at, stage, role) SELECT 'case-' || i, 'P', d.name, 1, i * 6000000000, i * 6000000000, 0, d.role FROM n, (SELECT 'A' AS name, 'OIC' AS role UNION ALL SELECT 'B', 'Supervisor') AS d;"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            + "INSERT INTO assignments (case_id, role, officer_id) SELECT 'case-' || i, 'OIC', 'dc-' || (i % 200) FROM n; ANALYZE;");
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
            found[name] = await _store.ExplainDueWorkAsync(query);
        }

        Assert.All(found, plan => Assert.DoesNotContain("SCAN d", plan.Value, StringComparison.Ordinal));
        Assert.Contains("SEARCH d USING INDEX due_deadlines_by_due ((due_at,case_id,deadline,instance)>(?,?,?,?))", found["all"], StringComparison.Ordinal);
        Assert.Contains("SEARCH d USING INDEX due_deadlines_by_due (due_at<?)", found["overdue"], StringComparison.Ordinal);
        Assert.Contains("SEARCH d USING INDEX due_deadlines_by_role (role=? AND (due_at,case_id,deadline,instance)>(?,?,?,?))", found["role"], StringComparison.Ordinal);

        // Read in the pages' order, so each stops after one row more than its page, however many cases there are.
        Assert.All(new[] { found["all"], found["overdue"], found["role"] }, plan => Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal));
        foreach (var byOfficer in new[] { found["officer"], found["team"] })
        {
            Assert.Contains("SEARCH a USING COVERING INDEX assignments_by_officer (officer_id=?)", byOfficer, StringComparison.Ordinal);
            Assert.Contains("SEARCH d USING PRIMARY KEY (case_id=?)", byOfficer, StringComparison.Ordinal);
        }

        // And the answers are what the rows say: dc-7 holds cases 7, 207, 407...
        var officer = await _store.FindDueWorkAsync(DueWorkQuery.ForOfficer("dc-7", 3));
        Assert.Equal(["case-7", "case-207", "case-407"], officer.Items.Select(w => w.Deadline.CaseId));
        Assert.All(officer.Items, w => Assert.Equal(("A", "OIC", "dc-7"), (w.Deadline.Deadline, w.Deadline.Role, w.OfficerId)));
        Assert.NotNull(officer.Next);
    }

    [Fact]
    public void The_database_is_in_wal_mode_at_the_current_schema_version()
    {
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal((long)SqliteCaseStore.SchemaVersion, Scalar("SELECT version FROM schema_version"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM schema_version"));
    }

    private string WriteVersion1Database(LegacyTrail trail, string extraSql = "")
    {
        var old = Path.Combine(_folder, "v1.db");
        using var connection = new SqliteConnection($"Data Source={old};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // What version 1 of the store left behind: one chain for the store, events beside it, due times in microseconds.
        command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
            + SqliteCaseStore.Migrations[0]
            + trail.ToSql("")
            + $"INSERT INTO due_deadlines VALUES ('old', 'P', 'D', 1, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, 0);"
            + "INSERT INTO assignments VALUES ('old', 'OIC', 'dc-1');"
            + extraSql;
        command.ExecuteNonQuery();
        return old;
    }

    [Fact]
    public async Task A_database_at_schema_version_1_is_migrated_to_a_chain_per_case_that_verifies_and_keeps_its_data()
    {
        var trail = LegacyTrail.ThreeCases();
        var old = WriteVersion1Database(trail);

        await using var store = SqliteCaseStore.ForFile(old, CaseStoreContract.Keys);
        await store.InitializeAsync();

        Assert.Equal(CaseStoreContract.T0, (await store.FindDueAsync(CaseStoreContract.T0, 10)).Single().NextActionAt);
        Assert.True((await store.AppendAsync("new", 0, CaseStoreContract.Events("new", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);
        Assert.Equal(["new", "oldest", "older", "old"], await store.ListCasesAsync(10));

        // Each case's old entries, in their old order, now make its own chain, closed by the index rows it had.
        var chain = await CaseStoreContract.ReadChainAsync(store, "old");
        Assert.Equal([AuditKind.Event, AuditKind.Read, AuditKind.Event, AuditKind.CaseIndex], chain.Select(e => e.Kind));
        Assert.Equal(trail.Entries.Where(e => e.CaseId == "old").Select(e => (e.Content, e.At, e.Purpose)), chain.Take(3).Select(e => (e.Content, e.At, e.Purpose)));
        Assert.Equal(2, (await store.ReadCaseAsync("old")).Count);
        var report = await new AuditVerifier(store, CaseStoreContract.Keys).VerifyAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Equal(4, report.CasesChecked);
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM sqlite_master WHERE name IN ('events', '{Policy.Runtime.Storage.Sql.PerCaseChainMigration.OldAuditTable}')"));
    }

    [Fact]
    public async Task A_version_1_database_whose_events_table_was_edited_is_not_migrated()
    {
        var old = WriteVersion1Database(LegacyTrail.ThreeCases(), "UPDATE events SET content = replace(content, 'Detail 2', 'Detail 9') WHERE case_id = 'old';");

        await using var store = SqliteCaseStore.ForFile(old);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("the events table of case 'old' does not match", error.Message, StringComparison.Ordinal);

        // Nothing was changed: the database is still at version 1, for whoever investigates.
        using var connection = new SqliteConnection($"Data Source={old};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task A_version_1_database_whose_trail_does_not_verify_is_not_migrated()
    {
        var old = WriteVersion1Database(LegacyTrail.ThreeCases(), "UPDATE audit SET purpose = 'Routine' WHERE position = 3;");

        await using var store = SqliteCaseStore.ForFile(old);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("does not verify at position 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_rather_than_misread()
    {
        Execute("UPDATE schema_version SET version = 99");
        await using var store = SqliteCaseStore.ForFile(DatabasePath);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_modified_entry_is_found_at_its_position()
    {
        await SeedAsync(5);
        Execute("UPDATE audit SET content = replace(content, 'Detail 3', 'Detail 9') WHERE position = 3");
        var result = AuditChain.Verify(await AuditAsync());
        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBadPosition);
    }

    [Fact]
    public async Task An_entry_whose_kind_is_rewritten_is_found_at_its_position()
    {
        await SeedAsync(3);
        Execute("UPDATE audit SET kind = '0' WHERE position = 2");
        var result = AuditChain.Verify(await AuditAsync());
        Assert.False(result.IsValid);
        Assert.Equal(2, result.FirstBadPosition);
    }

    [Fact]
    public async Task A_deleted_entry_is_found_at_its_position()
    {
        await SeedAsync(5);
        Execute("DELETE FROM audit WHERE position = 2");
        var result = AuditChain.Verify(await AuditAsync());
        Assert.False(result.IsValid);
        Assert.Equal(2, result.FirstBadPosition);
    }

    [Fact]
    public async Task Swapped_entries_are_found_at_the_first_of_them()
    {
        await SeedAsync(5);
        Execute("UPDATE audit SET position = -1 WHERE position = 2; UPDATE audit SET position = 2 WHERE position = 4; UPDATE audit SET position = 4 WHERE position = -1;");
        var result = AuditChain.Verify(await AuditAsync());
        Assert.False(result.IsValid);
        Assert.Equal(2, result.FirstBadPosition);
    }

    [Fact]
    public async Task An_inserted_entry_is_found_at_its_position()
    {
        await SeedAsync(3);
        Execute("UPDATE audit SET position = position + 10 WHERE position >= 2; UPDATE audit SET position = position - 9 WHERE position >= 12;");
        Execute("INSERT INTO audit (position, kind, at, case_id, actor_id, purpose, content, previous_hash, hash) SELECT 2, kind, at, case_id, 'intruder', purpose, content, previous_hash, hash FROM audit WHERE position = 1");
        var result = AuditChain.Verify(await AuditAsync());
        Assert.False(result.IsValid);
        Assert.Equal(2, result.FirstBadPosition);
    }

    [Fact]
    public async Task A_truncated_tail_is_found_when_the_head_is_known()
    {
        await SeedAsync(4);
        var head = (await AuditAsync())[^1];
        Execute($"DELETE FROM audit WHERE position = {head.Position}");
        Assert.True(AuditChain.Verify(await AuditAsync()).IsValid);
        Assert.False(AuditChain.Verify(await AuditAsync(), head.Hash, head.Position).IsValid);
    }

    [Fact]
    public async Task A_process_killed_while_appending_leaves_a_store_that_opens_verifies_and_keeps_every_acknowledged_event()
    {
        var database = Path.Combine(_folder, "crash.db");
        var acknowledged = 0L;
        var errors = await CrashChild.RunAndKillAsync(database, "", line =>
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acknowledged = long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            }

            return acknowledged >= 300;
        });
        Assert.True(acknowledged >= 300, $"The child acknowledged only {acknowledged} appends: {errors}");

        await using var reopened = SqliteCaseStore.ForFile(database);
        await reopened.InitializeAsync();
        var events = await reopened.ReadCaseAsync("crash");
        Assert.True(events.Count >= acknowledged, $"{acknowledged} appends were acknowledged but only {events.Count} survived.");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Version));
        // Each append is an event entry and an index entry; a commit cut short leaves neither.
        var audit = await CaseStoreContract.ReadChainAsync(reopened, "crash");
        Assert.Equal(2 * events.Count, audit.Count);
        Assert.True(AuditChain.Verify(audit).IsValid);
        Assert.True((await new AuditVerifier(reopened, null).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task A_process_killed_in_the_middle_of_a_group_commit_keeps_every_acknowledged_append_and_nothing_of_the_group()
    {
        const int Writers = 16;
        var database = Path.Combine(_folder, "group-crash.db");
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        var groupSize = 0;
        var errors = await CrashChild.RunAndKillAsync(database, $"--group {Writers}", line =>
        {
            var parts = line.Split(' ');
            if (parts[0] == "ack")
            {
                acknowledged[parts[1]] = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "mid-group")
            {
                groupSize = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                return true;
            }

            return false;
        });
        Assert.True(groupSize >= 4, $"The child was never stopped in the middle of a group (acknowledged {acknowledged.Values.Sum()} appends): {errors}");

        await using var reopened = SqliteCaseStore.ForFile(database);
        await reopened.InitializeAsync();
        for (var w = 0; w < Writers; w++)
        {
            var caseId = $"g-{w}";
            var events = await reopened.ReadCaseAsync(caseId);

            // Exactly what was acknowledged: the half of the group that was written before the kill was never
            // committed, so none of it is there, and no acknowledged append is missing.
            Assert.Equal(acknowledged.GetValueOrDefault(caseId), events.Count);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Version));
            var chain = await CaseStoreContract.ReadChainAsync(reopened, caseId);
            Assert.Equal(2 * events.Count, chain.Count);
        }

        Assert.True(acknowledged.Values.Sum() >= 200);
        var report = await new AuditVerifier(reopened, null).VerifyAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
    }
}
