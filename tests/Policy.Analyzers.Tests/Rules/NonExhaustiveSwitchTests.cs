using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

namespace Policy.Analyzers.Tests.Rules;

public sealed class NonExhaustiveSwitchTests
{
    private const string Throw = "throw new global::System.NotImplementedException()";

    [Fact]
    public Task Flags_a_switch_statement_over_the_states_and_names_what_is_missing() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>(
        """
        public static class Board
        {
            public static string Describe(Casework workflow)
            {
                {|#0:switch|} (workflow.State)
                {
                    case CaseworkState.New:
                        return "new";
                    case CaseworkState.Active:
                        return "active";
                }

                return "";
            }
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.NonExhaustiveSwitch).WithLocation(0).WithArguments("CaseworkState", "Review, Closed"));

    [Fact]
    public Task Flags_switch_expressions_over_choices_with_and_without_data() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>(
        """
        public static class Board
        {
            public static int Score(Casework.Rag rag) => rag {|#0:switch|}
            {
                Casework.Rag.Red => 3,
                Casework.Rag.Amber => 2,
            };

            public static string Outcome(Casework.Outcome outcome) => outcome {|#1:switch|}
            {
                Casework.Outcome.NoFurtherAction { Reason: "" } => "unexplained",
                Casework.Outcome.Charged => "charged",
            };
        }
        """,
        new DiagnosticResult(PolicyDiagnostics.NonExhaustiveSwitch).WithLocation(0).WithArguments("Casework.Rag", "Green"),
        new DiagnosticResult(PolicyDiagnostics.NonExhaustiveSwitch).WithLocation(1).WithArguments("Casework.Outcome", "NoFurtherAction"));

    [Fact]
    public Task Does_not_count_guarded_cases() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>("""
        public static class Board
        {
            public static string Describe(Casework workflow, bool urgent) => workflow.State {|POL1002:switch|}
            {
                CaseworkState.New or CaseworkState.Active => "open",
                CaseworkState.Review when urgent => "urgent review",
                CaseworkState.Closed => "closed",
            };
        }
        """);

    [Fact]
    public Task Leaves_complete_and_defaulted_switches_alone() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>("""
        public static class Board
        {
            public static string Describe(Casework workflow)
            {
                switch (workflow.State)
                {
                    case CaseworkState.New:
                        return "new";
                    default:
                        return "later";
                }
            }

            public static string All(CaseworkState state) => state switch
            {
                CaseworkState.New or CaseworkState.Active => "open",
                < CaseworkState.Closed => "review",
                CaseworkState.Closed => "closed",
            };

            public static string Outcome(Casework.Outcome outcome) => outcome switch
            {
                Casework.Outcome.Charged => "charged",
                Casework.Outcome.NoFurtherAction { Reason: var reason } => reason,
            };

            public static int Red(Casework.Rag rag) => rag switch
            {
                Casework.Rag.Red => 1,
                _ => 0,
            };

            public static int Other(DayOfWeek day) => day switch
            {
                DayOfWeek.Monday => 1,
            };

            public static void Statement(Casework.Outcome outcome)
            {
                switch (outcome)
                {
                    case Casework.Outcome.Charged:
                        break;
                    case var other:
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task Adds_the_missing_cases_to_a_switch_statement() => Verify.CodeFixAsync<NonExhaustiveSwitchAnalyzer, NonExhaustiveSwitchFixer>(
        """
        public static class Board
        {
            public static string Describe(Casework workflow)
            {
                {|POL1002:switch|} (workflow.State)
                {
                    case CaseworkState.New:
                        return "new";
                    case CaseworkState.Active:
                        return "active";
                }

                return "";
            }
        }
        """,
        $$"""
        public static class Board
        {
            public static string Describe(Casework workflow)
            {
                switch (workflow.State)
                {
                    case CaseworkState.New:
                        return "new";
                    case CaseworkState.Active:
                        return "active";
                    case CaseworkState.Review:
                        {{Throw}};
                    case CaseworkState.Closed:
                        {{Throw}};
                }

                return "";
            }
        }
        """);

    [Fact]
    public Task Adds_type_patterns_for_the_options_of_a_choice_with_data() => Verify.CodeFixAsync<NonExhaustiveSwitchAnalyzer, NonExhaustiveSwitchFixer>(
        """
        public static class Board
        {
            public static string Outcome(Casework.Outcome outcome) => outcome {|POL1002:switch|}
            {
                Casework.Outcome.Charged => "charged"
            };

            public static void Record(Casework.Outcome outcome)
            {
                {|POL1002:switch|} (outcome)
                {
                    case Casework.Outcome.NoFurtherAction nfa:
                        break;
                }
            }
        }
        """,
        $$"""
        public static class Board
        {
            public static string Outcome(Casework.Outcome outcome) => outcome switch
            {
                Casework.Outcome.Charged => "charged",
                Casework.Outcome.NoFurtherAction => {{Throw}},
            };

            public static void Record(Casework.Outcome outcome)
            {
                switch (outcome)
                {
                    case Casework.Outcome.NoFurtherAction nfa:
                        break;
                    case Casework.Outcome.Charged:
                        {{Throw}};
                }
            }
        }
        """);

    [Fact]
    public Task Fixes_every_switch_in_the_document_at_once_including_nested_ones() => Verify.CodeFixAsync<NonExhaustiveSwitchAnalyzer, NonExhaustiveSwitchFixer>(
        """
        public static class Board
        {
            public static int Score(Casework workflow, Casework.Rag rag) => workflow.State {|POL1002:switch|}
            {
                CaseworkState.New => rag {|POL1002:switch|}
                {
                    Casework.Rag.Red => 3,
                },
                CaseworkState.Closed => 0,
            };

            public static int Other(Casework.Rag rag) => rag {|POL1002:switch|} { Casework.Rag.Amber => 2 };
        }
        """,
        $$"""
        public static class Board
        {
            public static int Score(Casework workflow, Casework.Rag rag) => workflow.State switch
            {
                CaseworkState.New => rag switch
                {
                    Casework.Rag.Red => 3,
                    Casework.Rag.Amber => {{Throw}},
                    Casework.Rag.Green => {{Throw}},
                },
                CaseworkState.Closed => 0,
                CaseworkState.Active => {{Throw}},
                CaseworkState.Review => {{Throw}},
            };

            public static int Other(Casework.Rag rag) => rag switch { Casework.Rag.Amber => 2, Casework.Rag.Red => {{Throw}}, Casework.Rag.Green => {{Throw}}, };
        }
        """);
}
