using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Policy.Packaging.Tests;

/// <summary>The dotnet new template, installed from the packed package and used on a clean folder as a developer would.</summary>
public partial class PackageTests
{
    [Fact]
    public void The_policy_app_template_installs_from_its_package_and_makes_an_application_whose_tests_pass()
    {
        // The package holds the template with this build's version of Policy written into the application's project.
        using (var zip = ZipFile.OpenRead(_package.TemplatePackagePath))
        {
            var project = zip.GetEntry("content/policy-app/PolicyApp/PolicyApp.csproj");
            Assert.NotNull(project);
            using var reader = new StreamReader(project.Open());
            Assert.Contains($"<PackageReference Include=\"Policy\" Version=\"{_package.Version}\" />", reader.ReadToEnd(), StringComparison.Ordinal);
            Assert.Contains("content/policy-app/.template.config/template.json", zip.Entries.Select(e => e.FullName));
        }

        // A hive of its own, so the machine's installed templates are neither used nor changed.
        var hive = Path.Combine(_package.Root, "template-hive");
        var (code, output) = ProcessRunner.Run(_package.Root, "dotnet", $"new install \"{_package.TemplatePackagePath}\" --debug:custom-hive \"{hive}\"", TimeSpan.FromMinutes(2));
        Assert.True(code == 0, "dotnet new install failed:\n" + output);
        Assert.Contains("policy-app", output, StringComparison.Ordinal);

        var workspace = Path.Combine(_package.Root, "template-workspace");
        Directory.CreateDirectory(workspace);
        (code, output) = ProcessRunner.Run(workspace, "dotnet", $"new policy-app -n Force.CaseReview --debug:custom-hive \"{hive}\"", TimeSpan.FromMinutes(2));
        Assert.True(code == 0, "dotnet new policy-app failed:\n" + output);

        var solution = Path.Combine(workspace, "Force.CaseReview");
        Assert.True(File.Exists(Path.Combine(solution, "Force.CaseReview", "Force.CaseReview.csproj")), "The application project was not made:\n" + output);
        Assert.True(File.Exists(Path.Combine(solution, "Force.CaseReview.Tests", "Force.CaseReview.Tests.csproj")), "The test project was not made:\n" + output);
        Assert.True(File.Exists(Path.Combine(solution, "Force.CaseReview", "Policies", "case-review.policy")));

        // Policy comes from this run's feed; the test packages from the machine's usual sources.
        _package.WriteNuGetConfig(solution);
        (code, output) = ProcessRunner.Run(solution, "dotnet", "build -warnaserror", TimeSpan.FromMinutes(6));
        Assert.True(code == 0, "The new application does not build without warnings:\n" + output);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);

        (code, output) = ProcessRunner.Run(solution, "dotnet", "test --no-build", TimeSpan.FromMinutes(6));
        Assert.True(code == 0, "The new application's tests fail:\n" + output);
        var passed = Regex.Match(output, @"Passed:\s+(\d+)");
        Assert.True(passed.Success && int.Parse(passed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, "The template's tests did not run:\n" + output);
        Assert.DoesNotMatch(@"Failed:\s+[1-9]", output);
    }
}
