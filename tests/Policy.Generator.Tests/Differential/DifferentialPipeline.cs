using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Policy.Definitions;
using Policy.Generator.Tests.Infrastructure;
using Policy.Runtime.Annotations;

namespace Policy.Generator.Tests.Differential;

/// <summary>A policy to run through the pipeline: the seed that wrote it (or a regression's number) and its text.</summary>
internal sealed record PolicyInput(int Seed, string Text);

/// <summary>
/// Runs policies through everything a force's build and application do with them: check, generate, compile the
/// generated C# with warnings as errors, load it, compare its <c>Description</c> with the compiler's definition, and
/// walk a case at random through its typed methods (<see cref="CaseWalk"/>). A policy refused at check is counted, not
/// failed; anything wrong after a clean check is a <see cref="DifferentialFailure"/>.
/// </summary>
internal static class DifferentialPipeline
{
    // One empty consumer compilation serves every generator run: the generator reads only the policy and the options.
    private static readonly Lazy<CSharpCompilation> EmptyConsumer = new(() => GeneratorHarness.CreateCompilation());

    /// <summary>The generated code of a batch compiles as a force's project would: warnings are errors, nullable is on, C# 12.</summary>
    private static readonly CSharpCompilationOptions WarningsAsErrors = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error);

    /// <summary>The namespace a policy's code is generated into, distinct per seed so that a batch shares one compilation.</summary>
    public static string NamespaceOf(int seed) => "Diff.P" + seed.ToString(CultureInfo.InvariantCulture).Replace('-', 'M');

    /// <summary>Runs one batch (about 50 policies share one C# compilation and one load context).</summary>
    public static void Run(IReadOnlyList<PolicyInput> batch, DifferentialReport report, int walkSteps)
    {
        var checkedClean = new List<(PolicyInput Input, PolicyDefinition Definition)>();
        foreach (var input in batch)
        {
            report.CountWritten();
            if (report.Timed("check", () => Check(input, report)) is { } definition)
            {
                checkedClean.Add((input, definition));
            }
        }

        var generated = new Dictionary<int, (PolicyInput Input, PolicyDefinition Definition, List<SyntaxTree> Trees)>();
        foreach (var (input, definition) in checkedClean)
        {
            if (report.Timed("generate", () => Generate(input, report)) is { } trees)
            {
                generated[input.Seed] = (input, definition, trees);
            }
        }

        if (generated.Count == 0)
        {
            return;
        }

        var bytes = report.Timed("compile", () => CompileAndEmit(generated.ToDictionary(g => g.Key, g => g.Value.Trees), report));
        if (bytes is null)
        {
            return;
        }

        var context = new AssemblyLoadContext("Differential", isCollectible: true);
        try
        {
            using var stream = new MemoryStream(bytes.Value.Image);
            var assembly = context.LoadFromStream(stream);
            foreach (var seed in bytes.Value.Compiled)
            {
                var (input, definition, _) = generated[seed];
                report.Timed("load and walk", () => Exercise(assembly, input, definition, report, walkSteps));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Every failure of one policy run on its own: what the regression tests and the shrinker use.</summary>
    public static IReadOnlyList<DifferentialFailure> FailuresOf(string text, int walkSteps = 200, int seed = 0)
    {
        var report = new DifferentialReport();
        Run(new[] { new PolicyInput(seed, text) }, report, walkSteps);
        return report.Failures;
    }

    /// <summary>True when the policy checks clean: the question a regression test asks first, since a refusal tests nothing.</summary>
    public static bool ChecksClean(string text) => !Language.PolicyCompiler.Compile("regression.policy", text).HasErrors;

    private static PolicyDefinition? Check(PolicyInput input, DifferentialReport report)
    {
        Language.PolicyCompilation compilation;
        try
        {
            compilation = Language.PolicyCompiler.Compile(PathOf(input.Seed), input.Text);
        }
        catch (Exception e)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Check, ExceptionClass(e), e.ToString()));
            return null;
        }

        if (compilation.HasErrors || compilation.Definition is null)
        {
            var first = compilation.Diagnostics.FirstOrDefault(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);
            report.CountRefused(input.Seed, first?.Id ?? "none", first?.ToString() ?? "no definition");
            return null;
        }

        var names = DeclaredNames(compilation.Definition).ToList();
        report.CountClean(names.Any(HostileNames.All.Contains), names.Any(HostileNames.Keywords.Contains));
        return compilation.Definition;
    }

    /// <summary>Every name the policy declares, and every field and option name: where a hostile name can stand.</summary>
    internal static IEnumerable<string> DeclaredNames(PolicyDefinition policy) =>
        new[] { policy.Name }
            .Concat(policy.Roles.Select(r => r.Name))
            .Concat(policy.Choices.SelectMany(c => c.Options.Select(o => o.Name).Concat(c.Options.SelectMany(o => o.Fields.Select(f => f.Name))).Append(c.Name)))
            .Concat(policy.States.Select(s => s.Name))
            .Concat(policy.Signals.SelectMany(s => s.Fields.Select(f => f.Name).Append(s.Name)))
            .Concat(policy.Settings.Select(s => s.Name))
            .Concat(policy.Actions.SelectMany(a => a.Fields.Select(f => f.Name).Append(a.Name)))
            .Concat(policy.Deadlines.Select(d => d.Name))
            .Concat(policy.Rules.Select(r => r.Name));

    private static List<SyntaxTree>? Generate(PolicyInput input, DifferentialReport report)
    {
        GeneratorDriverRunResult run;
        System.Collections.Immutable.ImmutableArray<Diagnostic> driverDiagnostics;
        try
        {
            var driver = GeneratorHarness.CreateDriver(new[] { GeneratorHarness.Policy(PathOf(input.Seed), input.Text) }, NamespaceOf(input.Seed))
                .RunGeneratorsAndUpdateCompilation(EmptyConsumer.Value, out _, out driverDiagnostics);
            run = driver.GetRunResult();
        }
        catch (Exception e)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Generate, ExceptionClass(e), e.ToString()));
            return null;
        }

        var result = run.Results.Single();
        if (result.Exception is { } exception)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Generate, ExceptionClass(exception), exception.ToString()));
            return null;
        }

        // CS8785 (a crashed generator) comes back from the driver; POL0090 and any error the front end did not report, from the generator.
        var wrong = driverDiagnostics.Concat(result.Diagnostics)
            .Where(d => d.Id is "CS8784" or "CS8785" or "POL0090" || d.Severity == DiagnosticSeverity.Error)
            .ToList();
        if (wrong.Count > 0)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Generate, wrong[0].Id, string.Join("\n", wrong.Select(d => d.GetMessage(CultureInfo.InvariantCulture)))));
            return null;
        }

        if (result.GeneratedSources.Length == 0)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Generate, "no source", "A policy that checked clean generated no code."));
            return null;
        }

        // The generator names its file after the class; a folder per seed keeps the names apart in one compilation.
        var trees = result.GeneratedSources
            .Select(s => CSharpSyntaxTree.ParseText(s.SourceText, GeneratorHarness.ParseOptions, path: $"P{input.Seed.ToString(CultureInfo.InvariantCulture)}/{s.HintName}"))
            .ToList();

        // Code that does not even parse fails here, alone: in a shared compilation it costs a recompile of the batch,
        // and its error recovery is where Roslyn 4.8 has been seen to throw.
        var syntax = trees.SelectMany(t => t.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (syntax.Count > 0)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Compile, syntax[0].Id, Evidence(syntax)));
            return null;
        }

        return trees;
    }

    private static string Evidence(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Take(5).Select(d => $"{d.Id} {d.GetMessage(CultureInfo.InvariantCulture)} at `{SourceLine(d)}`"));

    /// <summary>
    /// Compiles every policy's trees in one compilation and emits it. A policy whose code has a diagnostic is failed and
    /// left out, and the rest compiled again, so that one broken policy does not hide the others' behaviour.
    /// </summary>
    internal static (byte[] Image, List<int> Compiled)? CompileAndEmit(Dictionary<int, List<SyntaxTree>> treesBySeed, DifferentialReport report)
    {
        var remaining = new Dictionary<int, List<SyntaxTree>>(treesBySeed);
        while (remaining.Count > 0)
        {
            var seedOfTree = remaining.SelectMany(r => r.Value.Select(t => (Tree: t, Seed: r.Key))).ToDictionary(p => p.Tree, p => p.Seed);
            using var stream = new MemoryStream();
            if (TryEmit(seedOfTree.Keys, stream) is not { } emit)
            {
                // The C# compiler itself threw: find the policies whose code makes it throw on their own, and leave them out.
                foreach (var (seed, trees) in remaining.ToList())
                {
                    using var alone = new MemoryStream();
                    try
                    {
                        Compilation(trees).Emit(alone);
                    }
                    catch (Exception e)
                    {
                        report.Fail(new DifferentialFailure(seed, FailureStage.Compile, "csc threw " + ExceptionClass(e), e.ToString()));
                        remaining.Remove(seed);
                    }
                }

                continue;
            }

            var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
            if (emit.Success && problems.Count == 0)
            {
                return (stream.ToArray(), remaining.Keys.ToList());
            }

            var located = problems.Where(d => d.Location.SourceTree is { } tree && seedOfTree.ContainsKey(tree)).GroupBy(d => seedOfTree[d.Location.SourceTree!]).ToList();
            if (located.Count == 0)
            {
                // Nothing to blame one policy for: fail them all with the evidence rather than loop.
                foreach (var seed in remaining.Keys)
                {
                    report.Fail(new DifferentialFailure(seed, FailureStage.Emit, problems.FirstOrDefault()?.Id ?? "emit", string.Join("\n", problems.Take(5))));
                }

                return null;
            }

            foreach (var policy in located)
            {
                var first = policy.First();
                report.Fail(new DifferentialFailure(policy.Key, FailureStage.Compile, first.Id, Evidence(policy)));
                remaining.Remove(policy.Key);
            }
        }

        return null;
    }

    private static CSharpCompilation Compilation(IEnumerable<SyntaxTree> trees) =>
        EmptyConsumer.Value
            .WithAssemblyName("Differential" + Guid.NewGuid().ToString("N"))
            .WithOptions(WarningsAsErrors)
            .AddSyntaxTrees(trees);

    /// <summary>Emits the trees; null when the compiler throws (which Roslyn 4.8 does on some generated code).</summary>
    private static Microsoft.CodeAnalysis.Emit.EmitResult? TryEmit(IEnumerable<SyntaxTree> trees, Stream stream)
    {
        try
        {
            return Compilation(trees).Emit(stream);
        }
        catch (Exception e) when (e is AggregateException or NullReferenceException or InvalidOperationException or InvalidCastException)
        {
            return null;
        }
    }

    private static string SourceLine(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        var text = tree.GetText().Lines[line].ToString().Trim();
        return text.Length > 200 ? text.Substring(0, 200) + "…" : text;
    }

    private static bool Exercise(Assembly assembly, PolicyInput input, PolicyDefinition definition, DifferentialReport report, int walkSteps)
    {
        Type workflow;
        PolicyDefinition generated;
        try
        {
            var ns = NamespaceOf(input.Seed);
            workflow = assembly.GetTypes().Single(t => t.Namespace == ns && t.GetCustomAttribute<PolicyWorkflowAttribute>() is not null);
            generated = (PolicyDefinition)workflow.GetProperty("Description", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!.GetValue(null)!;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } thrown } ? thrown : e;
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Load, ExceptionClass(inner), inner.ToString()));
            return false;
        }

        if (StructuralComparer.FirstDifference(definition, generated) is { } difference)
        {
            report.Fail(new DifferentialFailure(input.Seed, FailureStage.Description, "differs", difference));
            return false;
        }

        var steps = CaseWalk.Run(workflow, definition, input.Seed, walkSteps, report);
        report.CountSteps(steps);
        return true;
    }

    private static string PathOf(int seed) => $"p{seed.ToString(CultureInfo.InvariantCulture)}.policy";

    /// <summary>An exception's class for grouping: its type and the first frame in Policy's own code.</summary>
    public static string ExceptionClass(Exception exception)
    {
        // Generated types are named after the policy, so a throw from generated code is one class whatever the seed.
        var frame = new System.Diagnostics.StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.FullName is { } type
                && (type.StartsWith("Diff.", StringComparison.Ordinal) || type.StartsWith("Policy.", StringComparison.Ordinal) && !type.StartsWith("Policy.Generator.Tests", StringComparison.Ordinal)));
        return frame switch
        {
            null => exception.GetType().Name,
            _ when frame.DeclaringType!.FullName!.StartsWith("Diff.", StringComparison.Ordinal) => $"{exception.GetType().Name} in generated code",
            _ => $"{exception.GetType().Name} in {frame.DeclaringType!.Name}.{frame.Name}",
        };
    }
}
