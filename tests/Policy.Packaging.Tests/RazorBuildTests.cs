namespace Policy.Packaging.Tests;

/// <summary>
/// A Razor class library that references the packed package, built with the real SDK and its Razor source generator:
/// code in a component's <c>@code</c> block, in markup, and in a Razor page's <c>@functions</c> block is held to the
/// Policy rules, and each warning is printed at the <c>.razor</c> or <c>.cshtml</c> line.
/// </summary>
public class RazorBuildTests : IClassFixture<PackageFixture>
{
    private const string CasePolicy = """
        policy Casework "Casework" {
          version "1"
          source SOP "The procedure"
          role Officer "Officer"
          role Supervisor "Supervisor"
          state Open initial
          state Closed final
          action Note "Note the case" by Officer in Open {
            record note: text
          }
          action Close "Close the case" by Supervisor from Open to Closed
          deadline Noted "Noted within 1 day" {
            starts on entering Open
            Officer must Note within 1 day
            cite SOP "1"
          }
        }
        """;

    private const string Component = """
        @using Policy.Runtime.Workflows
        <h1>Case</h1>
        <p>@(DateTimeOffset.UtcNow > _case.OpenDeadlines[0].DueAt ? "Overdue" : "On time")</p>
        <button @onclick="Save">Save</button>

        @code {
            private readonly Casework _case = new();

            private void Save()
            {
                _case.Note(new Actor("pc-1", Casework.Roles.Officer), "Seen");
            }
        }
        """;

    private const string Page = """
        @page
        @using Policy.Runtime.Workflows
        @functions {
            public void OnPost(Casework workflow)
            {
                workflow.Close(new Actor("pc-1", Casework.Roles.Officer));
            }
        }
        <p>Closing</p>
        """;

    private readonly PackageFixture _package;

    public RazorBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_razor_library_gets_the_policy_warnings_at_its_razor_and_cshtml_lines()
    {
        var folder = Path.Combine(_package.Root, "RazorConsumer");
        Directory.CreateDirectory(Path.Combine(folder, "Policies"));
        Directory.CreateDirectory(Path.Combine(folder, "Pages"));
        File.WriteAllText(Path.Combine(folder, "RazorConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Razor">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <AddRazorSupportForMvc>true</AddRazorSupportForMvc>
                <RootNamespace>Force.CaseScreens</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <PackageReference Include="Policy" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        _package.WriteNuGetConfig(folder);
        File.WriteAllText(Path.Combine(folder, "Policies", "casework.policy"), CasePolicy);
        File.WriteAllText(Path.Combine(folder, "_Imports.razor"), "@using Force.CaseScreens\n");
        File.WriteAllText(Path.Combine(folder, "CaseCard.razor"), Component);
        File.WriteAllText(Path.Combine(folder, "Pages", "_ViewImports.cshtml"), "@using Force.CaseScreens\n");
        File.WriteAllText(Path.Combine(folder, "Pages", "Close.cshtml"), Page);

        var (code, output) = ProcessRunner.Run(folder, "dotnet", "build", TimeSpan.FromMinutes(6));

        Assert.True(code == 0, "Policy warnings must not fail the build:\n" + output);
        Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);
        string[] expected =
        [
            "CaseCard.razor(3,6): warning POL1003",   // DateTimeOffset.UtcNow against a due time, in the markup
            "CaseCard.razor(11,9): warning POL1001",  // the result of Note ignored in @code
            "Close.cshtml(6,9): warning POL1001",     // the result of Close ignored in @functions
            "Close.cshtml(6,9): warning POL1005",     // Close is the Supervisor's, the actor an Officer
        ];
        Assert.All(expected, line => Assert.True(output.Contains(line, StringComparison.Ordinal), $"Expected '{line}' in:\n{output}"));
        // Each warning links to its help page inside the package on this machine.
        var links = System.Text.RegularExpressions.Regex.Matches(output, @"\((file:///[^)\s]+/docs/diagnostics/(POL1\d{3})\.md)\)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, link => Assert.True(File.Exists(new Uri(link).LocalPath), $"{link} is not a page in the package."));
        // Note is called, in the component only: its deadline is met somewhere, so POL1007 says nothing of it.
        Assert.DoesNotContain("warning POL1007", output, StringComparison.Ordinal);
    }
}
