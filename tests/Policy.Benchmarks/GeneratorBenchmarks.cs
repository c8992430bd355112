using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Policy.Generator;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Benchmarks;

/// <summary>
/// The incremental generator over 100 policies (policies/general-investigation.policy under 100 names), driven as the
/// compiler and the IDE drive it, with step tracking on: the first run (the baseline), a re-run with nothing changed,
/// a re-run after an unrelated C# edit (every keystroke in the IDE), and a re-run after editing one policy.
/// Every re-run starts from the same driver, the one left by the first run, so each invocation measures one re-run.
/// Setup checks that the one-policy edit regenerates exactly one of the 100 outputs and prints the count.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class GeneratorBenchmarks
{
    public const int PolicyCount = 100;

    /// <summary>The policy edited: a deadline of one policy made a week shorter.</summary>
    private const int EditedPolicy = 42;
    private const string EditFrom = "within 28 days";
    private const string EditTo = "within 21 days";

    private AdditionalText[] _policies = [];
    private AdditionalText _edited = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _compilationAfterCSharpEdit = null!;
    private GeneratorDriver _afterFirstRun = null!;

    [GlobalSetup]
    public void Setup()
    {
        var template = ReadTemplate();
        if (!template.Contains(EditFrom, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"general-investigation.policy no longer says '{EditFrom}'; choose another edit.");
        }

        _policies = Enumerable.Range(1, PolicyCount).Select(i => Variant(template, i)).ToArray();
        _edited = Variant(template.Replace(EditFrom, EditTo, StringComparison.Ordinal), EditedPolicy);
        _compilation = GeneratorHarness.CreateCompilation("namespace App { public class Desk { } }");
        _compilationAfterCSharpEdit = _compilation.ReplaceSyntaxTree(
            _compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("namespace App { public class Desk { public int Calls; } }", GeneratorHarness.ParseOptions, path: "Source0.cs"));
        _afterFirstRun = FirstRun();

        var first = _afterFirstRun.GetRunResult().Results.Single();
        if (first.Exception is not null || first.Diagnostics.Length != 0 || first.GeneratedSources.Length != PolicyCount)
        {
            throw new InvalidOperationException($"The first run should generate {PolicyCount} sources cleanly, but gave {first.GeneratedSources.Length} sources, {first.Diagnostics.Length} diagnostics ({first.Exception?.Message}).");
        }

        var afterEdit = RerunAfterOnePolicyEdit().GetRunResult().Results.Single();
        var regenerated = afterEdit.TrackedSteps[PolicyGeneratorSteps.ModelsWithOptions]
            .SelectMany(run => run.Outputs)
            .Count(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
        var changedSources = afterEdit.GeneratedSources
            .Count(source => first.GeneratedSources.Single(s => s.HintName == source.HintName).SourceText.ToString() != source.SourceText.ToString());
        Console.WriteLine($"// One-policy edit: {regenerated} of {PolicyCount} outputs regenerated, {changedSources} generated source changed.");
        if (regenerated != 1 || changedSources != 1)
        {
            throw new InvalidOperationException($"Editing one policy should regenerate exactly one output, but regenerated {regenerated} ({changedSources} sources changed).");
        }

        var unchanged = RerunWithNoChange().GetRunResult().Results.Single();
        var rerun = unchanged.TrackedSteps[PolicyGeneratorSteps.ModelsWithOptions].SelectMany(run => run.Outputs).Count(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Console.WriteLine($"// No-change re-run: {rerun} of {PolicyCount} outputs regenerated.");
        if (rerun != 0)
        {
            throw new InvalidOperationException($"A re-run with nothing changed regenerated {rerun} outputs.");
        }
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => GeneratorHarness.CreateDriver(_policies).RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunWithNoChange() => _afterFirstRun.RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterCSharpEdit() => _afterFirstRun.RunGenerators(_compilationAfterCSharpEdit);

    [Benchmark]
    public GeneratorDriver RerunAfterOnePolicyEdit() =>
        _afterFirstRun.ReplaceAdditionalText(_policies[EditedPolicy - 1], _edited).RunGenerators(_compilation);

    private static string ReadTemplate()
    {
        using var stream = typeof(GeneratorBenchmarks).Assembly.GetManifestResourceStream("Policy.Benchmarks.general-investigation.policy")
            ?? throw new InvalidOperationException("general-investigation.policy is not embedded in the benchmark assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The policy renamed <c>GeneralInvestigationNNN</c>, in a file of its own.</summary>
    private static AdditionalText Variant(string template, int number)
    {
        var suffix = number.ToString("000", CultureInfo.InvariantCulture);
        var text = template.Replace("policy GeneralInvestigation ", $"policy GeneralInvestigation{suffix} ", StringComparison.Ordinal);
        if (text == template)
        {
            throw new InvalidOperationException("general-investigation.policy no longer declares 'policy GeneralInvestigation'.");
        }

        return GeneratorHarness.Policy($"general-investigation-{suffix}.policy", text);
    }
}
