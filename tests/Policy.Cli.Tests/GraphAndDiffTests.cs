namespace Policy.Cli.Tests;

public class GraphAndDiffTests
{
    [Fact]
    public void Mermaid_labels_transitions_by_action_and_role_and_lists_open_deadlines()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var (code, output, _) = CliRunner.Run("graph", path);
        Assert.Equal(0, code);
        Assert.Equal(
            """
            stateDiagram-v2
                [*] --> Open
                Open --> Open : Allocate (Supervisor)
                Open --> Open : RecordKeyUpdate (Supervisor)
                Open --> Open : InformVictim (SOIT)
                Open --> Closed : Close (Supervisor)
                Closed --> [*]
                note right of Open
                    Open deadlines: VictimUpdate
                end note

            """.Replace("\r\n", "\n"),
            output);
    }

    [Fact]
    public void Dot_output_is_a_digraph_with_labelled_edges()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var (code, output, _) = CliRunner.Run("graph", path, "--format", "dot");
        Assert.Equal(0, code);
        Assert.StartsWith("digraph \"VictimUpdates\" {", output, StringComparison.Ordinal);
        Assert.Contains("\"Open\" -> \"Closed\" [label=\"Close (Supervisor)\"];", output, StringComparison.Ordinal);
        Assert.Contains("\"Open\" [label=\"Open\\n(start)\\nopen: VictimUpdate\"];", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_says_in_plain_English_what_changed_for_sign_off()
    {
        var before = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var after = CliRunner.WriteTemp("victims.policy", CliRunner.Victims
            .Replace("within 1 working day", "within 2 working days")
            .Replace("version \"2025.02\"", "version \"2025.03\"")
            .Replace("  state Closed final", "  state Closed final\n  state Archived final"));
        var (code, output, _) = CliRunner.Run("diff", before, after);
        Assert.Equal(0, code);
        Assert.Contains("# Changes to Keeping victims informed (version 2025.02 → 2025.03)", output, StringComparison.Ordinal);
        Assert.Contains("## Added\n\n- **State Archived**: Archived (finished)", output, StringComparison.Ordinal);
        Assert.Contains("  - Before: Within 1 working day of each time", output, StringComparison.Ordinal);
        Assert.Contains("  - After: Within 2 working days of each time", output, StringComparison.Ordinal);
        Assert.DoesNotContain("## Removed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_identical_policies_says_nothing_changed()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var (code, output, _) = CliRunner.Run("diff", path, path);
        Assert.Equal(0, code);
        Assert.Contains("No change to what the policy requires.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_writes_a_page_per_policy_and_an_index()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var folder = Path.GetDirectoryName(path)!;
        var outFolder = Path.Combine(folder, "site");
        var (code, _, _) = CliRunner.Run("docs", folder, "--out", outFolder);
        Assert.Equal(0, code);
        Assert.Contains("| [VictimUpdates](VictimUpdates.md) | Keeping victims informed | 2025.02 |", File.ReadAllText(Path.Combine(outFolder, "index.md")), StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(outFolder, "VictimUpdates.md"));
        Assert.Contains("```mermaid\nstateDiagram-v2", page, StringComparison.Ordinal);
        Assert.Contains("## Rules", page, StringComparison.Ordinal);
    }
}
