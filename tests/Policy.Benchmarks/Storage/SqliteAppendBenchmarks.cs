using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Storage;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Appends per second to <see cref="SqliteCaseStore"/> against a raw <c>INSERT</c> of the same rows (see
/// <see cref="AppendWorkload"/>), each on a file of its own in the temporary folder, with the store's own settings:
/// WAL, <c>synchronous = FULL</c> (an fsync per commit) and one <c>BEGIN IMMEDIATE</c> transaction per append.
/// The raw side keeps one open connection and one prepared command and computes nothing; the store also checks the
/// case's version, claims the case row and reads its chain head, hashes (SHA-256) and seals (HMAC-SHA256) the two new
/// entries, writes the event and the case's index rows as canonical JSON and takes a pooled connection per append.
/// One append = the case row moved, one due-time row and one assignment replaced, two entries of the case's chain.
/// </summary>
[Config(typeof(StorageConfig))]
public class SqliteAppendBenchmarks
{
    private readonly AppendWorkload _workload = new();
    private string _folder = string.Empty;
    private SqliteCaseStore _store = null!;
    private SqliteConnection _rawConnection = null!;
    private RawAppend _raw = null!;
    private long _storeVersion;
    private long _rawVersion;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;

        _store = SqliteCaseStore.ForFile(Path.Combine(_folder, "store.db"), AppendWorkload.Keys);
        await _store.InitializeAsync();
        var opened = await _store.AppendAsync(_workload.CaseId, 0, _workload.Opening, _workload.OpenDeadlines, _workload.Assignments, []);
        _storeVersion = opened.Succeeded ? opened.CurrentVersion : throw new InvalidOperationException("The case could not be opened.");

        // The raw file gets the store's schema (and WAL) from a store, then is written by hand.
        var rawPath = Path.Combine(_folder, "raw.db");
        await using (var schemaOnly = SqliteCaseStore.ForFile(rawPath))
        {
            await schemaOnly.InitializeAsync();
        }

        _rawConnection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = rawPath, Pooling = false }.ToString());
        _rawConnection.Open();
        using (var setup = _rawConnection.CreateCommand())
        {
            setup.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; INSERT INTO cases (case_id, version, opened) VALUES (@case, @version, 1);";
            setup.Parameters.AddWithValue("@case", _workload.CaseId);
            setup.Parameters.AddWithValue("@version", _storeVersion);
            setup.ExecuteNonQuery();
            setup.CommandText = "PRAGMA journal_mode";
            setup.Parameters.Clear();
            if (setup.ExecuteScalar() is not "wal")
            {
                throw new InvalidOperationException("The raw file should be in WAL mode, as the store's is.");
            }
        }

        _rawVersion = _storeVersion;
        _raw = _workload.CreateRawAppend(_rawConnection, schema: string.Empty);
        RawInsert();
        RawInsert();
        _raw.Verify(schema: string.Empty, appends: 2, version: _rawVersion);
        await StoreAppend();
        await _workload.CheckStoreAsync(_store, _storeVersion);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _raw.Dispose();
        await _rawConnection.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void RawInsert() => _raw.Append(++_rawVersion);

    [Benchmark]
    public async Task StoreAppend()
    {
        var result = await _store.AppendAsync(_workload.CaseId, _storeVersion, [_workload.EventAt(_storeVersion + 1)], _workload.OpenDeadlines, _workload.Assignments, []);
        _storeVersion = result.Succeeded ? result.CurrentVersion : throw new InvalidOperationException($"The append conflicted at version {result.CurrentVersion}.");
    }
}
