using System.Globalization;
using System.Text.Json;
using Policy.Cli.Scenarios;
using Policy.Definitions;

namespace Policy.Cli.Commands;

/// <summary>Loads and runs scenarios for <c>policy simulate</c> and <c>policy test</c>.</summary>
internal static class ScenarioLoading
{
    /// <summary>Parses a scenario and loads its policy; prints problems in MSBuild's form and returns null when there are any.</summary>
    public static (Scenario Scenario, PolicyDefinition Policy)? Load(string scenarioPath, string? policyPath, TextWriter error)
    {
        var (scenario, diagnostics) = ScenarioParser.Parse(scenarioPath, PolicyFiles.Read(scenarioPath));
        if (scenario is null)
        {
            foreach (var d in diagnostics)
            {
                error.WriteLine(Format(scenarioPath, d));
            }

            return null;
        }

        policyPath ??= Path.Combine(Path.GetDirectoryName(scenarioPath) ?? ".", scenario.PolicyPath);
        if (!File.Exists(policyPath))
        {
            error.WriteLine($"{scenarioPath}(1,1): error SCN0002: The policy '{scenario.PolicyPath}' was not found at {policyPath}. Give its path relative to the scenario.");
            return null;
        }

        var policy = PolicyLoader.Load(policyPath, error);
        return policy is null ? null : (scenario, policy);
    }

    public static string Format(string path, ScenarioDiagnostic d) => $"{path}({d.Position.Line},{d.Position.Column}): error {d.Id}: {d.Message}";

    /// <summary>An instant as London time; in the hour the clocks go back, which pass (BST or GMT) it is.</summary>
    public static string Local(DateTimeOffset instant)
    {
        var local = LondonTime.ToLocal(instant);
        var text = local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        return LondonTime.Zone.IsAmbiguousTime(local) ? text + (LondonTime.Zone.IsDaylightSavingTime(instant) ? " BST" : " GMT") : text;
    }
}

/// <summary>Colours for a terminal that supports them; plain text otherwise.</summary>
internal sealed class Palette
{
    private readonly bool _enabled;

    private Palette(bool enabled) => _enabled = enabled;

    public static Palette For(TextWriter output) =>
        new(ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));

    public string Green(string text) => _enabled ? $"\u001b[32m{text}\u001b[0m" : text;

    public string Red(string text) => _enabled ? $"\u001b[31m{text}\u001b[0m" : text;

    public string Dim(string text) => _enabled ? $"\u001b[2m{text}\u001b[0m" : text;
}

/// <summary><c>policy simulate</c>: runs one scenario and prints its timeline.</summary>
internal static class SimulateCommand
{
    public const string Help = """
        Usage: policy simulate <file.policy> <file.scenario> [--format text|json]

        Runs the scenario against the policy on the real runtime with a simulated clock, and prints the
        timeline: actions, refusals with their messages, deadlines opened, met and breached, escalations,
        and whether each expectation held. Exit code 1 when an expectation did not hold.

        Example:
          policy simulate policies/rasso-investigation.policy policies/scenarios/rasso-dna-match.scenario
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return CommandLine.Success;
        }

        var format = PolicyLoader.TakeOption(args, "--format") ?? "text";
        PolicyLoader.RejectUnknownOptions(args);
        if (format is not ("text" or "json"))
        {
            throw new UsageException($"unknown format '{format}'. Use --format text or --format json.");
        }

        if (args.Count != 2)
        {
            throw new UsageException("simulate needs a .policy file and a .scenario file. Run 'policy simulate --help'.");
        }

        if (!File.Exists(args[1]))
        {
            throw new UsageException($"'{args[1]}' does not exist. Name a .scenario file.");
        }

        var loaded = ScenarioLoading.Load(args[1], args[0], error);
        if (loaded is not { } pair)
        {
            return CommandLine.ProblemsFound;
        }

        var outcome = ScenarioRunner.Run(pair.Scenario, pair.Policy);
        foreach (var problem in outcome.Errors)
        {
            error.WriteLine(ScenarioLoading.Format(args[1], problem));
        }

        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                scenario = outcome.Scenario.Title,
                policy = pair.Policy.Name,
                version = pair.Policy.Version,
                passed = outcome.Passed,
                timeline = outcome.Timeline.Select(t => new { at = t.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), london = ScenarioLoading.Local(t.At), kind = t.Kind, text = t.Text, subject = t.Subject, detail = t.Detail }),
                failures = outcome.Failures.Select(f => new { line = f.Position.Line, column = f.Position.Column, expected = f.Expected, actual = f.Actual }),
                stepsNotRun = outcome.StepsNotRun,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var palette = Palette.For(output);
            output.WriteLine($"Scenario: {outcome.Scenario.Title}");
            output.WriteLine($"Policy:   {pair.Policy.Title} ({pair.Policy.Name}{(pair.Policy.Version.Length > 0 ? " " + pair.Policy.Version : string.Empty)})");
            output.WriteLine();
            foreach (var entry in outcome.Timeline)
            {
                var text = entry.Kind switch
                {
                    "refused" or "breached" or "escalated" or "expect failed" => palette.Red(entry.Text),
                    "expect ok" or "deadline met" => palette.Green(entry.Text),
                    _ => entry.Text,
                };
                output.WriteLine($"{palette.Dim(ScenarioLoading.Local(entry.At))}  {text}");
            }

            output.WriteLine();
            output.WriteLine(outcome.Passed ? palette.Green("Every expectation held.") : palette.Red($"{outcome.Failures.Count + outcome.Errors.Count} problem(s)."));
        }

        return outcome.Passed ? CommandLine.Success : CommandLine.ProblemsFound;
    }
}

/// <summary><c>policy test</c>: runs every scenario below a folder, like <c>opa test</c>.</summary>
internal static class TestCommand
{
    public const string Help = """
        Usage: policy test <files or folders>...

        Runs every .scenario file named, or found below the folders named, against the policy it names.
        Prints one line per scenario, and for a failure the expectation that did not hold and what happened
        instead, then a summary line 'N passed, N failed'. Exit code 1 when any scenario failed.

        Example:
          policy test policies
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Length == 0 || PolicyLoader.WantsHelp(arguments))
        {
            output.WriteLine(Help);
            return arguments.Length == 0 ? CommandLine.UsageError : CommandLine.Success;
        }

        PolicyLoader.RejectUnknownOptions(arguments);
        var files = PolicyFiles.Find(arguments, ".scenario");
        var palette = Palette.For(output);
        var passed = 0;
        var failed = 0;
        foreach (var file in files)
        {
            var problems = new StringWriter();
            var loaded = ScenarioLoading.Load(file, null, problems);
            var outcome = loaded is { } pair ? ScenarioRunner.Run(pair.Scenario, pair.Policy) : null;
            if (outcome is { Passed: true })
            {
                passed++;
                output.WriteLine($"{palette.Green("PASS")} {file}: {outcome.Scenario.Title}");
                continue;
            }

            failed++;
            output.WriteLine($"{palette.Red("FAIL")} {file}{(outcome is null ? string.Empty : ": " + outcome.Scenario.Title)}");
            output.Write(problems.ToString());
            foreach (var problem in outcome?.Errors ?? Array.Empty<ScenarioDiagnostic>())
            {
                output.WriteLine("  " + ScenarioLoading.Format(file, problem));
            }

            foreach (var failure in outcome?.Failures ?? Array.Empty<ScenarioFailure>())
            {
                output.WriteLine($"  {file}({failure.Position.Line},{failure.Position.Column}): expected {failure.Expected}, but {failure.Actual}.");
            }

            if (outcome is { StepsNotRun: > 0 } stopped)
            {
                output.WriteLine($"  The scenario stopped there: {stopped.StepsNotRun} later step(s) not run.");
            }
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        return failed > 0 ? CommandLine.ProblemsFound : CommandLine.Success;
    }
}
