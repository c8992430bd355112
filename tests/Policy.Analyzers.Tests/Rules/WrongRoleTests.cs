using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

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

    [Fact]
    public Task Flags_an_actor_whose_roles_are_given_in_code_and_may_not_perform_the_action() => Verify.AnalyzerAsync<WrongRoleAnalyzer>(
        """
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static ActionResult Close(Casework workflow)
            {
                var soit = new Actor("dc.jones", Casework.Roles.SOIT);
                return {|#0:workflow.Close(soit, new Casework.Outcome.Charged())|};
            }

            public static ActionResult Supervise(Casework workflow) =>
                {|#1:workflow.Supervise(new Actor("dc.jones", "OIC", Casework.Roles.SOIT), "note")|};

            public static Task<CaseResult> Stored(CaseService cases)
            {
                Actor officer = new("dc.jones", new[] { "OIC" });
                return cases.ExecuteAsync<Casework>("case-1", w => {|#2:w.InformVictim(officer, "told")|});
            }

            [Casework.ActsAsSOIT]
            public static ActionResult GivenRolesReplaceTheDeclaredOnes(Casework workflow) =>
                {|#3:workflow.InformVictim(new Actor("sgt.smith", "Supervisor"), "told")|};
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.WrongRole).WithLocation(0).WithArguments("SOIT", "Close", "OIC or Supervisor", "Casework").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
        new DiagnosticResult(PolicyDiagnostics.WrongRole).WithLocation(1).WithArguments("OIC or SOIT", "Supervise", "Supervisor", "Casework").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
        new DiagnosticResult(PolicyDiagnostics.WrongRole).WithLocation(2).WithArguments("OIC", "InformVictim", "SOIT", "Casework").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
        new DiagnosticResult(PolicyDiagnostics.WrongRole).WithLocation(3).WithArguments("Supervisor", "InformVictim", "SOIT", "Casework").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

    [Fact]
    public Task Leaves_actors_with_a_permitted_role_or_roles_known_only_at_run_time_alone() => Verify.AnalyzerAsync<WrongRoleAnalyzer>("""
        public static class Desk
        {
            public static ActionResult Permitted(Casework workflow)
            {
                var supervisor = new Actor("sgt.smith", Casework.Roles.Supervisor, "OIC");
                return workflow.Close(supervisor, new Casework.Outcome.Charged());
            }

            public static ActionResult FromTheCaller(Casework workflow, Actor actor) => workflow.Close(actor, new Casework.Outcome.Charged());

            public static ActionResult FromTheDirectory(Casework workflow, string id, string[] roles, string role)
            {
                _ = workflow.Close(new Actor(id, roles), new Casework.Outcome.Charged());
                _ = workflow.Close(new Actor(id, "SOIT", role), new Casework.Outcome.Charged());
                return workflow.Close(new Actor(id), new Casework.Outcome.Charged());
            }

            public static ActionResult Reassigned(Casework workflow, Actor signedIn)
            {
                var actor = new Actor("dc.jones", "SOIT");
                if (workflow.IsClosed)
                {
                    actor = signedIn;
                }

                return workflow.Close(actor, new Casework.Outcome.Charged());
            }

            [Casework.ActsAsSOIT]
            public static ActionResult DeclaredRoleStillCounts(Casework workflow, Actor actor) => {|POL1005:workflow.Close(actor, new Casework.Outcome.Charged())|};
        }
        """);

    [Fact]
    public Task The_fix_gives_an_actor_made_in_code_a_role_that_may_act_and_fix_all_fixes_every_one()
    {
        // Fix all acts as the role of the fix chosen (OIC, the first for Close), where that role may act; the calls only
        // a Supervisor may make are fixed in a second pass, as a developer applying fix all again would see.
        var test = new PolicyCodeFixTest<WrongRoleAnalyzer, WrongRoleFixer>(PolicyTestSetup.Usings + """
            public static class Desk
            {
                public static void Run(Casework workflow)
                {
                    _ = {|POL1005:workflow.Close(new Actor("dc.jones", "SOIT"), new Casework.Outcome.Charged())|};
                    var liaison = new Actor("pc.smith", Casework.Roles.SOIT, Casework.Roles.OIC);
                    _ = {|POL1005:workflow.Supervise(liaison, "note")|};
                    _ = {|POL1005:workflow.Allocate(liaison, "dc.jones", "pc.smith", Casework.Rag.Red)|};
                }
            }
            """, PolicyTestSetup.Usings + """
            public static class Desk
            {
                public static void Run(Casework workflow)
                {
                    _ = workflow.Close(new Actor("dc.jones", Casework.Roles.OIC), new Casework.Outcome.Charged());
                    var liaison = new Actor("pc.smith", Casework.Roles.Supervisor);
                    _ = workflow.Supervise(liaison, "note");
                    _ = workflow.Allocate(liaison, "dc.jones", "pc.smith", Casework.Rag.Red);
                }
            }
            """)
        {
            NumberOfFixAllIterations = 2,
            NumberOfFixAllInDocumentIterations = 2,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task One_fix_is_offered_for_each_role_that_may_perform_the_action()
    {
        var test = new PolicyCodeFixTest<WrongRoleAnalyzer, WrongRoleFixer>(
            PolicyTestSetup.Usings + """
                public static class Desk
                {
                    public static ActionResult Run(Casework workflow) => {|POL1005:workflow.Close(new Actor("dc.jones", new[] { "SOIT" }), new Casework.Outcome.Charged())|};
                }
                """,
            PolicyTestSetup.Usings + """
                public static class Desk
                {
                    public static ActionResult Run(Casework workflow) => workflow.Close(new Actor("dc.jones", Casework.Roles.Supervisor), new Casework.Outcome.Charged());
                }
                """)
        {
            CodeActionEquivalenceKey = "Act in a role that may perform the action:Supervisor",
            CodeActionIndex = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task No_fix_is_offered_where_an_attribute_declares_the_role() => Verify.NoCodeFixAsync<WrongRoleAnalyzer, WrongRoleFixer>("""
        [Casework.ActsAsSOIT]
        public sealed class VictimLiaison
        {
            public ActionResult Close(Casework workflow, Actor actor) => {|POL1005:workflow.Close(actor, new Casework.Outcome.Charged())|};
        }
        """);
}
