using BenchmarkDotNet.Attributes;
using Npgsql;
using Policy.PostgreSql;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Appends per second to <see cref="PostgreSqlCaseStore"/> against a raw <c>INSERT</c> of the same rows (see
/// <see cref="AppendWorkload"/>), each in a schema of its own on the server named by <c>POLICY_TEST_POSTGRES</c>, one
/// transaction per append, with the server's durability settings for both (the CI server runs with <c>fsync=off</c>).
/// The raw side keeps one open connection and one prepared command (one round trip, then the commit) and computes
/// nothing; the store also claims the case row at its version (which locks that row alone and gives back the head of
/// the case's chain), hashes (SHA-256) and seals (HMAC-SHA256) the two new entries, writes the event and the case's
/// index rows as canonical JSON and takes a pooled connection per append: three round trips (claim, rows, commit).
/// One append = the case row moved, one due-time row and one assignment replaced, two entries of the case's chain.
/// Program leaves this class out when <c>POLICY_TEST_POSTGRES</c> is not set, so the suite runs without a server.
/// </summary>
[Config(typeof(StorageConfig))]
public class PostgreSqlAppendBenchmarks
{
    /// <summary>The connection string of a server the benchmark may create schemas on (and drops them after).</summary>
    public const string ServerVariable = "POLICY_TEST_POSTGRES";

    private readonly AppendWorkload _workload = new();
    private readonly string _storeSchema = "bench_store_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _rawSchema = "bench_raw_" + Guid.NewGuid().ToString("N")[..12];
    private PostgreSqlCaseStore _store = null!;
    private NpgsqlConnection _rawConnection = null!;
    private RawAppend _raw = null!;
    private long _storeVersion;
    private long _rawVersion;

    public static bool IsServerConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable));

    [GlobalSetup]
    public async Task Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException($"Set {ServerVariable} to run the PostgreSQL benchmarks (see docs/performance.md).");

        _store = new PostgreSqlCaseStore(connectionString, _storeSchema, AppendWorkload.Keys);
        await _store.InitializeAsync();
        var opened = await _store.AppendAsync(_workload.CaseId, 0, _workload.Opening, _workload.OpenDeadlines, _workload.Assignments, []);
        _storeVersion = opened.Succeeded ? opened.CurrentVersion : throw new InvalidOperationException("The case could not be opened.");

        // The raw schema is created by a store, so its tables are the store's, then written by hand.
        await using (var schemaOnly = new PostgreSqlCaseStore(connectionString, _rawSchema))
        {
            await schemaOnly.InitializeAsync();
        }

        _rawConnection = new NpgsqlConnection(connectionString);
        await _rawConnection.OpenAsync();
        await using (var setup = new NpgsqlCommand($"INSERT INTO {_rawSchema}.cases (case_id, version, opened) VALUES (@case, @version, 1)", _rawConnection))
        {
            setup.Parameters.AddWithValue("case", _workload.CaseId);
            setup.Parameters.AddWithValue("version", _storeVersion);
            await setup.ExecuteNonQueryAsync();
        }

        _rawVersion = _storeVersion;
        _raw = _workload.CreateRawAppend(_rawConnection, _rawSchema + ".");
        RawInsert();
        RawInsert();
        _raw.Verify(_rawSchema + ".", appends: 2, version: _rawVersion);
        await StoreAppend();
        await _workload.CheckStoreAsync(_store, _storeVersion);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _raw.Dispose();
        await using (var drop = new NpgsqlCommand($"DROP SCHEMA {_storeSchema} CASCADE; DROP SCHEMA {_rawSchema} CASCADE;", _rawConnection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _rawConnection.DisposeAsync();
        await _store.DisposeAsync();
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
