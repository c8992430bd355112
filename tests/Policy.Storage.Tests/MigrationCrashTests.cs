using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;
using Xunit.Abstractions;

namespace Policy.Storage.Tests;

/// <summary>
/// A migration killed part way (SIGKILL, no chance to clean up) leaves every case either moved once or not at all, and
/// running it again moves exactly the rest (docs/versions.md). The child program (Policy.Storage.CrashTest --migrate)
/// moves the cases of a SQLite store one by one and says so after each commit; this test kills it part way.
/// </summary>
public sealed class MigrationCrashTests : IAsyncLifetime
{
    private const int CaseCount = 200;
    private const int KillAfter = 40;

    // The child seals with the same ring, read from a key file, so the record it writes verifies with the test's ring.
    private const string KeyText = "crash-1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private static readonly AuditKeyRing Keys = AuditKeyRing.Parse(KeyText, "the crash test key");

    private static readonly Actor Sergeant = new("ds-1", "Supervisor");
    private static readonly Actor Constable = new("dc-1", "OIC");
    private static readonly Actor Migrator = new("admin-1", "Migration");

    // A Monday in November 2025, while 2025.01 is in force.
    private static readonly DateTimeOffset Autumn = new(2025, 11, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("policy-migration-crash-").FullName;
    private readonly ITestOutputHelper _output;

    public MigrationCrashTests(ITestOutputHelper output) => _output = output;

    private string DatabasePath => Path.Combine(_folder, "cases.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static PolicyCatalog Catalog() => new([CaseStoreContract.SupervisionVersion("supervision.2025.policy"), CaseStoreContract.SupervisionVersion("supervision.2026.policy")]);

    private static string Id(int i) => "mig-" + i.ToString("D3", CultureInfo.InvariantCulture);

    private static bool IsParked(int i) => i % 20 == 7;

    private static bool IsClosed(int i) => i % 25 == 11;

    /// <summary>Opens and allocates every case under 2025.01, then parks a few and closes a few; the events each case has.</summary>
    private async Task<Dictionary<string, int>> SeedAsync()
    {
        var time = new FakeTimeProvider(Autumn);
        await using var store = SqliteCaseStore.ForFile(DatabasePath, Keys);
        await store.InitializeAsync();
        var cases = new CaseService(store, Catalog(), time);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < CaseCount; i++)
        {
            Assert.True((await cases.OpenAsync("Supervision", Id(i), Sergeant)).IsAccepted);
            Assert.True((await cases.PerformAsync(Id(i), Sergeant, "Allocate", new Dictionary<string, FieldValue> { ["oic"] = new(ValueKind.Officer, "dc-1") })).IsAccepted);
            counts[Id(i)] = 2;
        }

        time.Advance(TimeSpan.FromDays(2));
        for (var i = 0; i < CaseCount; i++)
        {
            if (IsParked(i))
            {
                Assert.True((await cases.PerformAsync(Id(i), Sergeant, "Park", new Dictionary<string, FieldValue> { ["why"] = new(ValueKind.Text, "Awaiting forensic results") })).IsAccepted);
                counts[Id(i)]++;
            }
            else if (IsClosed(i))
            {
                Assert.True((await cases.PerformAsync(Id(i), Constable, "Close", new Dictionary<string, FieldValue> { ["result"] = new(ValueKind.Text, "No further action") })).IsAccepted);
                counts[Id(i)]++;
            }
        }

        return counts;
    }

    /// <summary>Every case's events, numbered 1..n, replayed under the versions of Supervision; the Migrated events each has.</summary>
    private static async Task<Dictionary<string, (PolicyWorkflow Workflow, int Migrated, int Count)>> ReplayAllAsync(ICaseStore store, PolicyCatalog catalog, IEnumerable<string> caseIds)
    {
        var replayed = new Dictionary<string, (PolicyWorkflow, int, int)>(StringComparer.Ordinal);
        foreach (var caseId in caseIds)
        {
            var events = await store.ReadCaseAsync(caseId);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Version));
            var migrated = events.Count(e => e.Kind == CaseEventKind.Migrated);
            if (migrated > 0)
            {
                // The move is the case's last event: nothing after it was written by half.
                Assert.Equal(CaseEventKind.Migrated, events[^1].Kind);
            }

            var workflow = new PolicyWorkflow(catalog.VersionsOf("Supervision"));
            workflow.Replay(events);
            replayed[caseId] = (workflow, migrated, events.Count);
        }

        return replayed;
    }

    [Fact]
    public async Task A_migration_killed_part_way_leaves_each_case_moved_once_or_not_at_all_and_running_it_again_moves_exactly_the_rest()
    {
        var seeded = await SeedAsync();
        SqliteConnection.ClearAllPools();
        var closed = Enumerable.Range(0, CaseCount).Where(IsClosed).Select(Id).ToHashSet(StringComparer.Ordinal);
        var open = seeded.Keys.Where(id => !closed.Contains(id)).ToHashSet(StringComparer.Ordinal);
        var keyFile = Path.Combine(_folder, "audit.keys");
        await File.WriteAllTextAsync(keyFile, KeyText + "\n");
        var versions = Path.Combine(AppContext.BaseDirectory, "versions");

        // Kill the child once it has said it moved KillAfter cases. It may have moved (and committed) a few more that it
        // had not said yet, or all of them if it finished first; it must never have moved a case twice or by half.
        var saidMoved = new HashSet<string>(StringComparer.Ordinal);
        var saidClosed = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var finished = false;
        var errors = await CrashChild.RunAndKillAsync(DatabasePath, $"--migrate \"{versions}\" --keys \"{keyFile}\"", line =>
        {
            var parts = line.Split(' ');
            // A line cut short by the kill names no seeded case (ids have three digits) and is left out.
            switch (parts)
            {
                case ["moved", var id] when seeded.ContainsKey(id):
                    saidMoved.Add(id);
                    break;
                case ["closed", var id] when seeded.ContainsKey(id):
                    saidClosed.Add(id);
                    break;
                case ["done", _]:
                    finished = true;
                    break;
                case [("refused" or "conflict" or "already" or "other"), ..]:
                    unexpected.Add(line);
                    break;
            }

            return finished || saidMoved.Count >= KillAfter;
        });
        Assert.True(finished || saidMoved.Count >= KillAfter, $"The child said it moved only {saidMoved.Count} cases: {errors}");
        Assert.Empty(unexpected);
        Assert.Subset(closed, saidClosed);

        await using var store = SqliteCaseStore.ForFile(DatabasePath, Keys);
        await store.InitializeAsync();
        var catalog = Catalog();
        var afterKill = await ReplayAllAsync(store, catalog, seeded.Keys);

        // Every case the child said it moved has exactly one Migrated event; no case has more than one, and every case
        // is either as seeded or as seeded plus its move, under the version that says.
        Assert.All(saidMoved, id => Assert.Equal(1, afterKill[id].Migrated));
        Assert.All(afterKill, c => Assert.InRange(c.Value.Migrated, 0, 1));
        Assert.All(afterKill, c => Assert.Equal(seeded[c.Key] + c.Value.Migrated, c.Value.Count));
        Assert.All(afterKill, c => Assert.Equal(c.Value.Migrated == 1 ? "2026.01" : "2025.01", c.Value.Workflow.CompiledPolicy.Version));
        Assert.All(closed, id => Assert.Equal(0, afterKill[id].Migrated));
        var movedBefore = afterKill.Where(c => c.Value.Migrated == 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        _output.WriteLine($"The child said it moved {saidMoved.Count} of {open.Count} open cases{(finished ? " and finished" : " before it was killed")}; {movedBefore.Count} were moved in the store.");
        var verified = await new AuditVerifier(store, Keys).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));

        // Run it again, in process: exactly the cases not yet moved are moved, the moved ones are passed over.
        var cases = new CaseService(store, catalog, TimeProvider.System);
        var report = await cases.MigrateAsync(CaseStoreContract.SupervisionPlan(), Migrator, dryRun: false);
        var outcomes = report.Cases.ToDictionary(c => c.CaseId, c => c.Outcome, StringComparer.Ordinal);
        Assert.Equal(seeded.Keys.Order(StringComparer.Ordinal), outcomes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(open.Count - movedBefore.Count, report.Count(CaseMigrationOutcome.Moved));
        Assert.Equal(open.Except(movedBefore).Order(StringComparer.Ordinal), outcomes.Where(o => o.Value == CaseMigrationOutcome.Moved).Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(movedBefore.Order(StringComparer.Ordinal), outcomes.Where(o => o.Value == CaseMigrationOutcome.AlreadyMoved).Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(closed.Order(StringComparer.Ordinal), outcomes.Where(o => o.Value == CaseMigrationOutcome.Closed).Select(o => o.Key).Order(StringComparer.Ordinal));

        // Afterwards every open case has exactly one Migrated event and runs under 2026.01 (parked ones taken up again);
        // the closed ones keep 2025.01 and their history.
        var afterResume = await ReplayAllAsync(store, catalog, seeded.Keys);
        Assert.All(open, id =>
        {
            var (workflow, migrated, count) = afterResume[id];
            Assert.Equal((1, seeded[id] + 1, "2026.01", "Allocated"), (migrated, count, workflow.CompiledPolicy.Version, workflow.StateName));
        });
        Assert.All(closed, id =>
        {
            var (workflow, migrated, count) = afterResume[id];
            Assert.Equal((0, seeded[id], "2025.01", true), (migrated, count, workflow.CompiledPolicy.Version, workflow.IsClosed));
        });
        verified = await new AuditVerifier(store, Keys).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));
    }
}
