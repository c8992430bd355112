using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Policy.Generator;

namespace Policy.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles many files loosely (errors and all), runs the policy generator over the given policies, then every Policy
/// analyzer, recording any exception an analyzer throws instead of letting the compiler turn it into AD0001.
/// </summary>
internal static class AnalyzerRun
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(PolicyDiagnostics).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The compilation with the generated code, the analyzers' diagnostics, their crashes, and the generator's own diagnostics (POL0xxx).</summary>
    public sealed record Result(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> AnalyzerExceptions, ImmutableArray<Diagnostic> GeneratorDiagnostics);

    public static async Task<Result> RunAsync(
        IEnumerable<(string Path, string Text)> sources,
        IEnumerable<(string Path, string Text)> policies,
        IEnumerable<MetadataReference> references,
        string? policyNamespace = null,
        IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        var compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var additional = policies.Select(p => (AdditionalText)new InMemoryAdditionalText(p.Path, p.Text)).ToImmutableArray();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (policyNamespace is not null)
        {
            properties["PolicyNamespace"] = policyNamespace;
        }

        foreach (var (name, value) in buildProperties ?? new Dictionary<string, string>())
        {
            properties[name] = value;
        }

        var options = new GlobalOptionsProvider(properties);
        CSharpGeneratorDriver.Create(new[] { new PolicyGenerator().AsSourceGenerator() }, additional, ParseOptions, options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        var exceptions = new ConcurrentQueue<string>();
        var analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additional, options),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await generated.WithAnalyzers(AllAnalyzers, analyzerOptions).GetAnalyzerDiagnosticsAsync();
        foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(crash.ToString());
        }

        return new Result(generated, diagnostics, exceptions.ToList(), generatorDiagnostics);
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>MSBuild properties as the compiler sees those marked <c>CompilerVisibleProperty</c>: <c>build_property.Name</c>.</summary>
    private sealed class GlobalOptionsProvider(Dictionary<string, string> buildProperties) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(buildProperties.ToDictionary(p => "build_property." + p.Key, p => p.Value, StringComparer.Ordinal));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
