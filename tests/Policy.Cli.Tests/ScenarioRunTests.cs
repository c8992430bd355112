namespace Policy.Cli.Tests;

public class ScenarioRunTests
{
    private const string Policy = """
        policy Referral "Referral decisions" {
          version "2"
          source SOP "Referral SOP"
          role Supervisor "Supervisor"
          role OIC "Officer in charge" assigned
          choice Decision { Referred, NotReferred(reason: text) }
          state New initial
          state Active
          state Done final
          action Allocate by Supervisor from New to Active {
            record oic: officer
            require oic is available "Do not allocate to an officer who is absent."
            assign OIC = oic
          }
          action Decide by OIC in Active { record decision: Decision }
          action Finish by OIC from Active to Done { record summary: text }
          deadline DecisionDue "A referral decision is recorded" {
            starts when Allocate
            OIC must Decide within 2 days
            escalate to Supervisor, then to OIC after 1 day
            cite SOP "3.2"
          }
          rule DecideFirst {
            forbid Finish while DecisionDue is open "Record the referral decision before finishing."
            cite SOP "3.3"
          }
        }
        """;

    private const string Scenario = """
        scenario "A decision nobody records"
        policy "referral.policy"
        start 2025-03-03 08:00
        officer Sgt "DS Patel" is Supervisor
        officer DC "DC Jones" is OIC
        officer PC "PC Absent" is OIC
        at day 1 08:00 PC is absent until day 30 00:00
        at day 1 08:30 Sgt does Allocate with oic = PC
        expect refused by requirement saying "absent"
        at day 1 09:00 Sgt does Allocate with oic = DC
        expect accepted
        expect deadline DecisionDue due at day 3 09:00
        at +1h DC does Finish with summary = "done"
        expect refused by rule DecideFirst
        expect deadline DecisionDue breached at day 3 09:00
        expect deadline DecisionDue escalated to Supervisor at day 3 09:00
        expect deadline DecisionDue escalated to OIC at day 4 09:00
        at day 4 10:00 DC does Decide with decision = NotReferred(reason = "Victim declined")
        expect deadline DecisionDue is met
        at +1h DC does Finish with summary = "done"
        expect state is Done
        """;

    private static (string Policy, string Scenario) Write(string scenario)
    {
        var policy = CliRunner.WriteTemp("referral.policy", Policy);
        var path = Path.Combine(Path.GetDirectoryName(policy)!, "decision.scenario");
        File.WriteAllText(path, scenario);
        return (policy, path);
    }

    [Fact]
    public void Simulate_prints_the_timeline_with_breaches_escalations_and_refusals()
    {
        var (policy, scenario) = Write(Scenario);
        var (code, output, error) = CliRunner.Run("simulate", policy, scenario);
        Assert.True(code == 0, output + error);
        Assert.Contains("Mon 3 Mar 2025 08:30  Sgt does Allocate: refused (Precondition): Do not allocate to an officer who is absent.", output, StringComparison.Ordinal);
        Assert.Contains("Wed 5 Mar 2025 09:00  deadline DecisionDue breached", output, StringComparison.Ordinal);
        Assert.Contains("Thu 6 Mar 2025 09:00  deadline DecisionDue escalated to the OIC", output, StringComparison.Ordinal);
        Assert.Contains("Thu 6 Mar 2025 10:00  deadline DecisionDue met late", output, StringComparison.Ordinal);
        Assert.Contains("Every expectation held.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_opened_on_the_timeline_says_why_it_is_due_then_as_the_runtime_explains_it()
    {
        // Seed 000: a DNA match on the Thursday before Easter; one working day skips Good Friday, the weekend and Easter Monday.
        var root = CliRunner.RepositoryRoot;
        var (code, output, error) = CliRunner.Run("simulate", Path.Combine(root, "policies", "rasso-investigation.policy"), Path.Combine(root, "policies", "scenarios", "rasso-dna-match-not-passed-on.scenario"));
        Assert.True(code == 0, output + error);
        var line = output.Split('\n').Single(l => l.Contains("deadline DnaMatchToVictim opened", StringComparison.Ordinal));
        Assert.Contains("by Wed 23 Apr 2025 00:00; why: it started when DnaMatch happened at Thu 17 Apr 2025 16:00; within 1 working day, counted on england-and-wales", line, StringComparison.Ordinal);
        Assert.Contains("skipping Fri 18 Apr (Good Friday (a bank holiday in England and Wales)), Sat 19 Apr (Saturday), Sun 20 Apr (Sunday), Mon 21 Apr (Easter Monday", line, StringComparison.Ordinal);
        Assert.Contains("IOPC_RASSO \"Recommendation 1:", line, StringComparison.Ordinal);

        // Where the duration comes from: a setting, and who started it.
        var outset = output.Split('\n').Single(l => l.Contains("deadline OutsetAgreement opened", StringComparison.Ordinal));
        Assert.Contains("it started when AssignOfficers happened by Sgt", outset, StringComparison.Ordinal);
        Assert.Contains("within 1 working day (the setting AgreementTime)", outset, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_writes_a_json_timeline()
    {
        var (policy, scenario) = Write(Scenario);
        var (code, output, _) = CliRunner.Run("simulate", policy, scenario, "--format", "json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        var kinds = json.RootElement.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("breached", kinds);
        Assert.Contains("escalated", kinds);
        Assert.Contains("2025-03-05T09:00:00Z", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_passes_a_true_scenario_and_fails_a_wrong_expectation_saying_what_happened_instead()
    {
        var (_, good) = Write(Scenario);
        var folder = Path.GetDirectoryName(good)!;
        File.WriteAllText(Path.Combine(folder, "wrong.scenario"), Scenario
            .Replace("scenario \"A decision nobody records\"", "scenario \"Wrong timing\"")
            .Replace("expect deadline DecisionDue breached at day 3 09:00", "expect deadline DecisionDue breached at day 2 09:00"));

        var (code, output, _) = CliRunner.Run("test", folder);
        Assert.Equal(1, code);
        Assert.Contains("PASS " + good + ": A decision nobody records", output, StringComparison.Ordinal);
        Assert.Contains("FAIL " + Path.Combine(folder, "wrong.scenario") + ": Wrong timing", output, StringComparison.Ordinal);
        Assert.Contains("wrong.scenario(15,1): expected deadline DecisionDue to be breached at Tue 4 Mar 2025 09:00, but it was not breached.", output, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_naming_things_the_policy_lacks_gets_errors_at_their_lines()
    {
        var (policy, scenario) = Write(Scenario
            .Replace("Sgt does Allocate with oic = DC", "Sgt does Allocat with oic = DC")
            .Replace("decision = NotReferred(reason", "decision = NotRefered(reason"));
        var (code, output, error) = CliRunner.Run("simulate", policy, scenario);
        Assert.Equal(1, code);
        Assert.Contains("decision.scenario(10,1): error SCN0010: The policy has no action named 'Allocat'.", error, StringComparison.Ordinal);

        // The first failing step ends the scenario: the later misspelt option is not reached, and the run says so.
        Assert.DoesNotContain("NotRefered", error, StringComparison.Ordinal);
        Assert.Contains("the scenario stopped at its first failure: 11 later step(s) not run", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_failing_expectation_ends_the_scenario_with_one_failure()
    {
        // A wrong due time early on would make every later expectation fail too; only the first is reported.
        var (_, scenario) = Write(Scenario.Replace("expect deadline DecisionDue due at day 3 09:00", "expect deadline DecisionDue due at day 2 09:00"));
        var (code, output, _) = CliRunner.Run("test", scenario);
        Assert.Equal(1, code);
        Assert.Single(output.Split('\n'), line => line.Contains("expected ", StringComparison.Ordinal));
        Assert.Contains("decision.scenario(12,1): expected deadline DecisionDue to be due at Tue 4 Mar 2025 09:00, but it is due at Wed 5 Mar 2025 09:00.", output, StringComparison.Ordinal);
        Assert.Contains("The scenario stopped there: 9 later step(s) not run.", output, StringComparison.Ordinal);
    }

    private const string ClocksGoBack = """
        scenario "The night the clocks go back"
        policy "referral.policy"
        start 2025-10-25 12:00
        officer Sgt "DS Patel" is Supervisor
        officer DC "DC Jones" is OIC
        at 2025-10-26 01:50+01:00 Sgt does Allocate with oic = DC
        expect deadline DecisionDue due at 2025-10-28 01:50
        at 2025-10-26 01:10+00:00
        expect deadline DecisionDue is not breached
        expect deadline DecisionDue is open
        at +10m DC does Decide with decision = Referred
        expect deadline DecisionDue met in time
        expect deadline DecisionDue is not breached
        """;

    [Fact]
    public void Times_with_an_offset_reach_the_second_pass_through_the_hour_the_clocks_go_back()
    {
        // 01:50 BST is 00:50 UTC; 01:10 GMT, the second 01:10 of the night, is 01:10 UTC: later, so time goes forward.
        var (_, scenario) = Write(ClocksGoBack);
        var (code, output, _) = CliRunner.Run("test", scenario);
        Assert.True(code == 0, output);
        Assert.Contains("1 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_can_start_in_the_second_pass_through_the_hour_the_clocks_go_back()
    {
        // Opened at 01:20 GMT (01:20 UTC), so a step at 01:50 BST (00:50 UTC) would go back in time.
        var (_, scenario) = Write(ClocksGoBack.Replace("start 2025-10-25 12:00", "start 2025-10-26 01:20+00:00"));
        var (code, output, _) = CliRunner.Run("test", scenario);
        Assert.Equal(1, code);
        Assert.Contains("SCN0012", output, StringComparison.Ordinal);

        var (_, later) = Write(ClocksGoBack.Replace("start 2025-10-25 12:00", "start 2025-10-26 00:40+01:00"));
        Assert.Equal(0, CliRunner.Run("test", later).ExitCode);
    }

    [Fact]
    public void Not_breached_and_met_in_time_fail_when_the_deadline_was_breached()
    {
        var (_, scenario) = Write(ClocksGoBack.Replace("at +10m DC does Decide", "at +3d DC does Decide").Replace("expect deadline DecisionDue is not breached\nexpect deadline DecisionDue is open\n", string.Empty));
        var (code, output, _) = CliRunner.Run("test", scenario);
        Assert.Equal(1, code);
        Assert.Contains("expected deadline DecisionDue to be met in time, but it was met (it was breached).", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("at 2025-10-26 01:10+01:00", "SCN0012")]   // 00:10 UTC: before the step at 01:50 BST
    [InlineData("at 2025-07-01 10:00+00:00", "SCN0003")]   // London is on BST (+01:00) in July
    [InlineData("at 2025-10-26 01:10+02:00", "SCN0003")]
    public void An_offset_that_is_not_London_time_or_goes_back_is_an_error_at_its_line(string line, string id)
    {
        var (policy, scenario) = Write(ClocksGoBack.Replace("at 2025-10-26 01:10+00:00", line));
        var (code, _, error) = CliRunner.Run("simulate", policy, scenario);
        Assert.Equal(1, code);
        Assert.Contains($"decision.scenario(8,", error, StringComparison.Ordinal);
        Assert.Contains(id, error, StringComparison.Ordinal);
    }
}
