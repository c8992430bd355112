using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Corpus;

namespace Policy.Benchmarks.BuildShare;

/// <summary>
/// Where the analyzers' time goes, in-process, on the corpus that <see cref="AnalyzerBuildShare"/> builds: the time
/// Roslyn charges to each rule when all of them run together, then the same check as POL1001 (a discarded
/// <c>ActionResult</c>) run alone twice, once reporting what it finds and once only finding it. The difference is what
/// Roslyn spends on each warning reported, which is charged to the rule that reports it.
/// </summary>
/// <remarks>
/// Run it with <c>dotnet run -c Release --project tests/Policy.Benchmarks -- --analyzer-times</c>. Times are the
/// analyzer driver's own (<c>logAnalyzerExecutionTime</c>), as <c>-p:ReportAnalyzer=true</c> reports them in a build.
/// </remarks>
internal static class AnalyzerTimes
{
    private const int Runs = 3;

    public static int Run(int fileCount)
    {
        var files = AnalyzerCorpus.Files(fileCount, broken: false);
        var policies = AnalyzerBenchmarks.CorpusPolicies();

        Console.WriteLine($"Corpus: {fileCount:N0} files; {Runs} runs of each measurement, the last one shown (the first ones warm the JIT).");
        Measure("All seven rules together", policies, files, AnalyzerBenchmarks.Analyzers, out _);


        var finding = new DiscardedResultProbe(report: false);
        var findingTime = Measure("The POL1001 check alone, reporting nothing", policies, files, [finding], out _);
        var reporting = new DiscardedResultProbe(report: true);
        var reportingTime = Measure("The POL1001 check alone, reporting what it finds", policies, files, [reporting], out var reported);
        var added = reportingTime - findingTime;
        Console.WriteLine(added > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"Reporting {reported:N0} warnings added {added.TotalMilliseconds:F0} ms to the rule's {findingTime.TotalMilliseconds:F0} ms: {added.TotalMilliseconds * 1000 / Math.Max(1, reported):F0} µs a warning.")
            : string.Create(CultureInfo.InvariantCulture, $"Reporting {reported:N0} warnings added nothing measurable ({findingTime.TotalMilliseconds:F0} ms without, {reportingTime.TotalMilliseconds:F0} ms with): the difference is within this machine's noise."));
        return 0;
    }

    private static TimeSpan Measure(string title, ImmutableArray<AdditionalText> policies, IReadOnlyList<(string Path, string Text)> files, ImmutableArray<DiagnosticAnalyzer> analyzers, out int reported)
    {
        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        reported = 0;
        for (var run = 0; run < Runs; run++)
        {
            var withAnalyzers = AnalyzerBenchmarks.Compile(files, policies).WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(policies), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            if (diagnostics.Any(d => d.Id == "AD0001"))
            {
                throw new InvalidOperationException("An analyzer failed (AD0001) on the corpus.");
            }

            reported = diagnostics.Length;
            foreach (var analyzer in analyzers)
            {
                times[analyzer] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: {reported:N0} warnings"));
        foreach (var (analyzer, time) in times)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {analyzer.GetType().Name,-32} {time.TotalMilliseconds,8:F0} ms"));
        }

        var total = times.Values.Aggregate(TimeSpan.Zero, (sum, time) => sum + time);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-32} {total.TotalMilliseconds,8:F0} ms"));
        return total;
    }

    /// <summary>
    /// POL1001's check (an expression statement calling a method that returns <c>ActionResult</c>), reporting or not,
    /// on the rules' own base, so that it treats generated code and shares the model as they do.
    /// </summary>
    // Created here in-process only, never loaded by a compiler: it needs neither the attribute nor release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class DiscardedResultProbe(bool report) : PolicyRuleAnalyzer
    {
        private static readonly DiagnosticDescriptor Found = new("BENCH0002", "Discarded result", "{0} discards its result", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Found];

        private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> deferred) =>
            RegisterOperationAction(
                start,
                deferred,
                (operation, models) =>
                {
                    var statement = ((IExpressionStatementOperation)operation.Operation).Operation;
                    if (statement is IInvocationOperation invocation && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType, models.Types.ActionResult) && report)
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(Found, statement.Syntax.GetLocation(), invocation.TargetMethod.Name));
                    }
                },
                OperationKind.ExpressionStatement);
    }
#pragma warning restore RS1001, RS2008
}
