using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

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
            + "INSERT INTO due_deadlines SELECT 'case-' || i, 'P', 'D', 1, i * 6000000000, i * 6000000000, 0 FROM n; ANALYZE;");

        var plan = await _store.ExplainFindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1));

        Assert.Contains("SEARCH due_deadlines USING INDEX due_deadlines_by_next_action (next_action_at<?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
        Assert.Equal(6, (await _store.FindDueAsync(DateTimeOffset.UnixEpoch.AddHours(1), 100)).Count);
    }

    [Fact]
    public void The_database_is_in_wal_mode_at_the_current_schema_version()
    {
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal((long)SqliteCaseStore.SchemaVersion, Scalar("SELECT version FROM schema_version"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_database_at_schema_version_1_is_migrated_and_keeps_its_data()
    {
        var old = Path.Combine(_folder, "v1.db");
        using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // What version 1 of the store left behind: due times in microseconds, cases ordered by rowid.
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
                + SqliteCaseStore.Migrations[0]
                + "INSERT INTO cases (case_id, version) VALUES ('old', 2), ('older', 1), ('oldest', 1);"
                + "INSERT INTO audit (position, kind, at, case_id, content, previous_hash, hash) VALUES (1, 'Event', 'x', 'old', '{}', 'x', 'x'), (2, 'Event', 'x', 'older', '{}', 'x', 'x'), (3, 'Event', 'x', 'old', '{}', 'x', 'x'), (4, 'Event', 'x', 'oldest', '{}', 'x', 'x');"
                + $"INSERT INTO due_deadlines VALUES ('old', 'P', 'D', 1, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, {StoredTime.ToTicks(CaseStoreContract.T0) / 10}, 0);";
            command.ExecuteNonQuery();
        }

        await using var store = SqliteCaseStore.ForFile(old);
        await store.InitializeAsync();

        Assert.Equal(CaseStoreContract.T0, (await store.FindDueAsync(CaseStoreContract.T0, 10)).Single().NextActionAt);
        Assert.True((await store.AppendAsync("new", 0, CaseStoreContract.Events("new", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);
        Assert.Equal(["new", "oldest", "older", "old"], await store.ListCasesAsync(10));
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
        Execute("DELETE FROM audit WHERE position = 4");
        Assert.True(AuditChain.Verify(await AuditAsync()).IsValid);
        Assert.False(AuditChain.Verify(await AuditAsync(), head.Hash, head.Position).IsValid);
    }

    [Fact]
    public async Task A_process_killed_while_appending_leaves_a_store_that_opens_verifies_and_keeps_every_acknowledged_event()
    {
        var child = Path.Combine(AppContext.BaseDirectory, "Policy.Storage.CrashTest.dll");
        Assert.True(File.Exists(child), "The crash test's child program was not built beside the tests.");
        var database = Path.Combine(_folder, "crash.db");
        var info = new ProcessStartInfo("dotnet", $"\"{child}\" \"{database}\"") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var acknowledged = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged < 300 && DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                break;
            }

            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acknowledged = long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        // Process.Kill sends SIGKILL on Linux: no chance to flush or close anything.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.True(acknowledged >= 300, $"The child acknowledged only {acknowledged} appends: {await process.StandardError.ReadToEndAsync()}");

        SqliteConnection.ClearAllPools();
        await using var reopened = SqliteCaseStore.ForFile(database);
        await reopened.InitializeAsync();
        var events = await reopened.ReadCaseAsync("crash");
        Assert.True(events.Count >= acknowledged, $"{acknowledged} appends were acknowledged but only {events.Count} survived.");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Version));
        var audit = await CaseStoreContract.ReadAllAuditAsync(reopened);
        Assert.Equal(events.Count, audit.Count);
        Assert.True(AuditChain.Verify(audit).IsValid);
    }
}
