using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Policy.Analyzers.Tests.Corpus;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Benchmarks.BuildShare;

/// <summary>
/// The analyzers' share of a real build, as a developer's machine sees it: the analyzer corpus (1,000 files, with the
/// files the robustness tests break left whole) written out as a project that uses the generator and analyzers as the
/// solution's projects do, rebuilt with <c>dotnet build -p:ReportAnalyzer=true</c>, and the compiler's own report read
/// back: the time spent in Policy.Analyzers and in Policy.Generator against the Csc task's time and the whole build's.
/// The corpus still misuses the workflows on purpose (members that do not exist, wrong types), so the compiler reports
/// errors and emits nothing; that makes the compile shorter and the analyzers' share larger than in a build that emits.
/// <para>
/// It measures two ways, each with one warm-up rebuild, then <see cref="Runs"/> measured ones, and takes each way's
/// median share:
/// </para>
/// <list type="bullet">
/// <item><b>With the compiler server</b>, as <c>dotnet build</c> runs by default (<c>UseSharedCompilation=true</c>):
/// the compiler and the analyzers stay loaded and compiled between builds, as on a developer's machine. The target is
/// judged on this one.</item>
/// <item><b>In a fresh compiler process</b> each build (<c>UseSharedCompilation=false</c>, as some CI machines and this
/// project's own build machines set it): every analyzer's code is compiled by the JIT during the build while the
/// runtime recompiles hot code in the background on the same cores, so every analyzer's time, the SDK's too, is
/// several times its warm time, and varies from run to run with what else runs on the cores.</item>
/// </list>
/// </summary>
/// <remarks>
/// Run it with <c>dotnet run -c Release --project tests/Policy.Benchmarks -- --build-share</c>. It is not a
/// BenchmarkDotNet benchmark because what it measures is a separate process, the compiler, which reports its own
/// analyzer times; the ratio is still taken within one build, against that build's own compile time.
/// </remarks>
internal static partial class AnalyzerBuildShare
{
    private const int Runs = 5;
    private const double Target = 0.05;

    public static int Run(int fileCount)
    {
        var root = RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("policy-build-share-").FullName;
        try
        {
            var project = WriteProject(folder, root, fileCount);
            Console.WriteLine($"Corpus: {fileCount:N0} files and 2 policies in a project of its own; building its references once.");
            var first = Dotnet(folder, "build", project, "-c", "Release", "-v:q", "-nologo");
            var errors = CompilerErrors(first.Output, project);
            if (first.ExitCode != 0 && errors.Count == 0)
            {
                Console.Error.WriteLine("The corpus project's references did not build:");
                Console.Error.WriteLine(first.Output);
                return 1;
            }

            if (errors.Count != 0)
            {
                // The corpus misuses the workflows on purpose (members that do not exist, wrong types), as code being
                // typed does. The compiler still binds every file and runs every analyzer, but emits nothing, so the
                // analyzers' share below is larger than in a build that emits: the measurement errs against them.
                Console.WriteLine($"The corpus has {errors.Count:N0} compiler errors by design ({string.Join(", ", errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"))}): nothing is emitted.");
            }

            if (Failures(first.Output, project).Count != 0)
            {
                Console.Error.WriteLine("The generator or an analyzer failed on the corpus:");
                Console.Error.WriteLine(first.Output);
                return 1;
            }

            var server = Measure(folder, project, sharedCompilation: true, "With the compiler server (dotnet build's default)");
            var fresh = Measure(folder, project, sharedCompilation: false, "In a fresh compiler process each build");

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"With the compiler server: {server.ShareOfCompile:P1} of the Csc task; in a fresh compiler process: {fresh.ShareOfCompile:P1}."));
            Console.WriteLine(server.ShareOfCompile < Target
                ? $"Target met: under {Target:P0} of compile time with the compiler server, as dotnet build runs by default."
                : $"Target missed: {Target:P0} of compile time with the compiler server, as dotnet build runs by default.");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One warm-up rebuild and <see cref="Runs"/> measured ones, one way; prints them and returns the median.</summary>
    private static Sample Measure(string folder, string project, bool sharedCompilation, string title)
    {
        Console.WriteLine();
        Console.WriteLine(title + ":");
        var samples = new List<Sample>();
        try
        {
            for (var run = 0; run <= Runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var build = Dotnet(
                    folder, "build", project, "-c", "Release", "--no-restore", "-t:Rebuild", "-p:BuildProjectReferences=false",
                    $"-p:UseSharedCompilation={(sharedCompilation ? "true" : "false")}", "-p:ReportAnalyzer=true", "-v:d", "-clp:PerformanceSummary", "-nologo");
                clock.Stop();
                var sample = Sample.Read(build.Output, clock.Elapsed);
                Console.WriteLine(run == 0 ? $"  Warm-up:  {sample}" : $"  Run {run}:    {sample}");
                if (run > 0)
                {
                    samples.Add(sample);
                }
            }
        }
        finally
        {
            if (sharedCompilation)
            {
                // The server outlives the build otherwise; the next measurement starts without it.
                Dotnet(folder, "build-server", "shutdown");
            }
        }

        var median = samples.OrderBy(s => s.ShareOfCompile).ElementAt(samples.Count / 2);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  Median: Policy.Analyzers {median.Analyzers.TotalSeconds:F3} s = {median.ShareOfCompile:P1} of the Csc task ({median.Compile.TotalSeconds:F2} s), {median.ShareOfBuild:P1} of the rebuild ({median.Build.TotalSeconds:F2} s); Policy.Generator {median.Generator.TotalSeconds:F3} s."));
        Console.WriteLine("  Its rules (seconds, % of all analyzer time):");
        Console.WriteLine(median.Rules);
        return median;
    }

    private static string WriteProject(string folder, string root, int fileCount)
    {
        foreach (var (path, text) in AnalyzerCorpus.Files(fileCount, broken: false))
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }

        File.WriteAllText(Path.Combine(folder, TestPolicies.FileName), TestPolicies.Casework);
        File.WriteAllText(Path.Combine(folder, TestPolicies.CustodyFileName), TestPolicies.Custody);

        // Outside the repository, so none of its Directory.Build.props applies to the corpus (the referenced projects
        // still build with theirs). Warnings stay warnings: the corpus breaks the rules on purpose.
        var project = Path.Combine(folder, "Corpus.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>Corpus</RootNamespace>
                <PolicyNamespace>Policies</PolicyNamespace>
                <NoWarn>$(NoWarn);CS8019;CS0105;CS0162;CS0168;CS0219;CS1998;CS8600;CS8602;CS8604;CS8618</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <!-- A quarter of the corpus's files leave out 'using Policies;', which the analyzer tests tolerate. -->
                <Using Include="Policies" />
                <ProjectReference Include="{Path.Combine(root, "runtime", "Policy.Runtime", "Policy.Runtime.csproj")}" />
              </ItemGroup>
              <Import Project="{Path.Combine(root, "generator", "Policy.Generator", "InSolution.targets")}" />
            </Project>
            """);
        return project;
    }

    /// <summary>The ids of the errors the build reports in the corpus project (MSBuild repeats them in its summary: each counted once).</summary>
    private static List<string> CompilerErrors(string output, string project) => Reported(output, project, "error");

    /// <summary>The ids of the generator's and analyzers' own failures, whatever their severity.</summary>
    private static List<string> Failures(string output, string project) =>
        Reported(output, project, severity: null).Where(id => id is "CS8784" or "CS8785" or "AD0001").ToList();

    private static List<string> Reported(string output, string project, string? severity) =>
        DiagnosticLine().Matches(output)
            .Where(m => m.Value.Contains(project, StringComparison.Ordinal) && (severity is null || m.Groups["severity"].Value == severity))
            .Select(m => m.Value.Trim())
            .Distinct(StringComparer.Ordinal)
            .Select(line => DiagnosticLine().Match(line).Groups["id"].Value)
            .ToList();

    private static (int ExitCode, string Output) Dotnet(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Policy.sln not found above the benchmark's folder.");
    }

    [GeneratedRegex(@"^\s+(?<seconds><?[0-9.]+)\s+<?[0-9]+\s+(?<assembly>Policy\.(Analyzers|Generator)), Version=", RegexOptions.Multiline)]
    private static partial Regex AssemblyLine();

    [GeneratedRegex(@"Total analyzer execution time: (?<seconds>[0-9.]+) seconds")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s+<?[0-9.]+\s+<?[0-9]+\s+Policy\.Analyzers\.Rules\.\w+ \(POL[0-9]+\)", RegexOptions.Multiline)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"^.*: (?<severity>error|warning) (?<id>(CS|AD)[0-9]{4}): .*$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"^\s+(?<ms>[0-9]+) ms\s+Csc\s+(?<calls>[0-9]+) calls", RegexOptions.Multiline)]
    private static partial Regex CscLine();

    /// <summary>One rebuild's numbers, read from the compiler's analyzer report and MSBuild's task summary.</summary>
    private sealed record Sample(TimeSpan Analyzers, TimeSpan Generator, TimeSpan Compile, TimeSpan Build, TimeSpan AllAnalyzers, string Rules)
    {
        public double ShareOfCompile => Analyzers / Compile;

        public double ShareOfBuild => Analyzers / Build;

        public static Sample Read(string output, TimeSpan build)
        {
            TimeSpan Seconds(string assembly)
            {
                var match = AssemblyLine().Matches(output).FirstOrDefault(m => m.Groups["assembly"].Value == assembly)
                    ?? throw new InvalidOperationException($"The build's analyzer report does not list {assembly}: is -p:ReportAnalyzer=true still honoured?");
                var text = match.Groups["seconds"].Value.TrimStart('<');
                return TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
            }

            var csc = CscLine().Match(output);
            if (!csc.Success || csc.Groups["calls"].Value != "1")
            {
                throw new InvalidOperationException("The build's performance summary should show exactly one Csc call (the corpus project alone is rebuilt).");
            }

            var total = TotalLine().Match(output);
            var rules = string.Join(Environment.NewLine, RuleLine().Matches(output).Select(m => "    " + m.Value.Trim()));
            return new Sample(
                Seconds("Policy.Analyzers"),
                Seconds("Policy.Generator"),
                TimeSpan.FromMilliseconds(int.Parse(csc.Groups["ms"].Value, CultureInfo.InvariantCulture)),
                build,
                total.Success ? TimeSpan.FromSeconds(double.Parse(total.Groups["seconds"].Value, CultureInfo.InvariantCulture)) : TimeSpan.Zero,
                rules);
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Policy.Analyzers {Analyzers.TotalSeconds:F3} s of all analyzers' {AllAnalyzers.TotalSeconds:F3} s, generator {Generator.TotalSeconds:F3} s, ");
            text.Append(CultureInfo.InvariantCulture, $"Csc {Compile.TotalSeconds:F2} s, rebuild {Build.TotalSeconds:F2} s: analyzers {ShareOfCompile:P1} of Csc");
            return text.ToString();
        }
    }
}
