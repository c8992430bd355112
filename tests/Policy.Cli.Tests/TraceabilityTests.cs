namespace Policy.Cli.Tests;

public class TraceabilityTests
{
    [Fact]
    public void The_committed_traceability_document_is_what_policy_trace_produces_now()
    {
        var root = CliRunner.RepositoryRoot;
        var (code, output, error) = CliRunner.Run("trace", Path.Combine(root, "policies"));
        Assert.True(code == 0, error);
        var committed = File.ReadAllText(Path.Combine(root, "docs", "traceability.md")).Replace("\r\n", "\n");
        Assert.True(committed == output, "docs/traceability.md is out of date: run 'dotnet run --project generator/Policy.Cli -- trace policies --out docs/traceability.md' and commit it.");
    }

    [Fact]
    public void Trace_links_a_clause_to_its_rule_and_the_scenario_that_proves_it()
    {
        var policy = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var folder = Path.GetDirectoryName(policy)!;
        File.WriteAllText(Path.Combine(folder, "closure.scenario"), """
            scenario "Closure before the victim is told"
            policy "victims.policy"
            start 2025-03-03 09:00
            officer Sgt "DS Patel" is Supervisor
            officer Khan "PC Khan" is SOIT
            at +0m Sgt does Allocate with soit = Khan
            at +1h Sgt does RecordKeyUpdate with detail = "DNA match"
            at +1h Sgt does Close with reason = "done"
            expect refused by rule NoClosure
            """);

        var (code, output, _) = CliRunner.Run("trace", folder);
        Assert.Equal(0, code);
        Assert.Contains("### IOPC: IOPC recommendations, November 2024", output, StringComparison.Ordinal);
        Assert.Contains("| closure | **Rule NoClosure**: Nobody may \"close\" while the deadline VictimUpdate is open: “The victim must be told of every key update before the investigation is closed.” | `closure.scenario:9` |", output, StringComparison.Ordinal);
        Assert.Contains("| a significant key update such as a positive DNA match | **Deadline VictimUpdate**: ", output, StringComparison.Ordinal);
        Assert.Contains("not yet proved by a scenario", output, StringComparison.Ordinal);
    }
}
