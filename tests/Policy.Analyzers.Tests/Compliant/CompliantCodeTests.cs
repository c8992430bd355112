using Microsoft.CodeAnalysis;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Compliant;

/// <summary>
/// Code that uses the generated workflow as it should, the way a force application would (a case screen over
/// <c>CaseService</c>, a supervisor's board, a reminder service, a cache), with logging, tracing and metrics that read
/// the wall clock and a cache lifetime equal to a policy setting's default: every rule runs over it, and none warns.
/// A false alarm here is a bug in a rule.
/// </summary>
public sealed class CompliantCodeTests
{
    private const string CaseScreen = """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Policies;
        using Policy.Runtime.Cases;
        using Policy.Runtime.Workflows;

        namespace Force.Casework;

        /// <summary>What the officer sees after acting on a case.</summary>
        public sealed record Outcome(bool Done, string Message);

        public sealed class CaseScreen
        {
            private static readonly ActivitySource Tracing = new("Force.Casework");
            private readonly CaseService _cases;
            private readonly ILogger<CaseScreen> _logger;

            public CaseScreen(CaseService cases, ILogger<CaseScreen> logger) => (_cases, _logger) = (cases, logger);

            public async Task<Outcome> InformVictimAsync(string caseId, Actor soit, string note)
            {
                using var activity = Tracing.StartActivity("casework.inform-victim");
                activity?.SetTag("casework.started", DateTimeOffset.UtcNow);
                _logger.LogInformation("Informing the victim on {CaseId} at {At}", caseId, DateTime.UtcNow);

                var result = await _cases.ExecuteAsync<Policies.Casework>(caseId, w => w.InformVictim(soit, note));
                if (!result.IsAccepted)
                {
                    _logger.LogWarning("Refused at {At:O}: {Refusal}", DateTime.UtcNow, result.Refusal);
                    return new Outcome(false, result.Refusal?.Message ?? "The case changed; try again.");
                }

                return new Outcome(true, "Recorded: the victim has been told.");
            }

            public async Task<Outcome> UpdateAsync(string caseId, Actor officer, string note)
            {
                var result = await _cases.PerformAsync(caseId, officer, "Update").ConfigureAwait(false);
                return result.IsAccepted ? new Outcome(true, "Updated.") : new Outcome(false, result.Refusal?.Message ?? "Try again.");
            }
        }
        """;

    private const string ReviewBoard = """
        using System;
        using System.Diagnostics.Metrics;
        using Policies;
        using Policy.Runtime.Workflows;

        namespace Force.Casework;

        [Policies.Casework.ActsAsSupervisor]
        public sealed class ReviewBoard
        {
            private static readonly Meter Meter = new("Force.Casework");
            private static readonly Histogram<double> ReviewTime = Meter.CreateHistogram<double>("casework.review.duration", "ms");
            private readonly TimeProvider _clock;

            public ReviewBoard(TimeProvider clock) => _clock = clock;

            public string Close(Policies.Casework workflow, string supervisorId)
            {
                var started = DateTime.UtcNow;
                var supervisor = new Actor(supervisorId, Policies.Casework.Roles.Supervisor);
                var result = workflow.Close(supervisor, new Policies.Casework.Outcome.Charged());
                ReviewTime.Record((DateTime.UtcNow - started).TotalMilliseconds);
                return result.IsAccepted ? "Closed." : result.Refusal!.Message;
            }

            public ActionResult Supervise(Policies.Casework workflow, Actor supervisor) => workflow.Supervise(supervisor, "Reviewed.");

            public bool ReviewLate(Policies.Casework workflow) =>
                workflow.OpenDeadlines.Count > 0 && _clock.GetUtcNow() - workflow.OpenDeadlines[0].DueAt > Policies.Casework.Durations.ReviewDueWithinTimeSpan;

            public string Describe(Policies.Casework workflow)
            {
                switch (workflow.State)
                {
                    case CaseworkState.New:
                        return "Waiting for allocation";
                    case CaseworkState.Active:
                        return "Under investigation";
                    default:
                        return "With the supervisor, or closed";
                }
            }

            public static int Urgency(Policies.Casework.Rag rag) => rag switch
            {
                Policies.Casework.Rag.Red => 3,
                Policies.Casework.Rag.Amber => 2,
                _ => 1,
            };
        }
        """;

    private const string Desk = """
        using System;
        using System.Collections.Generic;
        using Policies;
        using Policy.Runtime.Workflows;

        namespace Force.Casework;

        /// <summary>The OIC's and the SOIT's desk: allocation is the supervisor's, so it takes an actor from the caller.</summary>
        public sealed class Desk
        {
            private readonly Dictionary<string, (Policies.Casework Case, DateTimeOffset Until)> _recent = new();
            private readonly TimeProvider _clock;

            public Desk(TimeProvider clock) => _clock = clock;

            // A cache lifetime that happens to equal the policy's review interval (14 days): not a deadline.
            private static readonly TimeSpan KeepFor = TimeSpan.FromDays(14);

            public void Remember(string caseId, Policies.Casework workflow) =>
                _recent[caseId] = (workflow, _clock.GetUtcNow() + TimeSpan.FromDays(14) + KeepFor);

            public bool Allocate(Policies.Casework workflow, Actor supervisor, string oic, string soit)
            {
                var result = workflow.Allocate(supervisor, oic, soit, Policies.Casework.Rag.Amber);
                return result.IsAccepted;
            }

            [Policies.Casework.ActsAsOIC]
            public ActionResult Update(Policies.Casework workflow, string officerId) =>
                workflow.Update(new Actor(officerId, Policies.Casework.Roles.OIC), "Called the witness.");

            [Policies.Casework.ActsAsOIC]
            public ActionResult Submit(Policies.Casework workflow, Actor oic)
            {
                if (workflow.State == CaseworkState.Active)
                {
                    return workflow.SubmitForReview(oic);
                }

                return workflow.Update(oic, "Not ready for review.");
            }

            public ActionResult Tell(Policies.Casework workflow, Actor soit)
            {
                _ = workflow.InformVictim(soit, "Seeded for the demo.");
                return workflow.InformVictim(soit, null);
            }
        }
        """;

    [Fact]
    public async Task No_rule_warns_on_code_that_uses_the_workflow_as_it_should()
    {
        var run = await AnalyzerRun.RunAsync(
            new[] { ("CaseScreen.cs", CaseScreen), ("ReviewBoard.cs", ReviewBoard), ("Desk.cs", Desk) },
            new[] { (TestPolicies.FileName, TestPolicies.Casework) },
            TestReferences.Framework);

        // The code must compile, or the rules would be judged on code that no application has.
        Assert.Empty(run.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.Empty(run.AnalyzerExceptions);
        Assert.Empty(run.Diagnostics.Where(d => d.Id.StartsWith("POL", StringComparison.Ordinal)).Select(d => d.ToString()));
    }
}
