using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Policy.Packaging.Tests;

/// <summary>
/// The readme inside each package, as NuGet shows it to a consumer: its code blocks, taken from the packed .nupkg,
/// are the files of a fresh project (the policy block its .policy file, the C# blocks in order its Program.cs), which
/// must build without a warning and print what the readme says it prints.
/// </summary>
public partial class PackageTests
{
    [Fact]
    public void The_Policy_readme_walkthrough_builds_without_warnings_and_prints_what_it_says()
    {
        var readme = Readme(_package.PackagePath);
        var policy = Assert.Single(Blocks(readme, "policy"));
        var program = string.Join("\n", Blocks(readme, "csharp"));
        var expected = Assert.Single(Blocks(readme, "text"));
        Assert.Contains("dotnet add package Policy", Assert.Single(Blocks(readme, "sh")), StringComparison.Ordinal);

        var folder = _package.CreateConsumer("ReadmeConsumer", "case-review.policy", policy, program, web: true);
        var output = BuildAndRun(folder, new Dictionary<string, string>());

        // Each line of the readme's output block, with '…' standing for what changes from run to run.
        foreach (var line in expected.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var pattern = "^" + string.Join(".+", line.Trim().Split('…').Select(Regex.Escape)) + "$";
            Assert.True(Regex.IsMatch(output, pattern, RegexOptions.Multiline), $"The readme says the walkthrough prints '{line}'; it printed:\n{output}");
        }

        Assert.True(File.Exists(Path.Combine(folder, "App_Data", "cases.db")), "UseSqlite(\"App_Data/cases.db\") made no database.");
        Assert.Contains("POL0010", readme, StringComparison.Ordinal);
        Assert.Contains("https://policy.example/docs/diagnostics/", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_PostgreSql_readme_setup_builds_without_warnings_and_runs_on_a_real_server_when_one_is_given()
    {
        var readme = Readme(_package.PostgreSqlPackagePath);
        var policy = Assert.Single(Blocks(Readme(_package.PackagePath), "policy"));
        var program = string.Join("\n", Blocks(readme, "csharp"));
        var folder = _package.CreateConsumer("PostgreSqlReadmeConsumer", "case-review.policy", policy, program, web: true, "Policy", "Policy.PostgreSql");
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), Assert.Single(Blocks(readme, "json")));
        Assert.Contains("dotnet add package Policy.PostgreSql", Assert.Single(Blocks(readme, "sh")), StringComparison.Ordinal);

        var server = Environment.GetEnvironmentVariable("POLICY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            // CI starts a server (.ci/postgres.sh), so there a missing one is a fault; elsewhere the snippet is only built.
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI must set POLICY_TEST_POSTGRES.");
            var (code, built) = ProcessRunner.Run(folder, "dotnet", "build -warnaserror", TimeSpan.FromMinutes(6));
            Assert.True(code == 0, "The PostgreSQL readme's code does not build:\n" + built);
            return;
        }

        var output = BuildAndRun(folder, new Dictionary<string, string> { ["ConnectionStrings__Cases"] = server });
        Assert.Matches(new Regex("^Opened CR-[0-9a-f]{8} in PostgreSQL: Accepted$", RegexOptions.Multiline), output);
    }

    /// <summary>Builds with warnings as errors (the readme's code must be clean), then runs it on a free port.</summary>
    private static string BuildAndRun(string folder, Dictionary<string, string> environment)
    {
        var (code, output) = ProcessRunner.Run(folder, "dotnet", "build -warnaserror", TimeSpan.FromMinutes(6));
        Assert.True(code == 0, "The readme's code does not build cleanly:\n" + output);
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        (code, output) = ProcessRunner.Run(folder, "dotnet", "run --no-build", TimeSpan.FromMinutes(3), environment);
        Assert.True(code == 0, "The readme's code failed:\n" + output);
        return output;
    }

    private static string Readme(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry("README.md") ?? throw new InvalidOperationException($"{Path.GetFileName(package)} has no README.md.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The fenced code blocks of one language, in order.</summary>
    private static List<string> Blocks(string markdown, string language) =>
        Regex.Matches(markdown, "^```" + Regex.Escape(language) + "\\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .ToList();
}
