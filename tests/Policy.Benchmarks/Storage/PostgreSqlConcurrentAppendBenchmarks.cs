using System.Globalization;
using BenchmarkDotNet.Attributes;
using Npgsql;
using Policy.PostgreSql;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Appends per second to <see cref="PostgreSqlCaseStore"/> with 1, 4 and 16 callers at once, each appending to a case
/// of its own (opened in setup) through one shared store, so one connection pool (the server's connection string
/// allows 50 connections; 16 callers hold at most 16). Each invocation is <see cref="AppendsPerInvoke"/> appends
/// split evenly between the callers, each caller appending its share one after another while the callers run side by
/// side (<see cref="Task.WhenAll(Task[])"/>); the mean is per append, so the Ratio column is the time of an append
/// against one caller's, and the throughput against one caller's is 1 / Ratio. The appends are those of
/// <see cref="PostgreSqlAppendBenchmarks"/> (see <see cref="AppendWorkload"/>, sealed entries included). Since an
/// append locks only its own case's row, appends of different cases should never wait for one another on the server:
/// what stops throughput growing with callers is the machine (client and server share its cores). The CI server from
/// <c>.ci/postgres.sh</c> runs with <c>fsync=off</c>, so a commit does not wait for the disk, which is where a real
/// server's concurrent commits would gain the most (their flushes are shared); the numbers here are CPU-bound.
/// Program leaves this class out when <c>POLICY_TEST_POSTGRES</c> is not set, so the suite runs without a server.
/// </summary>
[Config(typeof(StorageConfig))]
public class PostgreSqlConcurrentAppendBenchmarks
{
    /// <summary>Appends per invocation, whatever the number of callers: divisible by 1, 4 and 16.</summary>
    public const int AppendsPerInvoke = 48;

    private const int MostCallers = 16;

    private readonly string _schema = "bench_callers_" + Guid.NewGuid().ToString("N")[..12];
    private readonly AppendWorkload[] _cases = Enumerable.Range(1, MostCallers)
        .Select(i => new AppendWorkload("CAD-" + i.ToString("D4", CultureInfo.InvariantCulture) + "-31MAY"))
        .ToArray();

    private readonly long[] _versions = new long[MostCallers];
    private string _connectionString = string.Empty;
    private PostgreSqlCaseStore _store = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _connectionString = Environment.GetEnvironmentVariable(PostgreSqlAppendBenchmarks.ServerVariable)
            ?? throw new InvalidOperationException($"Set {PostgreSqlAppendBenchmarks.ServerVariable} to run the PostgreSQL benchmarks (see docs/performance.md).");
        var pool = new NpgsqlConnectionStringBuilder(_connectionString);
        if (pool.Pooling && pool.MaxPoolSize < MostCallers)
        {
            throw new InvalidOperationException($"The connection string allows {pool.MaxPoolSize} pooled connections; {MostCallers} callers need {MostCallers}, or they would queue on the pool rather than the server.");
        }

        _store = new PostgreSqlCaseStore(_connectionString, _schema, AppendWorkload.Keys);
        await _store.InitializeAsync();
        for (var i = 0; i < MostCallers; i++)
        {
            var workload = _cases[i];
            var opened = await _store.AppendAsync(workload.CaseId, 0, workload.Opening, workload.OpenDeadlines, workload.Assignments, []);
            _versions[i] = opened.Succeeded ? opened.CurrentVersion : throw new InvalidOperationException($"Case '{workload.CaseId}' could not be opened.");
        }

        // One invocation of each shape, then every case checked: each caller's appends all landed on its own case.
        await OneCaller();
        await FourCallers();
        await SixteenCallers();
        for (var i = 0; i < MostCallers; i++)
        {
            await _cases[i].CheckStoreAsync(_store, _versions[i]);
        }

        // The check round left 16 connections in the pool, which hands out its idle connections in turn: one caller
        // would then cycle through 16 server processes, each cold. A fresh store (a fresh pool) opens only the
        // connections the benchmark's callers use.
        await _store.DisposeAsync();
        _store = new PostgreSqlCaseStore(_connectionString, _schema, AppendWorkload.Keys);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = AppendsPerInvoke)]
    public Task OneCaller() => AppendConcurrentlyAsync(1);

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task FourCallers() => AppendConcurrentlyAsync(4);

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task SixteenCallers() => AppendConcurrentlyAsync(MostCallers);

    private Task AppendConcurrentlyAsync(int callers)
    {
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            tasks[i] = AppendAsync(i, AppendsPerInvoke / callers);
        }

        return Task.WhenAll(tasks);
    }

    // One caller: its appends to its own case, one after another, each waiting for the one before.
    private async Task AppendAsync(int caller, int appends)
    {
        // Off the benchmark's thread at once, so the callers' client-side work runs on the pool's threads side by side.
        await Task.Yield();
        var workload = _cases[caller];
        for (var n = 0; n < appends; n++)
        {
            var version = _versions[caller];
            var result = await _store.AppendAsync(workload.CaseId, version, [workload.EventAt(version + 1)], workload.OpenDeadlines, workload.Assignments, []);
            _versions[caller] = result.Succeeded ? result.CurrentVersion : throw new InvalidOperationException($"The append to case '{workload.CaseId}' conflicted at version {result.CurrentVersion}.");
        }
    }
}
