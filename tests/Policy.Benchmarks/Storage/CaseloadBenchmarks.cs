using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Benchmarks.Storage;

/// <summary>The policy the caseload benchmarks run: an update the victim must be given within an hour of the case opening, which can be given any number of times.</summary>
internal static class CaseloadPolicy
{
    public const string Text = """
        policy Updates "Victim updates" {
          version "1"
          source SOP "Victim updates procedure"
          role OIC "Officer in charge"
          state Open initial
          state Closed final
          action Inform by OIC in Open { record summary: text }
          action Close by OIC from Open to Closed { record reason: text }
          deadline Update "The victim is told" {
            starts on entering Open
            OIC must Inform within 1 hour
            cite SOP "5.1"
          }
        }
        """;

    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static readonly Actor Oic = new("dc-1", "OIC");

    public static CompiledPolicy Compile() =>
        CompiledPolicy.Compile(global::Policy.Language.PolicyCompiler.Compile("updates.policy", Text).Definition ?? throw new InvalidOperationException("The benchmark's policy does not compile."));

    public static IReadOnlyDictionary<string, FieldValue> Summary(string text) => new Dictionary<string, FieldValue> { ["summary"] = FieldValues.Text(text)! };

    /// <summary>A case's events built in memory: opened, then told <paramref name="updates"/> times.</summary>
    public static IReadOnlyList<CaseEvent> Built(CompiledPolicy policy, string caseId, int updates, TimeProvider clock)
    {
        var workflow = new PolicyWorkflow(policy) { TimeProvider = clock };
        workflow.OpenCase(caseId, "desk");
        for (var i = 0; i < updates; i++)
        {
            if (!workflow.Perform("Inform", Oic, Summary($"Update {i}")).IsAccepted)
            {
                throw new InvalidOperationException("The benchmark's update was refused.");
            }
        }

        return workflow.PendingEvents.ToArray();
    }

    public sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

/// <summary>
/// One action through <see cref="CaseService"/> on SQLite (load, decide, save) on a case of 10 events, the baseline,
/// against the same on a case of 1,000 events with snapshots (the default: a load replays at most 100 events after
/// the case's snapshot) and without (every load replays all 1,000: what every action cost before snapshots).
/// </summary>
[Config(typeof(StorageConfig))]
public class LargeCaseBenchmarks
{
    private string _folder = string.Empty;
    private SqliteCaseStore _store = null!;
    private CaseService _withSnapshots = null!;
    private CaseService _withoutSnapshots = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;
        _store = SqliteCaseStore.ForFile(Path.Combine(_folder, "cases.db"), AppendWorkload.Keys);
        await _store.InitializeAsync();
        var policy = CaseloadPolicy.Compile();
        var clock = new CaseloadPolicy.Clock(CaseloadPolicy.Start);
        var catalog = new PolicyCatalog([policy]);
        _withSnapshots = new CaseService(_store, catalog, clock);
        _withoutSnapshots = new CaseService(_store, catalog, clock) { SnapshotEvery = 0 };
        var import = await new CaseImport(_withSnapshots).ImportAsync([
            CaseloadPolicy.Built(policy, "small", 9, clock),
            CaseloadPolicy.Built(policy, "large", 999, clock),
            CaseloadPolicy.Built(policy, "large-unsnapshotted", 999, clock)]);
        if (import.Imported != 3)
        {
            throw new InvalidOperationException("The benchmark's cases were not imported.");
        }

        await ActionOn10EventCase();
        await ActionOn1000EventCaseWithSnapshots();
        await ActionOn1000EventCaseWithoutSnapshots();
        if (await _store.ReadSnapshotAsync("large") is null || await _store.ReadSnapshotAsync("large-unsnapshotted") is not null)
        {
            throw new InvalidOperationException("The large case should have a snapshot and the other none.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task ActionOn10EventCase() => Inform(_withSnapshots, "small");

    [Benchmark]
    public Task ActionOn1000EventCaseWithSnapshots() => Inform(_withSnapshots, "large");

    [Benchmark]
    public Task ActionOn1000EventCaseWithoutSnapshots() => Inform(_withoutSnapshots, "large-unsnapshotted");

    private static async Task Inform(CaseService service, string caseId)
    {
        var result = await service.PerformAsync(caseId, CaseloadPolicy.Oic, "Inform", CaseloadPolicy.Summary("Told again"));
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The action was not accepted: {result.Status}.");
        }
    }
}

/// <summary>
/// 10,000 cases whose deadline falls due at once, each breach recorded by the deadline monitor on SQLite: the baseline
/// is the monitor's path before batches (one case after another, <see cref="CaseService.RecordDueDeadlinesAsync"/>
/// for each due row's case in turn); against it, <see cref="DeadlineMonitor.RunOnceAsync()"/> claiming batches of 100
/// and deciding 32 cases at once (their saves share commits). Each iteration starts from a fresh copy of the same
/// file of 10,000 imported cases; one operation is one breach recorded.
/// </summary>
[Config(typeof(Config))]
public class MonitorBurstBenchmarks
{
    public const int Cases = 10_000;

    private string _folder = string.Empty;
    private string _seeded = string.Empty;
    private string _working = string.Empty;
    private SqliteCaseStore _store = null!;
    private CaseService _service = null!;
    private CaseloadPolicy.Clock _clock = null!;
    private PolicyCatalog _catalog = null!;

    private sealed class Config : ManualConfig
    {
        // An iteration records 10,000 breaches (tens of seconds on the serial path): one warm-up and three measured.
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1).WithStrategy(RunStrategy.Monitoring));
            AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.OperationsPerSecond);
        }
    }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;
        _seeded = Path.Combine(_folder, "seeded.db");
        var policy = CaseloadPolicy.Compile();
        _catalog = new PolicyCatalog([policy]);
        var clock = new CaseloadPolicy.Clock(CaseloadPolicy.Start);
        await using (var store = SqliteCaseStore.ForFile(_seeded, AppendWorkload.Keys))
        {
            await store.InitializeAsync();
            var seeded = await new CaseImport(new CaseService(store, _catalog, clock), batchSize: 1000)
                .ImportAsync(Enumerable.Range(0, Cases).Select(i => CaseloadPolicy.Built(policy, $"case-{i:00000}", 0, clock)));
            if (seeded.Imported != Cases)
            {
                throw new InvalidOperationException("The benchmark's cases were not imported.");
            }
        }

        SqliteConnection.ClearAllPools();
    }

    [IterationSetup]
    public void Copy()
    {
        SqliteConnection.ClearAllPools();
        _working = Path.Combine(_folder, $"working-{Guid.NewGuid():N}.db");
        File.Copy(_seeded, _working);
        _store = SqliteCaseStore.ForFile(_working, AppendWorkload.Keys);
        _clock = new CaseloadPolicy.Clock(CaseloadPolicy.Start.AddHours(2));
        _service = new CaseService(_store, _catalog, _clock);
    }

    [IterationCleanup]
    public void Check()
    {
        var left = _store.FindDueAsync(_clock.Now, 10).GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        File.Delete(_working);
        if (left.Count != 0)
        {
            throw new InvalidOperationException("Breaches were left unrecorded.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Cases)]
    public async Task<int> OneCaseAtATime()
    {
        var recorded = 0;
        while (await _store.FindDueAsync(_clock.Now, 100) is { Count: > 0 } due)
        {
            foreach (var caseId in due.Select(d => d.CaseId).Distinct())
            {
                recorded += await _service.RecordDueDeadlinesAsync(caseId);
            }
        }

        return Recorded(recorded);
    }

    [Benchmark(OperationsPerInvoke = Cases)]
    public async Task<int> ClaimedBatchesDecidedTogether() =>
        Recorded(await new DeadlineMonitor(_service, new DeadlineMonitorOptions { BatchSize = 100, Concurrency = 32 }).RunOnceAsync());

    private static int Recorded(int recorded) => recorded == Cases ? recorded : throw new InvalidOperationException($"{recorded} breaches were recorded, not {Cases}.");
}

/// <summary>
/// Seeding cases on SQLite, per case: opening each through <see cref="CaseService.OpenAsync(string, string, Actor, CancellationToken)"/>
/// (the only way before batch import, one transaction each), the baseline, against <see cref="CaseImport"/> in
/// batches of 500 of cases built in memory (each opened and told once). Each invocation seeds 1,000 new cases into the
/// same file; one operation is one case.
/// </summary>
[Config(typeof(StorageConfig))]
public class SeedingBenchmarks
{
    public const int CasesPerInvoke = 1000;

    private string _folder = string.Empty;
    private SqliteCaseStore _store = null!;
    private CaseService _service = null!;
    private CompiledPolicy _policy = null!;
    private CaseloadPolicy.Clock _clock = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("policy-benchmarks-").FullName;
        _store = SqliteCaseStore.ForFile(Path.Combine(_folder, "cases.db"), AppendWorkload.Keys);
        await _store.InitializeAsync();
        _policy = CaseloadPolicy.Compile();
        _clock = new CaseloadPolicy.Clock(CaseloadPolicy.Start);
        _service = new CaseService(_store, new PolicyCatalog([_policy]), _clock);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CasesPerInvoke)]
    public async Task OpenOneAtATime()
    {
        for (var i = 0; i < CasesPerInvoke; i++)
        {
            var caseId = $"open-{_next++}";
            if (!(await _service.OpenAsync("Updates", caseId, CaseloadPolicy.Oic)).IsAccepted || !(await _service.PerformAsync(caseId, CaseloadPolicy.Oic, "Inform", CaseloadPolicy.Summary("Told"))).IsAccepted)
            {
                throw new InvalidOperationException("The case was not opened.");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = CasesPerInvoke)]
    public async Task ImportInBatches()
    {
        var first = _next;
        _next += CasesPerInvoke;
        var result = await new CaseImport(_service, batchSize: 500).ImportAsync(Enumerable.Range(first, CasesPerInvoke).Select(i => CaseloadPolicy.Built(_policy, $"import-{i}", 1, _clock)));
        if (result.Imported != CasesPerInvoke)
        {
            throw new InvalidOperationException($"{result.Imported} cases were imported, not {CasesPerInvoke}.");
        }
    }
}
