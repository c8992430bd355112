using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Policy.PostgreSql;

namespace Policy.Benchmarks.Storage;

/// <summary>
/// Where the time of a concurrent append goes, for reading <see cref="PostgreSqlConcurrentAppendBenchmarks"/>: the same
/// appends with 1, 4 and 16 callers, each timed by the wall clock and by the processor time it cost, this process's
/// (the client: the store, Npgsql, the runtime) and the server's (every process of the PostgreSQL server named by
/// <c>POLICY_TEST_POSTGRES</c>, read from <c>/proc</c>, so Linux only and the server on this machine). Processor time
/// per append against the machine's cores says how far more callers can take throughput here: once the cores are
/// busy, appends per second can only grow by doing less per append.
/// </summary>
/// <remarks>
/// Run it with <c>dotnet run -c Release --project tests/Policy.Benchmarks -- --append-cpu [appends]</c>. Every shape runs
/// once to warm up, then each again once unmeasured and three times measured; the median by wall time is shown.
/// </remarks>
internal static class AppendCpu
{
    private const int Runs = 3;
    private static readonly int[] CallerCounts = [1, 4, 16];

    public static int Run(int appends)
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgreSqlAppendBenchmarks.ServerVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"Set {PostgreSqlAppendBenchmarks.ServerVariable} (eval \"$(bash .ci/postgres.sh start)\" starts a server).");
            return 2;
        }

        return RunAsync(connectionString, appends - (appends % 16)).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string connectionString, int appends)
    {
        var schema = "bench_cpu_" + Guid.NewGuid().ToString("N")[..12];
        var cases = Enumerable.Range(1, 16).Select(i => new AppendWorkload("CAD-" + i.ToString("D4", CultureInfo.InvariantCulture) + "-CPU")).ToArray();
        var versions = new long[cases.Length];
        await using (var setup = new PostgreSqlCaseStore(connectionString, schema, AppendWorkload.Keys))
        {
            await setup.InitializeAsync();
            for (var i = 0; i < cases.Length; i++)
            {
                var opened = await setup.AppendAsync(cases[i].CaseId, 0, cases[i].Opening, cases[i].OpenDeadlines, cases[i].Assignments, []);
                versions[i] = opened.Succeeded ? opened.CurrentVersion : throw new InvalidOperationException("A case could not be opened.");
            }
        }

        // The runtime compiles the hot code again, optimised, in the background during the first seconds: every shape
        // runs once before anything is measured, so none of them is charged for it.
        foreach (var callers in CallerCounts)
        {
            await using var warm = new PostgreSqlCaseStore(connectionString, schema, AppendWorkload.Keys);
            await AppendAsync(warm, cases, versions, callers, appends);
        }

        Console.WriteLine($"{appends:N0} appends a run, {Environment.ProcessorCount} cores; median of {Runs} runs by wall time.");
        Console.WriteLine("| Callers | Time per append | Appends/s | Client CPU per append | Server CPU per append | Cores busy |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var callers in CallerCounts)
        {
            // A fresh pool for each shape, holding only the connections its callers use.
            await using var store = new PostgreSqlCaseStore(connectionString, schema, AppendWorkload.Keys);
            var samples = new List<(TimeSpan Wall, TimeSpan Client, TimeSpan Server)>();
            for (var run = 0; run <= Runs; run++)
            {
                var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var serverBefore = ServerTime(connectionString);
                var clock = Stopwatch.StartNew();
                await AppendAsync(store, cases, versions, callers, appends);
                var wall = clock.Elapsed;
                var client = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
                var server = ServerTime(connectionString) - serverBefore;
                if (run > 0)
                {
                    samples.Add((wall, client, server));
                }
            }

            var (w, c, s) = samples.OrderBy(sample => sample.Wall).ElementAt(Runs / 2);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {callers} | {Micro(w / appends)} | {appends / w.TotalSeconds:N0} | {Micro(c / appends)} | {Micro(s / appends)} | {(c + s) / w:N2} |"));
        }

        for (var i = 0; i < cases.Length; i++)
        {
            await using var check = new PostgreSqlCaseStore(connectionString, schema, AppendWorkload.Keys);
            await cases[i].CheckStoreAsync(check, versions[i]);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
        return 0;
    }

    // The appends split between the callers, each appending to its own case one after another, side by side.
    private static Task AppendAsync(PostgreSqlCaseStore store, AppendWorkload[] cases, long[] versions, int callers, int appends) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var workload = cases[caller];
            for (var n = 0; n < appends / callers; n++)
            {
                var result = await store.AppendAsync(workload.CaseId, versions[caller], [workload.EventAt(versions[caller] + 1)], workload.OpenDeadlines, workload.Assignments, []);
                versions[caller] = result.Succeeded ? result.CurrentVersion : throw new InvalidOperationException("An append conflicted.");
            }
        })));

    private static string Micro(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMicroseconds:N0} µs");

    // The processor time every process of the server has used so far: the postmaster and its children (backends, the
    // WAL writer, the checkpointer...), found by the server's pid and /proc. Backends that exited are not counted, so
    // the pool's connections must stay open across a measurement (they do: the pool keeps them).
    private static TimeSpan ServerTime(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity", connection);
        var pids = new List<int>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        var ticks = 0L;
        foreach (var pid in pids)
        {
            // /proc/<pid>/stat: utime and stime are fields 14 and 15, after the name in parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        // The kernel's clock ticks are 100 a second on Linux (USER_HZ).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
