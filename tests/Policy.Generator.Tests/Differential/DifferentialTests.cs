using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Policy.Generator.Tests.Differential;

/// <summary>
/// The differential test of issue 14 item 6: random valid policies through check, generate, compile (warnings as
/// errors), load and a random walk on the real runtime. See docs/testing.md for the oracles and the by-hand run.
/// </summary>
public sealed class DifferentialTests
{
    /// <summary>Sized from the measured 6.5 policies/s on the shared two-core machine: about two minutes (docs/testing.md).</summary>
    private const int CiCount = 800;

    private const int BatchSize = 50;
    private const int WalkSteps = 40;

    /// <summary>Batches at a time; Roslyn already compiles one batch on every core, so more only contend (docs/testing.md).</summary>
    private static readonly int Parallelism = FromEnvironment("POLICY_DIFFERENTIAL_THREADS", 1);

    /// <summary>POLICY_DIFFERENTIAL_HOSTILITY=0 writes ordinary names only, to look past failures of name handling.</summary>
    private static readonly double? Hostility =
        double.TryParse(Environment.GetEnvironmentVariable("POLICY_DIFFERENTIAL_HOSTILITY"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_valid_policy_generates_code_that_compiles_loads_and_keeps_its_case_consistent()
    {
        var count = FromEnvironment("POLICY_DIFFERENTIAL_COUNT", CiCount);
        var firstSeed = FromEnvironment("POLICY_DIFFERENTIAL_SEED", 1);
        var clock = Stopwatch.StartNew();
        var report = Run(firstSeed, count);
        clock.Stop();

        var summary = string.Create(CultureInfo.InvariantCulture, $"Seeds {firstSeed}..{firstSeed + count - 1} in {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:F1} policies/s).\n") + report.Describe();
        _output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("POLICY_DIFFERENTIAL_REPORT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, summary + Shrunk(report));
        }

        Assert.True(report.Failures.Count == 0, summary);
    }

    [Fact]
    public void The_writer_mostly_writes_policies_that_check_clean_and_use_hostile_names()
    {
        var report = new DifferentialReport();
        var seeds = Enumerable.Range(100_000, 400).ToList();
        var clean = new List<string>();
        foreach (var seed in seeds)
        {
            report.CountWritten();
            var text = ValidPolicyWriter.Write(seed);
            var compilation = Language.PolicyCompiler.Compile("writer.policy", text);
            if (compilation.HasErrors)
            {
                var first = compilation.Diagnostics.First(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);
                report.CountRefused(seed, first.Id, first.ToString());
                continue;
            }

            var names = DifferentialPipeline.DeclaredNames(compilation.Definition!).Where(HostileNames.All.Contains).ToList();
            report.CountClean(names.Count > 0, names.Any(HostileNames.Keywords.Contains));
            clean.Add(text);
        }

        // The questions about officers and the caseload reach the generator and the runtime in clean policies.
        foreach (var construct in new[] { "caseload weight", "caseload of ", " involved", " has acted", " has not acted", "actor is ", " is the ", " is a ", "assign " })
        {
            Assert.True(clean.Any(t => t.Contains(construct, StringComparison.Ordinal)), $"No policy that checked clean has '{construct}'.");
        }

        var refusals = string.Join("\n", report.RefusalExample.Select(r => $"{r.Key} x{report.RefusedBy[r.Key]}: seed {r.Value.Seed}: {r.Value.Message}"));
        _output.WriteLine(report.Describe() + refusals);
        // Below half, the pipeline would mostly be testing the checker's refusals, not the generator and the runtime.
        Assert.True(report.CheckedClean * 2 >= seeds.Count, $"Only {report.CheckedClean} of {seeds.Count} checked clean.\n{refusals}");
        Assert.True(report.KeywordCheckedClean * 5 >= seeds.Count, $"Only {report.KeywordCheckedClean} of {seeds.Count} checked clean with a C# keyword as a name.");
        Assert.Contains(seeds, s => ValidPolicyWriter.ShapeOf(s) == PolicyShape.Large);
        Assert.Contains(seeds, s => ValidPolicyWriter.ShapeOf(s) == PolicyShape.LongCondition);
    }

    [Fact]
    public void The_writer_writes_the_same_policy_for_the_same_seed()
    {
        foreach (var seed in new[] { 1, 42, 2026 })
        {
            Assert.Equal(ValidPolicyWriter.Write(seed), ValidPolicyWriter.Write(seed));
        }

        Assert.NotEqual(ValidPolicyWriter.Write(1), ValidPolicyWriter.Write(2));
    }

    [Fact]
    public void A_warning_in_generated_code_fails_that_policy_and_spares_the_others_of_its_batch()
    {
        // The compile oracle must be able to fail: a warning (CS1030, #warning) stands in for a generator fault.
        var report = new DifferentialReport();
        var trees = new Dictionary<int, List<Microsoft.CodeAnalysis.SyntaxTree>>
        {
            [7] = new() { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("#warning a generator fault\nnamespace Diff.P7 { public static class A { } }", Infrastructure.GeneratorHarness.ParseOptions, path: "P7/A.g.cs") },
            [8] = new() { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Diff.P8 { public static class B { } }", Infrastructure.GeneratorHarness.ParseOptions, path: "P8/B.g.cs") },
        };

        var emitted = DifferentialPipeline.CompileAndEmit(trees, report);

        var failure = Assert.Single(report.Failures);
        Assert.Equal((7, FailureStage.Compile, "CS1030"), (failure.Seed, failure.Stage, failure.ClassKey));
        Assert.Equal(new[] { 8 }, emitted!.Value.Compiled);
    }

    /// <summary>Seeds in batches of <see cref="BatchSize"/>, <see cref="Parallelism"/> batches at a time.</summary>
    private static DifferentialReport Run(int firstSeed, int count)
    {
        var report = new DifferentialReport();
        var batches = Enumerable.Range(firstSeed, count).Chunk(BatchSize).ToList();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, seeds =>
            DifferentialPipeline.Run(seeds.Select(s => new PolicyInput(s, ValidPolicyWriter.Write(s, Hostility))).ToList(), report, WalkSteps));
        return report;
    }

    /// <summary>
    /// With POLICY_DIFFERENTIAL_SHRINK set, the first failure of each class cut down to a minimal policy: the
    /// reproducers that go into Differential/Regressions.
    /// </summary>
    private static string Shrunk(DifferentialReport report)
    {
        if (Environment.GetEnvironmentVariable("POLICY_DIFFERENTIAL_SHRINK") is not { Length: > 0 })
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder("\nMinimal reproducers, one per class:\n");
        foreach (var failure in report.Failures.GroupBy(f => (f.Stage, f.ClassKey)).Select(g => g.OrderBy(f => ValidPolicyWriter.Write(f.Seed, Hostility).Length).First()))
        {
            var minimal = Shrinker.Minimize(ValidPolicyWriter.Write(failure.Seed, Hostility), Shrinker.FailsLike(failure));
            var evidence = DifferentialPipeline.FailuresOf(minimal, seed: failure.Seed).FirstOrDefault(f => f.Stage == failure.Stage && f.ClassKey == failure.ClassKey);
            text.Append(CultureInfo.InvariantCulture, $"\n=== [{failure.Stage}] {failure.ClassKey} (seed {failure.Seed})\n{evidence?.Evidence}\n---\n{minimal}\n");
        }

        return text.ToString();
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
