using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, in Release:
//   dotnet run -c Release --project tests/Policy.Benchmarks -- --filter '*ParserBenchmarks*'
// Add --job short for a quick run. Each benchmark class lives in a file of its own; BenchmarkSwitcher finds them all.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
