using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests;

/// <summary>Several versions of one policy in a project: one typed workflow with the newest's API and every version.</summary>
public sealed class VersionedPolicyTests
{
    private static string Versions(string file) => File.ReadAllText(RepositoryPaths.Combine("tests", "versions", file));

    private const string Consumer = """
        using Policy.Runtime.Workflows;
        namespace Consumer
        {
            public sealed class Fixed(System.DateTimeOffset at) : System.TimeProvider
            {
                public override System.DateTimeOffset GetUtcNow() => at;
            }

            public static class Use
            {
                public static string Run()
                {
                    var sergeant = new Actor("ds-1", "Supervisor");
                    var constable = new Actor("dc-1", "OIC");
                    var autumn = new Force.Policies.Supervision { TimeProvider = new Fixed(new System.DateTimeOffset(2025, 11, 3, 9, 0, 0, System.TimeSpan.Zero)) };
                    autumn.OpenCase("c-2025");
                    var allocated = autumn.Allocate(sergeant, "dc-1").IsAccepted;
                    // UpdateVictim is the newest version's method; this case is under 2025.01, which has no such action.
                    var update = autumn.UpdateVictim(constable, "Told");
                    var winter = new Force.Policies.Supervision { TimeProvider = new Fixed(new System.DateTimeOffset(2026, 1, 5, 9, 0, 0, System.TimeSpan.Zero)) };
                    winter.OpenCase("c-2026");
                    winter.Allocate(sergeant, "dc-1");
                    var replayed = new Force.Policies.Supervision();
                    replayed.Replay(autumn.PendingEvents);
                    return string.Join("|",
                        autumn.CompiledPolicy.Version, allocated, autumn.State, update.IsAccepted, update.Refusal?.Kind,
                        winter.CompiledPolicy.Version, winter.CanUpdateVictim(constable),
                        replayed.CompiledPolicy.Version, replayed.State,
                        Force.Policies.Supervision.Descriptions.Count, Force.Policies.Supervision.AllVersions.Newest.Version);
                }
            }
        }
        """;

    [Fact]
    public void Each_case_runs_under_the_version_in_force_when_it_opened_through_one_typed_workflow()
    {
        var (result, output) = GeneratorHarness.Run(
            [GeneratorHarness.Policy("supervision.2025.policy", Versions("supervision.2025.policy")), GeneratorHarness.Policy("supervision.2026.policy", Versions("supervision.2026.policy"))],
            Consumer);
        var run = Assert.Single(result.Results);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(["Supervision.g.cs", "Supervision.v" + Fnv("2025.01") + ".g.cs"], run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));

        // The state only 2025.01 has is kept, after the newest's states, and marked obsolete.
        var enumText = run.GeneratedSources.Single(s => s.HintName == "Supervision.g.cs").SourceText.ToString();
        Assert.Contains("[global::System.Obsolete(\"State Parked is not in version 2026.01 of Supervision; only cases under version 2025.01 or earlier can be in it.\")]\n        Parked = 3,", enumText, StringComparison.Ordinal);

        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("versions-consumer", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var use = assembly.GetType("Consumer.Use", throwOnError: true)!;
            var text = (string)use.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
            Assert.Equal("2025.01|True|Allocated|False|State|2026.01|True|2025.01|Allocated|2|2026.01", text);

            // Each version's generated description is exactly what the compiler made of its file.
            var descriptions = (IReadOnlyList<Definitions.PolicyDefinition>)assembly.GetType("Force.Policies.Supervision", throwOnError: true)!
                .GetProperty("Descriptions", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (var (file, generated) in new[] { "supervision.2025.policy", "supervision.2026.policy" }.Zip(descriptions))
            {
                Assert.Null(StructuralComparer.FirstDifference(Language.PolicyCompiler.Compile(file, Versions(file)).Definition, generated));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_generated_code_of_two_versions_matches_its_snapshots_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(
            [GeneratorHarness.Policy("supervision.2025.policy", Versions("supervision.2025.policy")), GeneratorHarness.Policy("supervision.2026.policy", Versions("supervision.2026.policy"))]);
        var run = Assert.Single(result.Results);

        Snapshot.Verify("Supervision.versions-newest", run.GeneratedSources.Single(s => s.HintName == "Supervision.g.cs").SourceText.ToString());
        Snapshot.Verify("Supervision.versions-older", run.GeneratedSources.Single(s => s.HintName != "Supervision.g.cs").SourceText.ToString());

        // Nullable on and every warning counts, the obsolete state included (nothing generated uses it).
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Two_versions_in_force_on_one_day_fail_the_build_at_the_policy_line_and_generate_nothing()
    {
        var clash = Versions("supervision.2026.policy").Replace("effective 2026-01-01", "effective 2025-01-01", StringComparison.Ordinal);
        var (result, _) = GeneratorHarness.Run(
            [GeneratorHarness.Policy("supervision.2025.policy", Versions("supervision.2025.policy")), GeneratorHarness.Policy("supervision.2026.policy", clash)]);
        var run = Assert.Single(result.Results);

        var error = Assert.Single(run.Diagnostics, d => d.Id == "POL0080");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var span = error.Location.GetLineSpan();
        // Line 7 of the file (Roslyn counts from 0): its effective line.
        Assert.Equal(("supervision.2026.policy", 6, 2), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Empty(run.GeneratedSources);
    }

    private static string Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
