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
            public static TimeSpan Interval(Casework workflow) => workflow.IsClosed ? TimeSpan.Zero : {|POL1004:TimeSpan.FromDays(14)|};
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
            public static TimeSpan[] Deadlines(Casework workflow) => workflow.IsClosed ? [] :
            [
                {|POL1004:TimeSpan.FromDays(28)|},
                {|POL1004:TimeSpan.FromDays(4 * 7)|},
                {|POL1004:TimeSpan.FromHours(18)|},
                {|POL1004:TimeSpan.FromMinutes(1080)|},
                {|POL1004:TimeSpan.FromHours(17.5 + 0.5)|},
                {|POL1004:new TimeSpan(18, 0, 0)|},
                {|POL1004:new TimeSpan(28, 0, 0, 0)|},
            ];
        }
        """,
        """
        public static class Planner
        {
            public static TimeSpan[] Deadlines(Casework workflow) => workflow.IsClosed ? [] :
            [
                Casework.Durations.VictimUpdateWithinTimeSpan,
                Casework.Durations.VictimUpdateWithinTimeSpan,
                Casework.Durations.ReviewDueWithinTimeSpan,
                Casework.Durations.ReviewDueWithinTimeSpan,
                Casework.Durations.ReviewDueWithinTimeSpan,
                Casework.Durations.ReviewDueWithinTimeSpan,
                Casework.Durations.VictimUpdateWithinTimeSpan,
            ];
        }
        """);

    [Fact]
    public Task Writes_the_constant_in_full_where_the_namespace_is_not_imported() => new PolicyCodeFixTest<HardCodedDeadlineAnalyzer, HardCodedDeadlineFixer>(
        """
        public static class Planner
        {
            public static System.TimeSpan Due(Policies.Casework workflow) => workflow.IsClosed ? default : {|POL1004:System.TimeSpan.FromHours(18)|};
        }
        """,
        """
        public static class Planner
        {
            public static System.TimeSpan Due(Policies.Casework workflow) => workflow.IsClosed ? default : Policies.Casework.Durations.ReviewDueWithinTimeSpan;
        }
        """).RunAsync();
}
