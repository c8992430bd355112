using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

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

    [Fact]
    public Task Flags_case_results_dropped_awaited_or_not() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static async Task Close(CaseService cases, Actor actor)
            {
                {|POL1001:await cases.ExecuteAsync<Casework>("case-1", w => w.Close(actor, new Casework.Outcome.Charged()))|};
                {|POL1001:await cases.PerformAsync("case-1", actor, "Close").ConfigureAwait(false)|};
                {|POL1001:await Submit(cases, actor)|};
                {|POL1001:cases.RaiseSignalAsync("case-1", "Absent")|};
            }

            public static void Forget(CaseService cases, Actor actor) => {|POL1001:cases.PerformAsync("case-1", actor, "Close")|};

            private static ValueTask<CaseResult> Submit(CaseService cases, Actor actor) =>
                new(cases.PerformAsync("case-1", actor, "SubmitForReview"));
        }
        """);

    [Fact]
    public Task Flags_results_kept_in_locals_that_nothing_reads() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static async Task Close(Casework workflow, CaseService cases, Actor actor)
            {
                var {|POL1001:submitted = workflow.SubmitForReview(actor)|};
                CaseResult {|POL1001:closed = await cases.PerformAsync("case-1", actor, "Close")|};
                ActionResult later;
                {|POL1001:later = workflow.Update(actor, "note")|};
            }
        }
        """);

    [Fact]
    public Task Leaves_case_results_that_are_checked_returned_or_passed_on_alone() => Verify.AnalyzerAsync<IgnoredResultAnalyzer>("""
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static async Task<bool> Close(CaseService cases, Actor actor)
            {
                var result = await cases.PerformAsync("case-1", actor, "Close");
                if (!result.IsAccepted)
                {
                    return false;
                }

                var pending = cases.PerformAsync("case-1", actor, "Update");
                Show(await pending);
                Show(await cases.PerformAsync("case-1", actor, "Supervise"));
                _ = await cases.PerformAsync("case-1", actor, "InformVictim");
                await cases.SaveAsync(new Casework());
                CaseResult last;
                last = await cases.PerformAsync("case-1", actor, "SubmitForReview");
                Func<bool> later = () => last.IsAccepted;
                return later();
            }

            public static Task<CaseResult> Submit(CaseService cases, Actor actor) => cases.PerformAsync("case-1", actor, "SubmitForReview");

            public static async Task<CaseResult> SubmitAsync(CaseService cases, Actor actor) => await cases.PerformAsync("case-1", actor, "SubmitForReview");

            private static void Show(CaseResult result) => Console.WriteLine(result);
        }
        """);

    [Fact]
    public Task Checks_each_dropped_result_in_a_block_naming_them_apart() => Verify.CodeFixAsync<IgnoredResultAnalyzer, IgnoredResultFixer>(
        """
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static async Task Close(Casework workflow, CaseService cases, Actor actor)
            {
                var result = 1;
                {|POL1001:workflow.SubmitForReview(actor)|};
                {|POL1001:await cases.PerformAsync("case-1", actor, "Close")|};
                Console.WriteLine(result);
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Policy.Runtime.Cases;

        public static class Desk
        {
            public static async Task Close(Casework workflow, CaseService cases, Actor actor)
            {
                var result = 1;
                var result2 = workflow.SubmitForReview(actor);
                if (!result2.IsAccepted)
                {
                    // TODO: the policy refused this; result2.Refusal says why, in the policy's words, for the officer.
                }
                var result3 = await cases.PerformAsync("case-1", actor, "Close");
                if (!result3.IsAccepted)
                {
                    // TODO: the policy refused this; result3.Refusal says why, in the policy's words, for the officer.
                }
                Console.WriteLine(result);
            }
        }
        """);

    [Fact]
    public Task Offers_no_fix_where_the_result_may_be_null_or_is_not_in_a_block() => Verify.NoCodeFixAsync<IgnoredResultAnalyzer, IgnoredResultFixer>("""
        public static class Desk
        {
            public static void Submit(Casework? maybe, Actor actor)
            {
                {|POL1001:maybe?.SubmitForReview(actor)|};
            }

            public static void Run(Casework workflow, Actor actor) => {|POL1001:workflow.SubmitForReview(actor)|};

            public static async System.Threading.Tasks.Task<bool> Stored(Policy.Runtime.Cases.CaseService cases, Actor actor)
            {
                var closed = await cases.ExecuteAsync<Casework>("case-1", w =>
                {
                    var {|POL1001:unread = w.Update(actor, "note")|};
                    return w.SubmitForReview(actor);
                });
                return closed.IsAccepted;
            }
        }
        """);
}
