using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.CodeFixes.Rules;

namespace Policy.Analyzers.Tests.Rules;

public sealed class NonExhaustiveSwitchTests
{
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
    public Task Leaves_switch_expressions_to_the_compiler_whose_CS8509_already_says_so() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>("""
        public static class Board
        {
            public static int Score(Casework.Rag rag) => rag switch
            {
                Casework.Rag.Red => 3,
                Casework.Rag.Amber => 2,
            };

            public static string Outcome(Casework.Outcome outcome) => outcome switch
            {
                Casework.Outcome.NoFurtherAction { Reason: "" } => "unexplained",
                Casework.Outcome.Charged => "charged",
            };
        }
        """);

    [Fact]
    public Task Does_not_count_guarded_cases() => Verify.AnalyzerAsync<NonExhaustiveSwitchAnalyzer>("""
        public static class Board
        {
            public static string Describe(Casework workflow, bool urgent)
            {
                {|POL1002:switch|} (workflow.State)
                {
                    case CaseworkState.New or CaseworkState.Active:
                        return "open";
                    case CaseworkState.Review when urgent:
                        return "urgent review";
                    case CaseworkState.Closed:
                        return "closed";
                }

                return "";
            }
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
                        // TODO: Review: say what happens here.
                        break;
                    case CaseworkState.Closed:
                        // TODO: Closed (Closed. Final: the case is over.): say what happens here.
                        break;
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
        """
        public static class Board
        {
            public static void Record(Casework.Outcome outcome)
            {
                switch (outcome)
                {
                    case Casework.Outcome.NoFurtherAction nfa:
                        break;
                    case Casework.Outcome.Charged:
                        // TODO: Charged: say what happens here.
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task Adds_the_missing_arms_for_the_compilers_CS8509_on_every_switch_expression_in_the_document_at_once()
    {
        var test = new PolicyCodeFixTest<NonExhaustiveSwitchAnalyzer, NonExhaustiveSwitchFixer>(
            PolicyTestSetup.Usings + """
            public static class Board
            {
                public static int Score(Casework workflow, Casework.Rag rag) => workflow.State {|CS8509:switch|}
                {
                    CaseworkState.New => rag {|CS8509:switch|}
                    {
                        Casework.Rag.Red => 3,
                    },
                    CaseworkState.Closed => 0,
                };

                public static int Other(Casework.Rag rag) => rag {|CS8509:switch|} { Casework.Rag.Amber => 2 };
            }
            """,
            PolicyTestSetup.Usings + """
            public static class Board
            {
                public static int Score(Casework workflow, Casework.Rag rag) => workflow.State switch
                {
                    CaseworkState.New => rag switch
                    {
                        Casework.Rag.Red => 3,
                        Casework.Rag.Amber => default!, // TODO: Amber: say what happens here.
                        Casework.Rag.Green => default!, // TODO: Green: say what happens here.
                    },
                    CaseworkState.Closed => 0,
                    CaseworkState.Active => default!, // TODO: Active: say what happens here.
                    CaseworkState.Review => default!, // TODO: Review: say what happens here.
                };

                public static int Other(Casework.Rag rag) => rag switch { Casework.Rag.Amber => 2, /* TODO: Red: say what happens here. */ Casework.Rag.Red => default!, /* TODO: Green: say what happens here. */ Casework.Rag.Green => default!, };
            }
            """);
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // Every named option handled, but not the unnamed values an enum can hold: the compiler's CS8524, not ours.
        test.DisabledDiagnostics.AddRange(["CS8524", "CS1591"]);
        return test.RunAsync();
    }
}
