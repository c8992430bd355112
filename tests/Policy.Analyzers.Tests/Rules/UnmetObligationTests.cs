using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

public sealed class UnmetObligationTests
{
    [Fact]
    public Task Flags_each_deadline_whose_action_nothing_calls_where_the_workflow_is_first_used() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>(
        """
        public static class Desk
        {
            public static void Run(Actor actor)
            {
                var workflow = {|#0:new Casework()|};
                _ = workflow.Allocate(actor, "oic", "soit", Casework.Rag.Red);
                _ = workflow.Update(actor, "note");
                _ = workflow.Supervise(actor, "note");
            }

            public static Casework Open() => new();
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.UnmetObligation).WithLocation(0).WithArguments("Casework", "InformVictim", " within 28 days", "VictimUpdate"),
        new DiagnosticResult(PolicyDiagnostics.UnmetObligation).WithLocation(0).WithArguments("Casework", "Close", " within 18 hours", "ReviewDue"));

    [Fact]
    public Task Reports_at_a_field_type_and_without_a_fixed_time() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>(
        """
        public sealed class Desk
        {
            private readonly {|#0:Casework|} _workflow = new();

            public void Run(Actor actor)
            {
                Func<Actor, string?, ActionResult> inform = _workflow.InformVictim;
                _ = _workflow.Perform("Close", actor);
                _ = _workflow.Update(actor, "note");
            }
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.UnmetObligation).WithLocation(0).WithArguments("Casework", "Supervise", "", "Supervision"));

    [Fact]
    public Task Leaves_applications_that_call_every_deadline_action_alone() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>("""
        public static class Desk
        {
            public static void Run(Casework workflow, Actor actor)
            {
                _ = workflow.InformVictim(actor, null);
                _ = workflow.Close(actor, new Casework.Outcome.Charged());
                _ = workflow.Update(actor, "note");
                _ = workflow.Supervise(actor, "note");
            }
        }
        """);

    [Fact]
    public Task Leaves_applications_that_perform_actions_by_computed_names_alone() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>("""
        public static class Desk
        {
            public static ActionResult Run(Casework workflow, Actor actor, string chosen) => workflow.Perform(chosen, actor);
        }
        """);

    [Fact]
    public Task Does_not_count_reading_a_type_generated_inside_the_workflow_as_a_use() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>("""
        public static class Desk
        {
            public static TimeSpan VictimUpdate() => Casework.Durations.VictimUpdateWithinTimeSpan;

            public static string Red() => Casework.Rag.Red.ToString();
        }
        """);

    [Fact]
    public Task Leaves_workflows_the_application_never_uses_alone() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>("""
        public static class Desk
        {
            public static int Answer() => 42;
        }
        """);

    [Fact]
    public Task Stays_quiet_until_the_application_performs_an_action_of_the_policy() => Verify.AnalyzerAsync<UnmetObligationAnalyzer>("""
        public sealed class Desk
        {
            private readonly Casework _workflow = new();

            public bool IsClosed => _workflow.IsClosed;

            public bool CanClose(Actor actor) => _workflow.CanClose(actor);
        }
        """);
}
