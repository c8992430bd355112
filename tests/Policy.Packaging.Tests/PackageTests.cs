using System.IO.Compression;

namespace Policy.Packaging.Tests;

public class PackageTests : IClassFixture<PackageFixture>
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
}
