using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Storage;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Appends per second to <see cref="SqliteCaseStore"/> with 1, 4 and 16 callers at once, each appending to a case of its
/// own (<see cref="AppendWorkload"/>'s rows), against a raw baseline of the same rows written as well as SQLite allows:
/// one writer that takes everything the callers have queued, writes it in one transaction with prepared commands and
/// commits once (group commit by hand), answering each caller after that commit. Both on files in the temporary folder
/// with WAL and <c>synchronous = FULL</c>. Each invocation is <see cref="Appends"/> appends shared out among the
/// callers, so the operations per second are appends per second.
/// </summary>
[Config(typeof(StorageConfig))]
public class SqliteGroupCommitBenchmarks
{
    /// <summary>Appends per invocation, whatever the number of callers (each makes its share).</summary>
    public const int Appends = 480;

    private string _folder = string.Empty;
    private SqliteCaseStore _store = null!;
    private SqliteConnection _rawConnection = null!;
    private AppendWorkload[] _workloads = [];
    private RawAppend[] _raw = [];
    private long[] _storeVersions = [];
    private long[] _rawVersions = [];
    private RawGroupCommit _rawGroup = null!;

    [Params(1, 4, 16)]
    public int Callers { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;
        _store = SqliteCaseStore.ForFile(Path.Combine(_folder, "store.db"), AppendWorkload.Keys);
        await _store.InitializeAsync();
        var rawPath = Path.Combine(_folder, "raw.db");
        await using (var schemaOnly = SqliteCaseStore.ForFile(rawPath))
        {
            await schemaOnly.InitializeAsync();
        }

        _rawConnection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = rawPath, Pooling = false }.ToString());
        _rawConnection.Open();
        using (var pragma = _rawConnection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        _workloads = Enumerable.Range(0, Callers).Select(i => new AppendWorkload($"CAD-{i:000}")).ToArray();
        _storeVersions = new long[Callers];
        _rawVersions = new long[Callers];
        _raw = new RawAppend[Callers];
        for (var i = 0; i < Callers; i++)
        {
            var workload = _workloads[i];
            var opened = await _store.AppendAsync(workload.CaseId, 0, workload.Opening, workload.OpenDeadlines, workload.Assignments, []);
            _storeVersions[i] = opened.CurrentVersion;
            using var row = _rawConnection.CreateCommand();
            row.CommandText = "INSERT INTO cases (case_id, version, opened) VALUES (@case, @version, @opened)";
            row.Parameters.AddWithValue("@case", workload.CaseId);
            row.Parameters.AddWithValue("@version", opened.CurrentVersion);
            row.Parameters.AddWithValue("@opened", i + 1);
            row.ExecuteNonQuery();
            _rawVersions[i] = opened.CurrentVersion;
            _raw[i] = workload.CreateRawAppend(_rawConnection, schema: string.Empty);
        }

        _rawGroup = new RawGroupCommit(_rawConnection);
        await RawGroupCommitted();
        await StoreAppends();
        for (var i = 0; i < Callers; i++)
        {
            await _workloads[i].CheckStoreAsync(_store, _storeVersions[i]);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var raw in _raw)
        {
            raw.Dispose();
        }

        await _rawConnection.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Appends)]
    public Task RawGroupCommitted() => Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
    {
        for (var i = 0; i < Appends / Callers; i++)
        {
            var version = ++_rawVersions[caller];
            await _rawGroup.AppendAsync(transaction => _raw[caller].AppendIn(transaction, version));
        }
    })));

    [Benchmark(OperationsPerInvoke = Appends)]
    public Task StoreAppends() => Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
    {
        var workload = _workloads[caller];
        for (var i = 0; i < Appends / Callers; i++)
        {
            var result = await _store.AppendAsync(workload.CaseId, _storeVersions[caller], [workload.EventAt(_storeVersions[caller] + 1)], workload.OpenDeadlines, workload.Assignments, []);
            _storeVersions[caller] = result.Succeeded ? result.CurrentVersion : throw new InvalidOperationException($"The append conflicted at version {result.CurrentVersion}.");
        }
    })));

    /// <summary>The baseline's writer: everything queued goes into one transaction, committed once, and each caller is answered after it.</summary>
    private sealed class RawGroupCommit(SqliteConnection connection)
    {
        private readonly object _gate = new();
        private readonly Queue<(Action<System.Data.Common.DbTransaction> Write, TaskCompletionSource Done)> _queue = new();
        private bool _draining;

        public Task AppendAsync(Action<System.Data.Common.DbTransaction> write)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool lead;
            lock (_gate)
            {
                _queue.Enqueue((write, done));
                lead = !_draining;
                _draining = true;
            }

            if (lead)
            {
                _ = Task.Run(Drain);
            }

            return done.Task;
        }

        private void Drain()
        {
            while (true)
            {
                List<(Action<System.Data.Common.DbTransaction> Write, TaskCompletionSource Done)> group;
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        _draining = false;
                        return;
                    }

                    group = [.. _queue];
                    _queue.Clear();
                }

                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    foreach (var (write, _) in group)
                    {
                        write(transaction);
                    }

                    transaction.Commit();
                }

                foreach (var (_, done) in group)
                {
                    done.SetResult();
                }
            }
        }
    }
}
