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

    private async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _store.ReadAuditAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

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

    [Fact]
    public async Task What_falls_due_is_found_through_the_index_not_by_scanning()
    {
        var plan = await _store.ExplainFindDueAsync();
        Assert.Contains("USING INDEX due_deadlines_by_next_action", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN due_deadlines\n", plan + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_version_is_recorded()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)SqliteCaseStore.SchemaVersion, command.ExecuteScalar());
        await Task.CompletedTask;
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
        var audit = new List<AuditEntry>();
        await foreach (var entry in reopened.ReadAuditAsync())
        {
            audit.Add(entry);
        }

        Assert.Equal(events.Count, audit.Count);
        Assert.True(AuditChain.Verify(audit).IsValid);
    }
}
