using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

public sealed class ImpossibleActionTests
{
    [Fact]
    public Task Flags_an_action_inside_a_check_of_a_state_it_is_not_allowed_in() => Verify.AnalyzerAsync<ImpossibleActionAnalyzer>(
        """
        public static class Flow
        {
            public static ActionResult Next(Casework workflow, Actor actor)
            {
                if (workflow.State == CaseworkState.New)
                {
                    return {|#0:workflow.SubmitForReview(actor)|};
                }

                return default;
            }
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.ImpossibleAction).WithLocation(0).WithArguments("SubmitForReview", "in New", "Casework", "in Active"));

    [Fact]
    public Task Understands_patterns_conjunctions_switches_and_every_kind_of_receiver() => Verify.AnalyzerAsync<ImpossibleActionAnalyzer>("""
        public sealed class Flow
        {
            private readonly Casework _field = new();

            private Casework Property { get; } = new();

            public ActionResult Next(Casework workflow, Actor actor, bool urgent)
            {
                if (urgent && workflow.State is CaseworkState.Closed or CaseworkState.New)
                {
                    return {|POL1006:workflow.Update(actor, "x")|};
                }

                if (_field.State == CaseworkState.Closed)
                {
                    _ = {|POL1006:_field.InformVictim(actor, null)|};
                }

                if (CaseworkState.Review == Property.State)
                {
                    _ = {|POL1006:Property.Supervise(actor, "x")|};
                }

                switch (workflow.State)
                {
                    case CaseworkState.Review:
                    case CaseworkState.Closed:
                        return {|POL1006:workflow.SubmitForReview(actor)|};
                    case CaseworkState.New:
                        return workflow.State == CaseworkState.New && {|POL1006:workflow.Close(actor, new Casework.Outcome.Charged())|}.IsAccepted ? default : default;
                }

                var local = workflow;
                return local.State switch
                {
                    CaseworkState.Active => local.SubmitForReview(actor),
                    CaseworkState.New => {|POL1006:local.Close(actor, new Casework.Outcome.Charged())|},
                    _ => default,
                };
            }
        }
        """);

    [Fact]
    public Task Flags_calls_on_this_inside_the_workflow_class() => Verify.AnalyzerAsync<ImpossibleActionAnalyzer>("""
        namespace Policies
        {
            public sealed partial class Casework
            {
                public ActionResult CloseIfNew(Actor actor) =>
                    State == CaseworkState.New ? {|POL1006:Close(actor, new Outcome.Charged())|} : default;
            }
        }
        """);

    [Fact]
    public Task Forgets_the_state_once_something_may_have_changed_it() => Verify.AnalyzerAsync<ImpossibleActionAnalyzer>("""
        public static class Flow
        {
            public static void Run(Casework workflow, Casework other, Actor actor, Action<Casework> process)
            {
                if (workflow.State == CaseworkState.New)
                {
                    _ = workflow.Allocate(actor, "oic", "soit", Casework.Rag.Red);
                    _ = workflow.Update(actor, "allowed once allocated");
                }

                if (workflow.State == CaseworkState.New)
                {
                    process(workflow);
                    _ = workflow.SubmitForReview(actor);
                }

                if (workflow.State == CaseworkState.Active)
                {
                    for (var i = 0; i < 2; i++)
                    {
                        _ = workflow.Close(actor, new Casework.Outcome.Charged());
                        _ = workflow.SubmitForReview(actor);
                    }
                }

                if (workflow.State == CaseworkState.New && workflow.Allocate(actor, "oic", "soit", Casework.Rag.Red).IsAccepted)
                {
                    _ = workflow.Update(actor, "allocated in the condition");
                }

                if (workflow.State == CaseworkState.New)
                {
                    _ = other.Update(actor, "another case");
                    Func<ActionResult> later = () => workflow.Update(actor, "runs later");
                }

                if (workflow.State != CaseworkState.Active || workflow.State == CaseworkState.New)
                {
                    _ = workflow.Update(actor, "not established");
                }
                else
                {
                    _ = workflow.Update(actor, "else branch");
                }

                if (workflow.State == CaseworkState.Active)
                {
                    _ = workflow.Update(actor, "allowed");
                    _ = workflow.CanClose(actor);
                }
            }
        }
        """);
}
