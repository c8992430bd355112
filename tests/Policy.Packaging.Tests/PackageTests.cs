using System.IO.Compression;

namespace Policy.Packaging.Tests;

public partial class PackageTests : IClassFixture<PackageFixture>
{
    private const string CasePolicy = """
        policy CaseReview "Case review" {
          version "1"
          source SOP "Case review procedure"
          role Officer "Investigating officer"
          state Open initial
          state Closed final
          action Close "Close the case" by Officer from Open to Closed {
            record reason: text
            cite SOP "4.1"
          }
        }
        """;

    private const string Program = """
        using Force.CaseManagement;
        using Policy.Runtime.Workflows;

        var workflow = new CaseReview();
        workflow.OpenCase("case-1");
        var officer = new Actor("pc-101", CaseReview.Roles.Officer);
        var refused = workflow.Close(new Actor("clerk-7"), "no role");
        Console.WriteLine($"refused: {refused.Refusal?.Kind}");
        var result = workflow.Close(officer, "Enquiries complete");
        Console.WriteLine($"accepted: {result.IsAccepted}");
        Console.WriteLine($"state: {workflow.State}");
        """;

    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void The_package_has_the_runtime_the_generator_and_the_build_files_in_their_places()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("lib/net8.0/Policy.Runtime.dll", entries);
        Assert.Contains("lib/net8.0/Policy.Language.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Policy.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Policy.Language.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Scriban.Signed.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/System.Text.Json.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Policy.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Policy.CodeFixes.dll", entries);
        Assert.Contains("buildTransitive/Policy.props", entries);
        Assert.Contains("buildTransitive/Policy.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/dotnet/cs/Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void A_consumer_outside_the_repository_builds_and_drives_a_case_through_a_transition()
    {
        var folder = _package.CreateConsumer("GoodConsumer", "case-review.policy", CasePolicy, Program);
        var (code, output) = ProcessRunner.Run(folder, "dotnet", "run", TimeSpan.FromMinutes(6));
        Assert.True(code == 0, "The consumer failed:\n" + output);
        Assert.Contains("refused: Role", output, StringComparison.Ordinal);
        Assert.Contains("accepted: True", output, StringComparison.Ordinal);
        Assert.Contains("state: Closed", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A condition of 100,000 terms is a long chain, not a deep one: the compiler, the generator inside csc, the C#
    /// compiler on the generated description and the runtime's condition compiler all walk it without recursing on
    /// its length. Before the chain became one node, 18,000 terms killed csc with a stack overflow.
    /// </summary>
    [Fact]
    public void A_condition_of_100000_terms_builds_in_a_real_build_and_runs()
    {
        const int Terms = 100_000;
        var chain = string.Join(" and ", Enumerable.Repeat("ok", Terms));
        var policy = CasePolicy.Replace(
            "record reason: text\n",
            $"record reason: text\n    record ok: yes/no\n    require {chain} \"Confirm it.\"\n");
        Assert.Contains(chain, policy, StringComparison.Ordinal);
        var program = """
            using Force.CaseManagement;
            using Policy.Runtime.Workflows;

            var workflow = new CaseReview();
            workflow.OpenCase("case-1");
            var officer = new Actor("pc-101", CaseReview.Roles.Officer);
            Console.WriteLine($"unconfirmed: {workflow.Close(officer, "done", false).Refusal?.Kind}");
            Console.WriteLine($"confirmed: {workflow.Close(officer, "done", true).IsAccepted}");
            """;
        var folder = _package.CreateConsumer("LongChainConsumer", "case-review.policy", policy, program);
        var (code, output) = ProcessRunner.Run(folder, "dotnet", "run", TimeSpan.FromMinutes(8));
        Assert.True(code == 0, "The consumer failed:\n" + output[..Math.Min(output.Length, 20_000)]);
        Assert.Contains("unconfirmed: Precondition", output, StringComparison.Ordinal);
        Assert.Contains("confirmed: True", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_with_a_broken_policy_fails_to_build_at_the_policys_line_and_column()
    {
        var broken = CasePolicy.Replace("from Open to Closed", "from Opened to Closed");
        var folder = _package.CreateConsumer("BrokenConsumer", "case-review.policy", broken, "Console.WriteLine(\"unreachable\");");
        var (code, output) = ProcessRunner.Run(folder, "dotnet", "build", TimeSpan.FromMinutes(6));
        Assert.NotEqual(0, code);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("Opened", StringComparison.Ordinal)) + 1;
        var column = broken.Split('\n')[line - 1].IndexOf("Opened", StringComparison.Ordinal) + 1;
        Assert.Contains($"case-review.policy({line},{column}", output, StringComparison.Ordinal);
        Assert.Contains("error POL0010: There is no state named 'Opened'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
    }

    private const string CompliancePolicy = """
        policy Casework "Casework" {
          version "1"
          calendar england-and-wales
          source SOP "Casework SOP"
          role Supervisor "Supervisor"
          role OIC "Officer in charge" assigned
          role SOIT "Specially trained officer" assigned
          state New initial
          state Active
          state Review
          state Closed final
          action Allocate by Supervisor from New to Active {
            record oic: officer, soit: officer
            assign OIC = oic, SOIT = soit
          }
          action Update by OIC, SOIT in Active { record note: text }
          action InformVictim by SOIT in Active, Review { record note: text optional }
          action SubmitForReview by OIC from Active to Review
          action Close by OIC, Supervisor from Review to Closed
          deadline VictimUpdate "The victim is told" {
            starts when Allocate
            SOIT must InformVictim within 28 days
            cite SOP "3.1"
          }
          deadline FirstUpdate "The OIC records an update" {
            starts when Allocate
            OIC must Update within 1 working day
            cite SOP "3.3"
          }
        }
        """;

    /// <summary>
    /// Application code that breaks each compliance rule once. <c>⟦POL1001:</c>…<c>⟧</c> marks where each warning must
    /// start; the markers are removed before the code is written.
    /// </summary>
    private const string NonCompliantProgram = """
        using Force.CaseManagement;
        using Policy.Runtime.Workflows;

        public static class Desk
        {
            public static void Main()
            {
                var workflow = ⟦POL1007:new Casework()⟧;
                var actor = new Actor("pc-1", Casework.Roles.OIC);
                ⟦POL1001:workflow.SubmitForReview(actor)⟧;
                Console.WriteLine(Describe(workflow) + Stamp(workflow, actor) + Due(workflow));
                Next(workflow, actor);
            }

            private static string Describe(Casework workflow)
            {
                ⟦POL1002:switch⟧ (workflow.State)
                {
                    case CaseworkState.New:
                        return "new";
                    case CaseworkState.Active:
                        return "active";
                }

                return "";
            }

            private static bool Stamp(Casework workflow, Actor actor) =>
                workflow.Update(actor, ⟦POL1003:DateTime.UtcNow⟧.ToString("O")).IsAccepted;

            private static DateTimeOffset Due(Casework workflow) => workflow.OpenDeadlines[0].DueAt + ⟦POL1004:TimeSpan.FromDays(28)⟧;

            private static void Next(Casework workflow, Actor actor)
            {
                if (workflow.State == CaseworkState.New)
                {
                    _ = ⟦POL1006:workflow.SubmitForReview(actor)⟧;
                }
            }
        }

        [Casework.ActsAsSOIT]
        public sealed class VictimLiaison
        {
            public ActionResult Close(Casework workflow, Actor actor) => ⟦POL1005:workflow.Close(actor)⟧;
        }
        """;

    [Fact]
    public void A_consumer_sees_each_compliance_rule_in_its_build_output_at_the_code_that_breaks_it()
    {
        var (program, expected) = Unmark(NonCompliantProgram);
        var folder = _package.CreateConsumer("NonCompliantConsumer", "casework.policy", CompliancePolicy, program);
        var (code, output) = ProcessRunner.Run(folder, "dotnet", "build", TimeSpan.FromMinutes(6));

        Assert.True(code == 0, "Compliance warnings must not fail the build by default:\n" + output);
        foreach (var (id, line, column) in expected)
        {
            Assert.True(
                output.Contains($"Program.cs({line},{column}): warning {id}", StringComparison.Ordinal),
                $"Expected {id} at Program.cs({line},{column}); the build printed:\n{output}");
        }

        var reported = System.Text.RegularExpressions.Regex.Matches(output, @"warning (POL1\d{3})").Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(expected.Select(e => e.Id).Order(), reported);
        Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);
    }

    /// <summary>Removes the markers and returns where each one started (1-based line and column).</summary>
    private static (string Text, List<(string Id, int Line, int Column)> Marks) Unmark(string marked)
    {
        var text = new System.Text.StringBuilder();
        var marks = new List<(string Id, int Line, int Column)>();
        int line = 1, column = 1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '⟦')
            {
                var colon = marked.IndexOf(':', i);
                marks.Add((marked[(i + 1)..colon], line, column));
                i = colon;
                continue;
            }

            if (marked[i] == '⟧')
            {
                continue;
            }

            text.Append(marked[i]);
            if (marked[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (text.ToString(), marks);
    }
}
