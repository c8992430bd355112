using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

public sealed class WrongRoleTests
{
    [Fact]
    public Task Flags_an_action_the_declared_role_may_not_perform() => Verify.AnalyzerAsync<WrongRoleAnalyzer>(
        """
        [Casework.ActsAsSOIT]
        public sealed class VictimLiaison
        {
            public ActionResult Tell(Casework workflow, Actor actor) => workflow.InformVictim(actor, "told");

            public ActionResult Close(Casework workflow, Actor actor) => {|#0:workflow.Close(actor, new Casework.Outcome.Charged())|};
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.WrongRole).WithLocation(0).WithArguments("SOIT", "Close", "OIC or Supervisor", "Casework"));

    [Fact]
    public Task Reads_the_role_from_the_method_first_then_containing_and_base_types() => Verify.AnalyzerAsync<WrongRoleAnalyzer>("""
        [Casework.ActsAsSupervisor]
        public abstract class SupervisorScreen
        {
        }

        public sealed class ReviewScreen : SupervisorScreen
        {
            public ActionResult Close(Casework workflow, Actor actor) => workflow.Close(actor, new Casework.Outcome.Charged());

            public ActionResult Submit(Casework workflow, Actor actor) => {|POL1005:workflow.SubmitForReview(actor)|};

            [Casework.ActsAsOIC]
            public ActionResult SubmitAsOic(Casework workflow, Actor actor) => workflow.SubmitForReview(actor);

            public sealed class Nested
            {
                public ActionResult Inform(Casework workflow, Actor actor) => {|POL1005:workflow.InformVictim(actor, null)|};
            }
        }
        """);

    [Fact]
    public Task Leaves_unmarked_code_and_permitted_actions_alone() => Verify.AnalyzerAsync<WrongRoleAnalyzer>("""
        public static class Anyone
        {
            public static ActionResult Close(Casework workflow, Actor actor) => workflow.Close(actor, new Casework.Outcome.Charged());
        }

        public sealed class Partner
        {
            [Casework.ActsAsOIC, Casework.ActsAsSOIT]
            public ActionResult Tell(Casework workflow, Actor actor) => workflow.InformVictim(actor, null);

            [Casework.ActsAsSOIT]
            public bool CanClose(Casework workflow, Actor actor) => workflow.CanClose(actor);
        }
        """);
}
