using Microsoft.Data.Sqlite;
using Policy.Definitions;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Cli.Tests;

/// <summary><c>policy migrate</c>, and what <c>check</c> and <c>diff</c> say about versions (tests/versions).</summary>
public sealed class MigrateTests : IDisposable
{
    private static readonly DateTimeOffset Autumn = new(2025, 11, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-migrate-").FullName;

    private static string Versions => Path.Combine(CliRunner.RepositoryRoot, "tests", "versions");

    private static string Old => Path.Combine(Versions, "supervision.2025.policy");

    private static string New => Path.Combine(Versions, "supervision.2026.policy");

    private static string Plan => Path.Combine(Versions, "supervision-2026.migration");

    private string Database => Path.Combine(_folder, "cases.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class Clock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset At { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => At;
    }

    private static CompiledPolicy Compile(string path) =>
        CompiledPolicy.Compile(Language.PolicyCompiler.Compile(path, File.ReadAllText(path)).Definition!);

    /// <summary>Three cases opened under 2025.01 in November 2025: one allocated, one parked, one closed.</summary>
    private async Task WriteStoreAsync()
    {
        var clock = new Clock(Autumn);
        await using (var store = SqliteCaseStore.ForFile(Database))
        {
            await store.InitializeAsync();
            var cases = new CaseService(store, new PolicyCatalog([Compile(Old), Compile(New)]), clock);
            var sergeant = new Actor("ds-1", "Supervisor");
            foreach (var id in new[] { "inv-1", "inv-2", "inv-3" })
            {
                await cases.OpenAsync("Supervision", id, sergeant);
                await cases.PerformAsync(id, sergeant, "Allocate", new Dictionary<string, FieldValue> { ["oic"] = new(ValueKind.Officer, "dc-1") });
            }

            clock.At = Autumn.AddDays(1);
            await cases.PerformAsync("inv-2", sergeant, "Park", new Dictionary<string, FieldValue> { ["why"] = new(ValueKind.Text, "Awaiting results") });
            await cases.PerformAsync("inv-3", new Actor("dc-1", "OIC"), "Close", new Dictionary<string, FieldValue> { ["result"] = new(ValueKind.Text, "Filed") });
        }

        SqliteConnection.ClearAllPools();
    }

    private async Task<IReadOnlyList<CaseEvent>> EventsAsync(string caseId)
    {
        await using var store = SqliteCaseStore.ForFile(Database);
        var events = await store.ReadCaseAsync(caseId);
        SqliteConnection.ClearAllPools();
        return events;
    }

    [Fact]
    public void The_plan_in_tests_versions_is_the_written_plan_with_one_line_the_policy_owner_changed()
    {
        var written = CliRunner.Run("migrate", "plan", Old, New);

        Assert.Equal((0, ""), (written.ExitCode, written.Error));
        var edited = File.ReadAllText(Plan).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var generated = written.Output.Split('\n');
        Assert.Equal(generated.Length, edited.Length);
        var changed = Assert.Single(Enumerable.Range(0, edited.Length), i => edited[i] != generated[i]);
        Assert.Equal("state Parked -> refused   # 2026.01 has no state Parked", generated[changed]);
        Assert.StartsWith("state Parked -> Allocated", edited[changed], StringComparison.Ordinal);
        Assert.Contains("deadline FirstReview recompute   # was within 28 days, now within 21 days", written.Output, StringComparison.Ordinal);
        Assert.Contains("new deadline VictimUpdate open", written.Output, StringComparison.Ordinal);
        Assert.Contains("#   action Close newly requires: Update the victim before closing.", written.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_says_case_by_case_what_apply_then_does_and_apply_run_again_moves_nothing()
    {
        await WriteStoreAsync();
        var at = "2026-01-12T09:00Z";

        var dry = CliRunner.Run("migrate", "dry-run", Plan, "--policies", Versions, Database, "--at", at);
        Assert.Equal((0, ""), (dry.ExitCode, dry.Error));
        Assert.Contains("  inv-1: would move, Allocated -> Allocated\n    Closure #1 kept: due 2026-02-01 09:00 UTC\n    FirstReview #1 due 2025-12-01 09:00 UTC -> 2025-11-24 09:00 UTC\n    VictimUpdate #1 opened: due 2026-01-19 09:00 UTC\n", dry.Output, StringComparison.Ordinal);
        Assert.Contains("  inv-2: would move, Parked -> Allocated\n", dry.Output, StringComparison.Ordinal);
        Assert.Contains("  inv-3: closed, keeps 2025.01\n", dry.Output, StringComparison.Ordinal);
        Assert.EndsWith("2 would move, 0 already moved, 1 closed, 0 not moved, 0 changing (run again).\n", dry.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await EventsAsync("inv-1")).Count);

        var applied = CliRunner.Run("migrate", "apply", Plan, "--policies", Versions, Database, "--at", at, "--by", "admin-7");
        Assert.Equal((0, ""), (applied.ExitCode, applied.Error));
        Assert.Equal(
            dry.Output.Replace("Dry run", "Migration", StringComparison.Ordinal).Replace("would move", "moved", StringComparison.Ordinal),
            applied.Output);
        var migrated = (await EventsAsync("inv-1"))[^1];
        Assert.Equal((CaseEventKind.Migrated, "2026.01", "admin-7"), (migrated.Kind, migrated.Name, migrated.ActorId));

        var again = CliRunner.Run("migrate", "apply", Plan, "--policies", Versions, Database, "--at", "2026-01-12T10:00Z");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("  inv-1: already under 2026.01\n", again.Output, StringComparison.Ordinal);
        Assert.EndsWith("0 moved, 2 already moved, 1 closed, 0 not moved, 0 changing (run again).\n", again.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await EventsAsync("inv-1")).Count);
    }

    [Fact]
    public async Task A_case_the_plan_does_not_move_is_named_with_why_and_the_run_says_so_in_its_exit_code()
    {
        await WriteStoreAsync();
        var generated = CliRunner.Run("migrate", "plan", Old, New).Output;
        var plan = CliRunner.WriteTemp("as-written.migration", generated);

        var applied = CliRunner.Run("migrate", "apply", plan, "--policies", Versions, Database);

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("  inv-2: not moved: The plan does not move cases in state Parked: version 2026.01 has no state for them.\n", applied.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await EventsAsync("inv-1")).Count);
        Assert.Equal(3, (await EventsAsync("inv-2")).Count);
    }

    [Theory]
    [InlineData("migrate Supervision from 2025.01 to \"2026.01\"\n", "1:26: Write: migrate PolicyName from \"old version\" to \"new version\"")]
    [InlineData("migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported => Reported\n", "2:7: Write: state OldState -> NewState")]
    [InlineData("migrate Supervision from \"2025.01\" to \"2026.01\"\ndeadline FirstReview postpone\n", "2:22: Write: deadline Name keep | restart | recompute | close")]
    [InlineData("migrate Supervision from \"2025.01\" to \"2026.01\"\n\nmove everything\n", "3:1: 'move' does not begin a plan line")]
    [InlineData("migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\nstate Parked -> Allocated\ndeadline Closure restart\ndeadline Gone keep\n", "6:10: Version 2025.01 has no deadline Gone")]
    [InlineData("migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\n", "State Parked of 2025.01 has no line. Add: state Parked ->")]
    public async Task A_plan_with_a_mistake_is_refused_naming_its_line_and_column_and_nothing_is_changed(string text, string expected)
    {
        await WriteStoreAsync();
        var plan = CliRunner.WriteTemp("bad.migration", text);

        var applied = CliRunner.Run("migrate", "apply", plan, "--policies", Versions, Database);

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains(expected, applied.Error, StringComparison.Ordinal);
        Assert.StartsWith(plan, applied.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", applied.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await EventsAsync("inv-1")).Count);
    }

    [Fact]
    public void Check_reports_the_versions_of_a_folder_together_and_diff_says_what_running_cases_go_through()
    {
        var checkedVersions = CliRunner.Run("check", Versions);
        Assert.Equal(0, checkedVersions.ExitCode);
        Assert.Contains("supervision.2026.policy(5,8): warning POL0083: State Parked of version '2025.01'", checkedVersions.Output, StringComparison.Ordinal);

        var clash = CliRunner.WriteTemp("supervision.2026.policy", File.ReadAllText(New).Replace("effective 2026-01-01", "effective 2025-01-01", StringComparison.Ordinal));
        File.Copy(Old, Path.Combine(Path.GetDirectoryName(clash)!, "supervision.2025.policy"));
        var overlapping = CliRunner.Run("check", Path.GetDirectoryName(clash)!);
        Assert.Equal(1, overlapping.ExitCode);
        Assert.Contains("supervision.2026.policy(7,3): error POL0080: Version '2026.01' of Supervision takes effect on 2025-01-01, the same day as version '2025.01'", overlapping.Output, StringComparison.Ordinal);

        var diff = CliRunner.Run("diff", Old, New);
        Assert.Equal(0, diff.ExitCode);
        Assert.Contains("## What this does to running cases", diff.Output, StringComparison.Ordinal);
        Assert.Contains("- Cases in Parked are not moved: version 2026.01 has no such state (map it to one in the plan).", diff.Output, StringComparison.Ordinal);
        Assert.Contains("- Open FirstReview deadlines are due where the new rule puts them, counted from the same start.", diff.Output, StringComparison.Ordinal);
        Assert.Contains("- VictimUpdate is new: it opens at the move on cases in the state that starts it.", diff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_can_move_its_case_to_another_version_mid_story_and_check_where_it_ends()
    {
        var run = CliRunner.Run("test", Versions);
        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("1 passed, 0 failed\n", run.Output, StringComparison.Ordinal);

        // A plan that does not fit stops the scenario at that line, saying what is wrong with the plan.
        var folder = Directory.CreateTempSubdirectory("policy-migrate-scenario-").FullName;
        foreach (var file in Directory.GetFiles(Versions))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(folder, "supervision-2026.migration"), "migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\nstate Parked -> Gone\n");
        var broken = CliRunner.Run("test", folder);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("SCN0013", broken.Output + broken.Error, StringComparison.Ordinal);
        Assert.Contains("supervision-2026.migration:4:17: Version 2026.01 has no state Gone", broken.Output + broken.Error, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Docs_give_each_version_its_own_page_the_newest_under_the_policys_name()
    {
        var outFolder = Path.Combine(_folder, "docs");

        var run = CliRunner.Run("docs", Versions, "--out", outFolder);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("version 2026.01", File.ReadAllText(Path.Combine(outFolder, "Supervision.md")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("version 2025.01", File.ReadAllText(Path.Combine(outFolder, "Supervision.2025.01.md")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("| [Supervision](Supervision.2025.01.md) | Supervision of investigations | 2025.01 | 2025-01-01 |", File.ReadAllText(Path.Combine(outFolder, "index.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_PostgreSQL_a_dry_run_and_apply_give_the_same_due_times_and_a_second_apply_moves_nothing()
    {
        var server = Environment.GetEnvironmentVariable("POLICY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            // CI always has a server (.ci/run starts one); a developer's machine may not.
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI must set POLICY_TEST_POSTGRES.");
            return;
        }

        var schema = "cli_migrate_" + Guid.NewGuid().ToString("N")[..12];
        var clock = new Clock(Autumn);
        await using (var store = new Policy.PostgreSql.PostgreSqlCaseStore(server, schema))
        {
            await store.InitializeAsync();
            var cases = new CaseService(store, new PolicyCatalog([Compile(Old), Compile(New)]), clock);
            var sergeant = new Actor("ds-1", "Supervisor");
            await cases.OpenAsync("Supervision", "pg-1", sergeant);
            await cases.PerformAsync("pg-1", sergeant, "Allocate", new Dictionary<string, FieldValue> { ["oic"] = new(ValueKind.Officer, "dc-1") });
        }

        var dry = CliRunner.Run("migrate", "dry-run", Plan, "--policies", Versions, server, "--schema", schema, "--at", "2026-01-12T09:00Z");
        var applied = CliRunner.Run("migrate", "apply", Plan, "--policies", Versions, server, "--schema", schema, "--at", "2026-01-12T09:00Z");
        var again = CliRunner.Run("migrate", "apply", Plan, "--policies", Versions, server, "--schema", schema);

        Assert.Equal((0, ""), (dry.ExitCode, dry.Error));
        Assert.Contains("    FirstReview #1 due 2025-12-01 09:00 UTC -> 2025-11-24 09:00 UTC\n", dry.Output, StringComparison.Ordinal);
        Assert.Equal(dry.Output.Replace("Dry run", "Migration", StringComparison.Ordinal).Replace("would move", "moved", StringComparison.Ordinal), applied.Output);
        Assert.Contains("  pg-1: already under 2026.01\n", again.Output, StringComparison.Ordinal);
        await using var check = new Policy.PostgreSql.PostgreSqlCaseStore(server, schema);
        Assert.Single(await check.ReadCaseAsync("pg-1"), e => e.Kind == CaseEventKind.Migrated);
    }
}
