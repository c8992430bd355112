namespace Policy.Cli.Scenarios;

/// <summary>What happened at a moment of a simulated case.</summary>
internal sealed record TimelineEntry(DateTimeOffset At, string Kind, string Text, string? Subject = null, string? Detail = null);

/// <summary>The outcome of running one scenario: its timeline and the expectations that did not hold.</summary>
/// <param name="StepsNotRun">The steps after the first failure, which the scenario did not run.</param>
internal sealed record ScenarioOutcome(Scenario Scenario, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<ScenarioFailure> Failures, IReadOnlyList<ScenarioDiagnostic> Errors, int StepsNotRun = 0)
{
    public bool Passed => Failures.Count == 0 && Errors.Count == 0;
}

/// <summary>An expectation that did not hold: where it is, what it expected, and what happened instead.</summary>
internal sealed record ScenarioFailure(ScenarioPosition Position, string Expected, string Actual);
