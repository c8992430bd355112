using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>
/// Versions side by side and the move of running cases from one to another (docs/versions.md), on every store:
/// tests/versions holds Supervision 2025.01 and 2026.01 and the plan a policy owner reviewed.
/// </summary>
public abstract partial class CaseStoreContract
{
    private static readonly Actor Sergeant = new("ds-1", "Supervisor");
    private static readonly Actor Constable = new("dc-1", "OIC");
    private static readonly Actor Migrator = new("admin-1", "Migration");

    // A Monday in November 2025, while 2025.01 is in force; 2026.01 takes effect on 1 January 2026.
    private static readonly DateTimeOffset Autumn = new(2025, 11, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MoveAt = new(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);

    internal static CompiledPolicy SupervisionVersion(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "versions", file);
        var compiled = global::Policy.Language.PolicyCompiler.Compile(path, File.ReadAllText(path));
        return CompiledPolicy.Compile(compiled.Definition ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics)));
    }

    internal static MigrationPlan SupervisionPlan() =>
        MigrationPlan.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "versions", "supervision-2026.migration")), out _)
        ?? throw new InvalidOperationException("The plan in tests/versions does not parse.");

    private static PolicyCatalog SupervisionCatalog() => new([SupervisionVersion("supervision.2025.policy"), SupervisionVersion("supervision.2026.policy")]);

    private static Dictionary<string, FieldValue> Text(string field, string value) => new() { [field] = new(ValueKind.Text, value) };

    private static Dictionary<string, FieldValue> Officer(string officer) => new() { ["oic"] = new(ValueKind.Officer, officer) };

    /// <summary>Opens the cases the migration tests move: allocated, parked, closed, and one opened under 2026.01.</summary>
    private async Task<(CaseService Cases, FakeTimeProvider Time)> RunningSupervisionCasesAsync()
    {
        var time = new FakeTimeProvider(Autumn);
        var cases = new CaseService(Store, SupervisionCatalog(), time);
        foreach (var id in new[] { "sup-allocated", "sup-parked", "sup-closed" })
        {
            Assert.True((await cases.OpenAsync("Supervision", id, Sergeant)).IsAccepted);
            Assert.True((await cases.PerformAsync(id, Sergeant, "Allocate", Officer("dc-1"))).IsAccepted);
        }

        time.Advance(TimeSpan.FromDays(2));
        Assert.True((await cases.PerformAsync("sup-parked", Sergeant, "Park", Text("why", "Awaiting forensic results"))).IsAccepted);
        Assert.True((await cases.PerformAsync("sup-closed", Constable, "Close", Text("result", "No further action"))).IsAccepted);

        time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        Assert.True((await cases.OpenAsync("Supervision", "sup-new", Sergeant)).IsAccepted);
        time.SetUtcNow(MoveAt);
        return (cases, time);
    }

    [ContractFact]
    public async Task A_case_opens_under_the_version_in_force_on_its_opening_day_and_keeps_deciding_under_it()
    {
        var (cases, _) = await RunningSupervisionCasesAsync();

        Assert.All(await Store.ReadCaseAsync("sup-allocated"), e => Assert.Equal("2025.01", e.PolicyVersion));
        Assert.Equal("2026.01", Assert.Single(await Store.ReadCaseAsync("sup-new")).PolicyVersion);

        // Under 2026.01 the first review would be due in 21 days; this case keeps 2025.01's 28.
        var read = await cases.ReadAsync("sup-allocated", Sergeant, "Supervision review");
        Assert.Equal("2025.01", read.Workflow!.CompiledPolicy.Version);
        Assert.Equal(Autumn.AddDays(28), read.Workflow.OpenDeadlines.Single(d => d.Deadline == "FirstReview").DueAt);

        // An action only the newer version has is refused on it, saying why; one only the older has is still there.
        var update = await cases.PerformAsync("sup-allocated", Constable, "UpdateVictim", Text("update", "Told of the arrest"));
        Assert.Equal(CaseResultStatus.Refused, update.Status);
        Assert.Equal(RefusalKind.InvalidInput, update.Refusal!.Kind);
        Assert.True((await cases.PerformAsync("sup-allocated", Sergeant, "Park", Text("why", "Awaiting CCTV"))).IsAccepted);
        Assert.True((await cases.PerformAsync("sup-new", Sergeant, "Allocate", Officer("dc-1"))).IsAccepted);
        Assert.Equal(MoveAt.AddDays(21), (await cases.ReadAsync("sup-new", Sergeant, "Supervision review")).Workflow!.OpenDeadlines.Single(d => d.Deadline == "FirstReview").DueAt);
    }

    [ContractFact]
    public async Task A_migration_moves_each_running_case_as_the_plan_says_keeps_its_history_and_its_dry_run_said_so()
    {
        var (cases, _) = await RunningSupervisionCasesAsync();
        var plan = SupervisionPlan();
        var before = new Dictionary<string, IReadOnlyList<CaseEvent>>();
        foreach (var id in new[] { "sup-allocated", "sup-parked", "sup-closed", "sup-new" })
        {
            before[id] = await Store.ReadCaseAsync(id);
        }

        var dryRun = await cases.MigrateAsync(plan, Migrator, dryRun: true);
        foreach (var (id, events) in before)
        {
            Assert.Equal(events.Count, (await Store.ReadCaseAsync(id)).Count);
        }

        var applied = await cases.MigrateAsync(plan, Migrator, dryRun: false);

        // What the dry run said is what the move did: the same states and the same due times, case by case.
        Assert.Equal(
            dryRun.Cases.Select(c => (c.CaseId, c.Outcome == CaseMigrationOutcome.WouldMove ? CaseMigrationOutcome.Moved : c.Outcome, c.StateAfter, string.Join(";", c.Deadlines))),
            applied.Cases.Select(c => (c.CaseId, c.Outcome, c.StateAfter, string.Join(";", c.Deadlines))));
        var outcomes = applied.Cases.ToDictionary(c => c.CaseId, c => c.Outcome);
        Assert.Equal(CaseMigrationOutcome.Moved, outcomes["sup-allocated"]);
        Assert.Equal(CaseMigrationOutcome.Moved, outcomes["sup-parked"]);
        Assert.Equal(CaseMigrationOutcome.Closed, outcomes["sup-closed"]);
        Assert.Equal(CaseMigrationOutcome.AlreadyMoved, outcomes["sup-new"]);

        // Exactly the deadlines the plan said: FirstReview recomputed to 21 days from the same start, Closure kept,
        // VictimUpdate opened at the move, and nothing else open.
        var moved = (await cases.ReadAsync("sup-allocated", Sergeant, "After the migration")).Workflow!;
        Assert.Equal(("2026.01", "Allocated"), (moved.CompiledPolicy.Version, moved.StateName));
        Assert.Equal(
            [("Closure", Autumn.AddDays(90)), ("FirstReview", Autumn.AddDays(21)), ("VictimUpdate", MoveAt.AddDays(7))],
            moved.OpenDeadlines.Select(d => (d.Deadline, d.DueAt)));
        var parked = (await cases.ReadAsync("sup-parked", Sergeant, "After the migration")).Workflow!;
        Assert.Equal(("2026.01", "Allocated"), (parked.CompiledPolicy.Version, parked.StateName));
        Assert.Equal(["Closure", "FirstReview", "VictimUpdate"], parked.OpenDeadlines.Select(d => d.Deadline));

        // The due-time index the monitor reads holds the new times.
        var due = (await Store.FindDueAsync(MoveAt.AddYears(1), 100)).Where(d => d.CaseId == "sup-allocated").ToDictionary(d => d.Deadline, d => d.NextActionAt);
        Assert.Equal(Autumn.AddDays(21), due["FirstReview"]);
        Assert.Equal(MoveAt.AddDays(7), due["VictimUpdate"]);

        // The history is kept: every earlier event unchanged, then one audited Migrated event saying what was decided.
        var after = await Store.ReadCaseAsync("sup-allocated");
        Assert.Equal(before["sup-allocated"].Count + 1, after.Count);
        Assert.Equal(before["sup-allocated"].Select(e => (e.Version, e.Kind, e.Name, e.At, e.PolicyVersion)), after.Take(after.Count - 1).Select(e => (e.Version, e.Kind, e.Name, e.At, e.PolicyVersion)));
        var migrated = after[^1];
        Assert.Equal((CaseEventKind.Migrated, "2026.01", "2026.01", "admin-1", MoveAt), (migrated.Kind, migrated.Name, migrated.PolicyVersion, migrated.ActorId, migrated.At));
        Assert.Equal("2025.01", migrated.Fields["from"].Text);
        Assert.Equal("recompute", migrated.Fields["deadline:FirstReview"].Text);
        Assert.Equal(["sup-closed", "sup-new"], new[] { "sup-closed", "sup-new" }.Where(id => before[id].Count == Count(id)).ToArray());
        Assert.True((await new AuditVerifier(Store, Keys).VerifyAsync()).IsClean);

        // What only the new version has now works on the moved case, and what it newly requires is enforced.
        var close = await cases.PerformAsync("sup-allocated", Constable, "Close", Text("result", "Charged"));
        Assert.Equal(RefusalKind.Precondition, close.Refusal!.Kind);
        Assert.True((await cases.PerformAsync("sup-allocated", Constable, "UpdateVictim", Text("update", "Told of the charge"))).IsAccepted);
        Assert.True((await cases.PerformAsync("sup-allocated", Constable, "Close", Text("result", "Charged"))).IsAccepted);

        int Count(string id) => Store.ReadCaseAsync(id).GetAwaiter().GetResult().Count;
    }

    [ContractFact]
    public async Task A_migration_run_again_moves_nothing_twice_and_a_replay_without_snapshots_gives_the_same_cases()
    {
        var (cases, time) = await RunningSupervisionCasesAsync();
        var plan = SupervisionPlan();
        await cases.MigrateAsync(plan, Migrator, dryRun: false);
        var chains = (await Store.ReadChainHeadsAsync()).ToDictionary(h => h.CaseId, h => h.Count);

        time.Advance(TimeSpan.FromHours(1));
        var again = await cases.MigrateAsync(plan, Migrator, dryRun: false);

        Assert.DoesNotContain(again.Cases, c => c.Outcome is CaseMigrationOutcome.Moved or CaseMigrationOutcome.WouldMove);
        Assert.Equal(chains, (await Store.ReadChainHeadsAsync()).ToDictionary(h => h.CaseId, h => h.Count));
        foreach (var id in chains.Keys)
        {
            Assert.True((await Store.ReadCaseAsync(id)).Count(e => e.Kind == CaseEventKind.Migrated) <= 1);
        }

        // The Migrated event alone decides the case: replayed from the chain, with no snapshot, it is the same case.
        var cached = (await cases.ReadAsync("sup-allocated", Sergeant, "Check")).Workflow!;
        await Store.DropSnapshotsAsync();
        var replayed = new PolicyWorkflow(SupervisionCatalog().VersionsOf("Supervision"));
        replayed.Replay(await Store.ReadCaseAsync("sup-allocated"));
        Assert.Equal((cached.CompiledPolicy.Version, cached.StateName), (replayed.CompiledPolicy.Version, replayed.StateName));
        Assert.Equal(cached.Case.OpenDeadlines, replayed.Case.OpenDeadlines);
        Assert.Equal(cached.Case.DeadlineHistory, replayed.Case.DeadlineHistory);
        Assert.Equal(cached.Case.Assignments, replayed.Case.Assignments);
    }

    [ContractFact]
    public async Task Two_migrations_run_at_once_move_each_case_once_between_them()
    {
        var (cases, time) = await RunningSupervisionCasesAsync();

        // More cases opened under 2025.01, by the application as it was in the autumn.
        var autumn = new CaseService(Store, SupervisionCatalog(), new FakeTimeProvider(Autumn.AddDays(3)));
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await autumn.OpenAsync("Supervision", $"sup-more-{i:00}", Sergeant)).IsAccepted);
        }

        var plan = SupervisionPlan();

        // A second instance of the application (its own case service, the same database) migrating at the same time.
        await using var otherStore = await OpenSameDatabaseAsync();
        var other = new CaseService(otherStore, SupervisionCatalog(), time);
        var runs = await Task.WhenAll(
            Task.Run(() => cases.MigrateAsync(plan, Migrator, dryRun: false)),
            Task.Run(() => other.MigrateAsync(plan, new Actor("admin-2", "Migration"), dryRun: false)));

        foreach (var head in await Store.ReadChainHeadsAsync())
        {
            var events = await Store.ReadCaseAsync(head.CaseId);
            var moves = events.Count(e => e.Kind == CaseEventKind.Migrated);
            var open = head.CaseId != "sup-closed" && head.CaseId != "sup-new";
            Assert.True(moves == (open ? 1 : 0), $"{head.CaseId} was moved {moves} times.");
            if (open)
            {
                // Moved by exactly one of the two runs; the other found it moved, or lost the race and read it again.
                Assert.Single(runs, r => r.Cases.Single(c => c.CaseId == head.CaseId).Outcome == CaseMigrationOutcome.Moved);
            }
        }

        Assert.True((await new AuditVerifier(Store, Keys).VerifyAsync()).IsClean);
    }

    [ContractFact]
    public async Task A_plan_that_does_not_fit_the_versions_is_refused_before_any_case_is_touched()
    {
        var (cases, _) = await RunningSupervisionCasesAsync();
        var chains = (await Store.ReadChainHeadsAsync()).ToDictionary(h => h.CaseId, h => h.Count);
        var keepsRemoved = MigrationPlan.Parse(
            "migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\nstate Parked -> Gone\n",
            out var problems);
        Assert.Empty(problems);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => cases.MigrateAsync(keepsRemoved!, Migrator, dryRun: false));
        Assert.Contains("plan:4:17: Version 2026.01 has no state Gone", refused.Message, StringComparison.Ordinal);
        Assert.Equal(chains, (await Store.ReadChainHeadsAsync()).ToDictionary(h => h.CaseId, h => h.Count));
    }
}
