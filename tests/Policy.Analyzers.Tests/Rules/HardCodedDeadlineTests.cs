using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

namespace Policy.Analyzers.Tests.Rules;

public sealed class HardCodedDeadlineTests
{
    [Fact]
    public Task Flags_a_fixed_deadline_written_as_a_number_and_says_what_to_use() => Verify.AnalyzerAsync<HardCodedDeadlineAnalyzer>(
        """
        public static class Planner
        {
            public static DateTimeOffset VictimDue(Casework workflow) => workflow.OpenDeadlines[0].DueAt + {|#0:TimeSpan.FromDays(28)|};
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.HardCodedDeadline).WithLocation(0)
            .WithArguments("the deadline VictimUpdate", "Casework", "28 days", "Casework.Durations.VictimUpdateWithinTimeSpan"));

    [Fact]
    public Task Flags_a_duration_setting_default_without_offering_a_fix() => Verify.NoCodeFixAsync<HardCodedDeadlineAnalyzer, HardCodedDeadlineFixer>("""
        public static class Planner
        {
            public static System.Threading.Tasks.Task Wait(Casework workflow) => System.Threading.Tasks.Task.Delay(workflow.IsClosed ? TimeSpan.Zero : {|POL1004:TimeSpan.FromDays(14)|});
        }
        """);

    [Fact]
    public Task Leaves_other_numbers_and_code_without_workflows_alone() => Verify.AnalyzerAsync<HardCodedDeadlineAnalyzer>("""
        public static class Planner
        {
            public static TimeSpan Month() => TimeSpan.FromDays(28);

            public static TimeSpan Other(Casework workflow) => workflow.IsClosed ? TimeSpan.FromDays(27) : TimeSpan.FromHours(17);

            public static TimeSpan Computed(Casework workflow, int days) => workflow.IsClosed ? TimeSpan.FromDays(days) : Casework.Durations.VictimUpdateWithinTimeSpan;
        }
        """);

    [Fact]
    public Task Flags_a_duration_that_reaches_the_policy_or_a_schedule_through_a_local_or_arithmetic() => Verify.AnalyzerAsync<HardCodedDeadlineAnalyzer>("""
        public static class Planner
        {
            public static DateTimeOffset Due(Casework workflow)
            {
                var grace = {|POL1004:TimeSpan.FromDays(28)|};
                return workflow.OpenDeadlines[0].DueAt.Add(grace);
            }

            public static bool Late(Casework workflow, TimeProvider clock) => clock.GetUtcNow() - {|POL1004:TimeSpan.FromHours(18)|} > workflow.OpenDeadlines[0].DueAt;

            public static System.Threading.ITimer Remind(Casework workflow, TimeProvider clock, System.Threading.TimerCallback remind) =>
                clock.CreateTimer(remind, workflow, {|POL1004:TimeSpan.FromHours(18)|}, System.Threading.Timeout.InfiniteTimeSpan);
        }
        """);

    [Fact]
    public Task Leaves_an_equal_duration_used_for_something_else_alone() => Verify.AnalyzerAsync<HardCodedDeadlineAnalyzer>("""
        public sealed class CaseCache
        {
            private readonly System.Collections.Generic.Dictionary<string, (Casework Case, DateTimeOffset Until)> _cases = new();

            public void Keep(string id, Casework workflow, TimeProvider clock) =>
                _cases[id] = (workflow, clock.GetUtcNow() + TimeSpan.FromDays(14));

            public TimeSpan Lifetime(Casework workflow) => workflow.IsClosed ? TimeSpan.FromDays(28) : TimeSpan.FromHours(18);

            public static void Set(string key, object value, TimeSpan lifetime)
            {
            }

            public void Store(Casework workflow) => Set("case", workflow, TimeSpan.FromDays(14));
        }
        """);

    [Fact]
    public Task Does_not_count_a_role_attribute_as_using_the_workflow() => Verify.AnalyzerAsync<HardCodedDeadlineAnalyzer>("""
        public static class Desk
        {
            [Casework.ActsAsSOIT]
            public static TimeSpan Month() => TimeSpan.FromDays(28);
        }
        """);

    [Fact]
    public Task Replaces_each_spelling_of_a_deadline_with_the_generated_constant() => Verify.CodeFixAsync<HardCodedDeadlineAnalyzer, HardCodedDeadlineFixer>(
        """
        public static class Planner
        {
            public static bool[] Late(Casework workflow, DateTimeOffset now) =>
            [
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:TimeSpan.FromDays(28)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:TimeSpan.FromDays(4 * 7)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:TimeSpan.FromHours(18)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:TimeSpan.FromMinutes(1080)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:TimeSpan.FromHours(17.5 + 0.5)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:new TimeSpan(18, 0, 0)|},
                now - workflow.OpenDeadlines[0].DueAt > {|POL1004:new TimeSpan(28, 0, 0, 0)|},
            ];
        }
        """,
        """
        public static class Planner
        {
            public static bool[] Late(Casework workflow, DateTimeOffset now) =>
            [
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.VictimUpdateWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.VictimUpdateWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.ReviewDueWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.ReviewDueWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.ReviewDueWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.ReviewDueWithinTimeSpan,
                now - workflow.OpenDeadlines[0].DueAt > Casework.Durations.VictimUpdateWithinTimeSpan,
            ];
        }
        """);

    [Fact]
    public Task Writes_the_constant_in_full_where_the_namespace_is_not_imported() => new PolicyCodeFixTest<HardCodedDeadlineAnalyzer, HardCodedDeadlineFixer>(
        """
        public static class Planner
        {
            public static System.Threading.Tasks.Task Due(Policies.Casework workflow) => System.Threading.Tasks.Task.Delay(workflow.IsClosed ? default : {|POL1004:System.TimeSpan.FromHours(18)|});
        }
        """,
        """
        public static class Planner
        {
            public static System.Threading.Tasks.Task Due(Policies.Casework workflow) => System.Threading.Tasks.Task.Delay(workflow.IsClosed ? default : Policies.Casework.Durations.ReviewDueWithinTimeSpan);
        }
        """).RunAsync();
}
