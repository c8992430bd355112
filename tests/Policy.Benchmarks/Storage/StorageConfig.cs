using BenchmarkDotNet.Columns;

namespace Policy.Benchmarks.Storage;

/// <summary>The short run, with operations per second shown beside the mean: appends per second is the number wanted.</summary>
public class StorageConfig : ShortRunConfig
{
    public StorageConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}
