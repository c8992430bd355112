using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Sql;

namespace Policy.Storage.Tests;

/// <summary>Run alone: <see cref="GroupCommit.WrittenInGroup"/> is one hook for the whole process, and these tests read it.</summary>
[CollectionDefinition(nameof(GroupCommitTests), DisableParallelization = true)]
public sealed class GroupCommitCollection
{
}

[Collection(nameof(GroupCommitTests))]
public sealed class GroupCommitTests : IAsyncLifetime
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
    public async Task Appends_queued_while_the_write_lock_is_held_commit_in_groups_and_one_that_fails_fails_alone()
    {
        // A write that the database itself refuses, half way through its statements.
        Execute("CREATE TRIGGER refuse_bad BEFORE INSERT ON audit WHEN NEW.case_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        var largest = 0;
        GroupCommit.WrittenInGroup = (_, size) => InterlockedMax(ref largest, size);
        try
        {
            // Another connection holds SQLite's write lock, so the first group waits for it and the rest queue behind.
            using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            holder.Open();
            using var hold = holder.BeginTransaction(deferred: false);
            var appends = Enumerable.Range(0, 16).Select(i => i == 7 ? "bad" : $"c{i}")
                .Select(id => Task.Run(() => _store.AppendAsync(id, 0, CaseStoreContract.Events(id, 1, 1), [], new Dictionary<string, string>(), [])))
                .ToArray();
            // The first group waits for the lock with the writes that had queued when it began; the rest queue behind it.
            var waited = Stopwatch.StartNew();
            while (_store.UnansweredWrites < 16 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }

            Assert.Equal(16, _store.UnansweredWrites);
            Assert.DoesNotContain(appends, a => a.IsCompleted);
            hold.Rollback();

            var error = await Assert.ThrowsAsync<SqliteException>(() => appends[7]);
            Assert.Contains("refused by the test", error.Message, StringComparison.Ordinal);
            Assert.All(appends.Where((_, i) => i != 7), a => Assert.True(a.Result.Succeeded));
        }
        finally
        {
            GroupCommit.WrittenInGroup = null;
        }

        // Two groups at most, then: the one that waited, and the one of everything that queued behind it.
        Assert.True(largest >= 8, $"The sixteen appends were not committed in at most two groups (largest group {largest}).");
        Assert.Equal(15, (await _store.ListCasesAsync(100)).Count);
        Assert.Empty(await _store.ReadCaseAsync("bad"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM cases WHERE case_id = 'bad'"));
        Assert.True((await new AuditVerifier(_store, null).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task A_write_alone_in_its_group_that_fails_half_way_leaves_nothing_and_the_next_write_commits()
    {
        // Written without a savepoint (nothing else shares its transaction): its failure must undo the rows it wrote.
        Execute("CREATE TRIGGER refuse_bad BEFORE INSERT ON audit WHEN NEW.case_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        Assert.True((await _store.AppendAsync("c1", 0, CaseStoreContract.Events("c1", 1, 1), [CaseStoreContract.Due("c1", "D", CaseStoreContract.T0)], new Dictionary<string, string>(), [])).Succeeded);

        var error = await Assert.ThrowsAsync<SqliteException>(() => _store.AppendAsync("bad", 0, CaseStoreContract.Events("bad", 1, 1), [CaseStoreContract.Due("bad", "D", CaseStoreContract.T0)], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []));
        Assert.Contains("refused by the test", error.Message, StringComparison.Ordinal);
        Assert.True((await _store.AppendAsync("c2", 0, CaseStoreContract.Events("c2", 1, 1), [], new Dictionary<string, string>(), [])).Succeeded);

        // The claim of its row, its due row and its assignment, written before the audit insert failed, are gone.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM cases WHERE case_id = 'bad'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM due_deadlines WHERE case_id = 'bad'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM assignments WHERE case_id = 'bad'"));
        Assert.Equal(["c1", "c2"], (await _store.ListCasesAsync(100)).Order(StringComparer.Ordinal));
        Assert.Single(await _store.FindDueAsync(CaseStoreContract.T0.AddDays(1), 10));
        Assert.True((await new AuditVerifier(_store, null).VerifyAsync()).IsClean);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var found && found != seen)
        {
            seen = found;
        }
    }
}
