using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

public sealed class IgnoredResultTests
{
    [Fact]
    public Task Flags_an_action_whose_result_is_dropped() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        public static class Desk
        {
            public static void Submit(Casework workflow, Actor actor, Casework? maybe)
            {
                {|POL1001:workflow.SubmitForReview(actor)|};
                {|POL1001:maybe?.SubmitForReview(actor)|};
                {|POL1001:workflow.OverrideReviewInterval(actor, new Policy.Definitions.Duration(7, Policy.Definitions.DurationUnit.Days))|};
            }
        }
        """);

    [Fact]
    public Task Flags_any_method_returning_an_action_result() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        public static class Desk
        {
            private static ActionResult Submit(Casework workflow, Actor actor) => workflow.SubmitForReview(actor);

            public static void Run(Casework workflow, Actor actor) => {|POL1001:Submit(workflow, actor)|};
        }
        """);

    [Fact]
    public Task Leaves_used_and_deliberately_discarded_results_alone() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        public static class Desk
        {
            public static bool Submit(Casework workflow, Actor actor)
            {
                _ = workflow.InformVictim(actor, null);
                var result = workflow.SubmitForReview(actor);
                workflow.CanClose(actor);
                if (workflow.Update(actor, "note").IsRefused)
                {
                    return false;
                }

                return result.IsAccepted;
            }
        }
        """);
}
