using System.Globalization;
using BenchmarkDotNet.Running;
using Policy.Benchmarks.BuildShare;
using Policy.Benchmarks.Storage;

// Runs the benchmarks chosen on the command line, in Release:
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --filter '*Transition*'
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --filter '*'        (the whole suite)
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --build-share [files]   (analyzers' share of a build)
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --analyzer-times [files] (where their time goes)
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --append-cpu [appends]   (PostgreSQL appends' processor time)
// Every class runs BenchmarkDotNet's short job (ShortRunConfig), so no --job is needed. Each benchmark class lives in a
// file of its own; docs/performance.md lists them, the commands and what they measured.
if (args.Length > 0 && args[0] == "--build-share")
{
    return AnalyzerBuildShare.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
}

if (args.Length > 0 && args[0] == "--analyzer-times")
{
    return AnalyzerTimes.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
}

if (args.Length > 0 && args[0] == "--append-cpu")
{
    return AppendCpu.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1600);
}

var benchmarks = typeof(Program).Assembly.GetTypes()
    .Where(type => type.IsPublic && !type.IsAbstract && type.GetMethods().Any(method => method.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
    .ToList();

// The PostgreSQL benchmarks need a server; without one they are left out (with a note), not failed.
if (!PostgreSqlAppendBenchmarks.IsServerConfigured)
{
    foreach (var needsServer in new[] { typeof(PostgreSqlAppendBenchmarks), typeof(PostgreSqlConcurrentAppendBenchmarks) })
    {
        benchmarks.Remove(needsServer);
        Console.WriteLine($"{needsServer.Name} skipped: {PostgreSqlAppendBenchmarks.ServerVariable} is not set (eval \"$(bash .ci/postgres.sh start)\" starts a server).");
    }
}

BenchmarkSwitcher.FromTypes(benchmarks.ToArray()).Run(args);
return 0;
