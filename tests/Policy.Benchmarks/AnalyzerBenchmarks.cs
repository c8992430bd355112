using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Policy.Analyzers;
using Policy.Analyzers.Tests.Corpus;
using Policy.Analyzers.Tests.Infrastructure;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Benchmarks;

/// <summary>
/// The analyzers' share of compiling the analyzer tests' corpus (AnalyzerCorpus: 1,000 files of C# using the workflows
/// of casework.policy and custody.policy, about one in ten broken on purpose), in-process, as the compiler does it:
/// parse, run the policy generator, bind and check every method body (<see cref="Compilation.GetDiagnostics"/>,
/// concurrent, as csc is), with and without every Policy analyzer attached (concurrent analysis). The corpus has errors,
/// so nothing is emitted: leaving emit out of both makes the analyzers' share larger than in a real build, not smaller.
/// The analyzers' share of the build is 1 - 1 / Ratio. A third row attaches one analyzer that does nothing but
/// register an empty operation action on invocations: the fixed cost of running any IOperation analyzer at all, which
/// Roslyn's analyzer driver pays whoever writes the analyzer (and which a build with the SDK's own analyzers on pays
/// already).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class AnalyzerBenchmarks
{
    public const int FileCount = 1000;

    /// <summary>Every Policy rule, one instance each, by name.</summary>
    internal static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(PolicyDiagnostics).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    private IReadOnlyList<(string Path, string Text)> _files = [];
    private ImmutableArray<AdditionalText> _policies = [];

    [GlobalSetup]
    public void Setup()
    {
        _files = AnalyzerCorpus.Files(FileCount);
        _policies = CorpusPolicies();

        var withAnalyzers = CompileWithAnalyzers();
        var reported = withAnalyzers.Select(d => d.Id).Where(id => id.StartsWith("POL1", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var crashed = withAnalyzers.Count(d => d.Id == "AD0001");
        Console.WriteLine($"// {Analyzers.Length} analyzers over {FileCount} files: {withAnalyzers.Length} diagnostics, rules reported: {string.Join(", ", reported.Order(StringComparer.Ordinal))}.");
        if (crashed != 0 || reported.Count == 0)
        {
            throw new InvalidOperationException($"The analyzers should run cleanly and report on the corpus: {crashed} crashed, {reported.Count} rules reported.");
        }
    }

    [Benchmark(Baseline = true)]
    public ImmutableArray<Diagnostic> CompileWithoutAnalyzers() => Generate().GetDiagnostics();

    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithAnalyzers() =>
        Generate()
            .WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(_policies), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();

    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithEmptyOperationAnalyzer() =>
        Generate()
            .WithAnalyzers([new EmptyOperationAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions(_policies), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();

    private Compilation Generate() => Compile(_files, _policies);

    /// <summary>The two policies the corpus uses, as the generator and the analyzers receive them.</summary>
    internal static ImmutableArray<AdditionalText> CorpusPolicies() =>
        [GeneratorHarness.Policy(TestPolicies.FileName, TestPolicies.Casework), GeneratorHarness.Policy(TestPolicies.CustodyFileName, TestPolicies.Custody)];

    /// <summary>A fresh compilation of <paramref name="files"/> (parsed anew, so nothing is cached between runs) with the generated workflows added.</summary>
    internal static Compilation Compile(IReadOnlyList<(string Path, string Text)> files, ImmutableArray<AdditionalText> policies)
    {
        var compilation = CSharpCompilation.Create(
            "Corpus",
            files.Select(file => CSharpSyntaxTree.ParseText(file.Text, GeneratorHarness.ParseOptions, file.Path)),
            GeneratorHarness.CreateCompilation().References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver(policies, policyNamespace: null).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        return generated;
    }

    /// <summary>An analyzer configured as the Policy analyzers are, whose one operation action does nothing.</summary>
    // Never loaded by a compiler, only created here in-process: it needs neither the attribute nor release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Nothing = new("BENCH0001", "Nothing", "Nothing", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Nothing];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS2008
}
