using Policy.Cli.Scenarios;

namespace Policy.Cli.Tests;

public class ScenarioParserTests
{
    private const string Valid = """
        # A comment
        scenario "The DNA match that was never passed on"
        policy "../rasso-investigation.policy"
        start 2025-03-03 09:00
        officer Sgt "DS Patel" is Supervisor
        officer DC "DC Jones" is OIC, SOIT
        setting SupervisionInterval = 7 days
        at +0m Sgt does AssessRisk with rating = Red, risks = "Known to victim"
        at +1h DC as OIC does Decide with decision = NotReferred(reason = "Declined", detail = "x")
        at day 3 15:00 signal DnaMatch with detail = "Match"
        at 2025-03-10 08:00 DC is absent until day 60 00:00
        at +1d 2h
        expect state is Investigating
        expect refused by rule NoClosure saying "victim must be told"
        expect deadline VictimUpdate breached at day 5 00:00
        expect deadline VictimUpdate escalated to CrimeManager at day 7 00:00
        expect deadline VictimUpdate is due soon
        """;

    [Fact]
    public void A_valid_scenario_parses_into_its_steps()
    {
        var (scenario, diagnostics) = ScenarioParser.Parse("dna.scenario", Valid);
        Assert.Empty(diagnostics);
        Assert.NotNull(scenario);
        Assert.Equal("The DNA match that was never passed on", scenario.Title);
        Assert.Equal(new DateTime(2025, 3, 3, 9, 0, 0), scenario.StartLocal);
        Assert.Equal(new[] { "OIC", "SOIT" }, scenario.Officers[1].Roles);
        Assert.Equal("7 days", Assert.Single(scenario.Settings).Value.Text);
        Assert.Equal(10, scenario.Steps.Count);

        var decide = Assert.IsType<ActionStep>(scenario.Steps[1]);
        Assert.Equal("OIC", decide.AsRole);
        var decision = Assert.Single(decide.Fields).Value;
        Assert.Equal("NotReferred", decision.Text);
        Assert.Equal(2, decision.Fields!.Count);

        var wait = Assert.IsType<WaitStep>(scenario.Steps[4]);
        // Days keep the London clock time; hours are elapsed time.
        Assert.Equal((1, TimeSpan.FromHours(2)), (((RelativeTime)wait.Time).Days, ((RelativeTime)wait.Time).Elapsed));
        var refused = Assert.IsType<RefusedExpectation>(((ExpectStep)scenario.Steps[6]).Expectation);
        Assert.Equal(("rule", "NoClosure", "victim must be told"), (refused.Kind, refused.Rule, refused.MessageContains));
        Assert.Equal("due soon", ((DeadlineStatusExpectation)((ExpectStep)scenario.Steps[9]).Expectation).Status);
    }

    [Theory]
    [InlineData("at +1h DC do Close", 11, "SCN0001", "Expected 'does' and the action")]
    [InlineData("at day 0 10:00", 8, "SCN0001", "Expected a day number from 1")]
    [InlineData("at day 2 25:00", 10, "SCN0003", "'25:00' is not a time of day")]
    [InlineData("at +1h Nobody does Close", 1, "SCN0004", "No officer is declared as 'Nobody'")]
    [InlineData("expect deadline X is late", 22, "SCN0001", "Expected open, met, breached")]
    [InlineData("at +1h DC does Close with reason = \"unterminated", 36, "SCN0001", "no closing quote")]
    [InlineData("start 2025-02-30 09:00", 7, "SCN0003", "'2025-02-30' is not a real date")]
    public void A_malformed_line_gets_one_error_at_its_line_and_column(string line, int column, string id, string message)
    {
        var text = "scenario \"t\"\npolicy \"p.policy\"\nofficer DC is OIC\n" + (line.StartsWith("start", StringComparison.Ordinal) ? string.Empty : "start 2025-03-03 09:00\n") + line + "\nexpect state is Open\n";
        var (scenario, diagnostics) = ScenarioParser.Parse("bad.scenario", text);
        Assert.Null(scenario);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(line.StartsWith("start", StringComparison.Ordinal) ? 4 : 5, diagnostic.Position.Line);
        Assert.Equal(column, diagnostic.Position.Column);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_headers_are_each_reported()
    {
        var (_, diagnostics) = ScenarioParser.Parse("empty.scenario", "# nothing\n");
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("SCN0002", d.Id));
    }
}
