using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

/// <summary>
/// The rules that skip generated code themselves (every one but POL1007, through <see cref="PolicyRuleAnalyzer"/>): the
/// same code is flagged by each of them in a file of the application and by none of them in a generated file or under
/// <c>[GeneratedCode]</c>.
/// </summary>
public sealed partial class GeneratedCodeTests
{
    private const string BreaksEveryRule = """
        public static class Desk
        {
            [Casework.ActsAsSOIT]
            public static string Run(Casework workflow, Actor actor)
            {
                {|POL1001:workflow.InformVictim(actor, null)|};
                var due = workflow.OpenDeadlines[0].DueAt + {|POL1004:TimeSpan.FromDays(28)|} - {|POL1003:DateTimeOffset.UtcNow|};
                _ = {|POL1005:workflow.Allocate(actor, "oic", "soit", Casework.Rag.Red)|};
                if (workflow.State == CaseworkState.Closed)
                {
                    _ = {|POL1006:workflow.Update(actor, "note")|};
                }

                {|POL1002:switch|} (workflow.State)
                {
                    case CaseworkState.New:
                        return due.ToString();
                }

                return "";
            }
        }
        """;

    [Fact]
    public Task Every_rule_flags_the_code_in_a_file_of_the_application() => RunAsync("Desk.cs", BreaksEveryRule);

    [Fact]
    public Task No_rule_flags_the_same_code_in_a_generated_file() => RunAsync("Desk.g.cs", Markup().Replace(BreaksEveryRule, string.Empty));

    [Fact]
    public Task No_rule_flags_the_same_code_under_a_generated_code_attribute() =>
        RunAsync("Desk.cs", "[System.CodeDom.Compiler.GeneratedCode(\"SomeTool\", \"1.0\")]\n" + Markup().Replace(BreaksEveryRule, string.Empty));

    private static Task RunAsync(string fileName, string source)
    {
        var test = new AllRulesTest();
        test.TestState.Sources.Add((fileName, PolicyTestSetup.Usings + source));
        PolicyTestSetup.Apply(test);

        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [GeneratedRegex(@"\{\|POL[0-9]{4}:|\|\}")]
    private static partial Regex Markup();

    /// <summary>The rules that skip generated code themselves, run together over the test's sources.</summary>
    private sealed class AllRulesTest : CSharpAnalyzerTest<IgnoredResultAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<Type> GetSourceGenerators() => PolicyTestSetup.Generators;

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(
            new IgnoredResultAnalyzer(),
            new NonExhaustiveSwitchAnalyzer(),
            new WallClockAnalyzer(),
            new HardCodedDeadlineAnalyzer(),
            new WrongRoleAnalyzer(),
            new ImpossibleActionAnalyzer());
    }
}
