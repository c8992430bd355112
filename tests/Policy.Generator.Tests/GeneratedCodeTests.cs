using Microsoft.CodeAnalysis;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests;

public class GeneratedCodeTests
{
    public static TheoryData<string> RepositoryPolicies()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { RepositoryPaths.Combine("policies"), RepositoryPaths.Combine("tests", "Policy.Language.Tests", "Samples") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.policy", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (Language.PolicyCompiler.Compile(file, File.ReadAllText(file)).Definition is not null)
                {
                    data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
                }
            }
        }

        data.Add("(test) minimal");
        data.Add("(test) referral");
        return data;
    }

    private static (string Name, string Text) Load(string policy) => policy switch
    {
        "(test) minimal" => ("Minimal", TestPolicies.Minimal),
        "(test) referral" => ("Referral", TestPolicies.Referral),
        _ => (Path.GetFileNameWithoutExtension(policy), File.ReadAllText(RepositoryPaths.Combine(policy.Split('/')))),
    };

    [Theory]
    [MemberData(nameof(RepositoryPolicies))]
    public void Generated_code_matches_its_snapshot_and_compiles_cleanly_with_the_runtime(string policy)
    {
        var (name, text) = Load(policy);
        var (result, output) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy(name + ".policy", text) });

        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var source = Assert.Single(run.GeneratedSources);
        Snapshot.Verify(name, source.SourceText.ToString());

        // Nullable on and every warning counts: the generated code must compile cleanly.
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
    }
}
