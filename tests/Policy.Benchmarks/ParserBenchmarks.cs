using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Policy.Language;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Benchmarks;

/// <summary>
/// Parse, bind and check a generated policy of about 1 MB and 10 MB. The "Time per MB" column should be about the
/// same for both sizes: the front end's time grows linearly with the size of the policy.
/// </summary>
[Config(typeof(PerMegabyteConfig))]
public class ParserBenchmarks
{
    private string _text = string.Empty;

    [Params(1, 10)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup() => _text = LargePolicy.Build(Megabytes * 1_000_000);

    [Benchmark]
    public PolicyCompilation ParseAndCheck()
    {
        var compilation = PolicyCompiler.Compile("large.policy", _text);
        if (compilation.Diagnostics.Count != 0)
        {
            throw new InvalidOperationException($"The generated policy should be valid, but has {compilation.Diagnostics.Count} diagnostics: {compilation.Diagnostics[0]}");
        }

        return compilation;
    }

    private sealed class PerMegabyteConfig : ShortRunConfig
    {
        public PerMegabyteConfig() => AddColumn(new TimePerMegabyteColumn());
    }

    /// <summary>The mean time divided by the size of the policy in megabytes.</summary>
    private sealed class TimePerMegabyteColumn : IColumn
    {
        public string Id => nameof(TimePerMegabyteColumn);
        public string ColumnName => "Time per MB";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => "Mean time divided by the policy's size in MB (1 MB = 1,000,000 characters)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics || benchmarkCase.Parameters["Megabytes"] is not int megabytes)
            {
                return "-";
            }

            return $"{statistics.Mean / megabytes / 1_000_000:N1} ms";
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
