using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Policy.Benchmarks;

/// <summary>
/// What every benchmark here runs with: BenchmarkDotNet's short job (one launch, three warm-ups, three measured
/// iterations), so that the whole suite fits in about ten minutes on a small shared machine, and allocations measured.
/// Each class compares its benchmarks with a baseline measured in the same run, so the Ratio and Alloc Ratio columns
/// are the numbers to read; short runs make the absolute times noisier than the ratios.
/// </summary>
public class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.ShortRun);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
