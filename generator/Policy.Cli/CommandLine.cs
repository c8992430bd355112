using Policy.Cli.Commands;

namespace Policy.Cli;

/// <summary>Dispatches the verbs of the <c>policy</c> tool. Exit codes: 0 success, 1 problems found, 2 usage or I/O errors.</summary>
internal static class CommandLine
{
    public const int Success = 0;
    public const int ProblemsFound = 1;
    public const int UsageError = 2;

    private const string Usage = """
        policy: check, explain, draw and simulate .policy files.

        Usage: policy <verb> [arguments]

        Verbs:
          check <files or folders>...     Check policies and print every problem found.
          explain <file>                  The policy in plain English, as Markdown.
          format <files or folders>...    Lay policies out in the canonical form (--check: only list).
          diff <old> <new>                What changed between two versions, in plain English.
          graph <file> [--format dot]     The state diagram, in Mermaid or Graphviz DOT.
          docs <folder> --out <folder>    A Markdown page per policy and an index.
          simulate <policy> <scenario>    Run a scenario on a simulated clock and print the timeline.
          trace <folder> [--out <file>]   Every cited clause, what enforces it and what proves it.
          test <folders>...               Run every .scenario file; 'N passed, N failed'.
          verify <store> --keys <file>    Check a case store's audit record for tampering.
          access <store> --case <id>      Who read, changed or disclosed a case (--officer: what they did).
          migrate plan|dry-run|apply      Move running cases to another version of their policy.

        Run 'policy <verb> --help' for a verb's arguments and an example.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? UsageError : Success;
        }

        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "check" => CheckCommand.Run(rest, output, error),
                "explain" => ExplainCommand.Run(rest, output, error),
                "format" => FormatCommand.Run(rest, output, error),
                "diff" => DiffCommand.Run(rest, output, error),
                "graph" => GraphCommand.Run(rest, output, error),
                "docs" => DocsCommand.Run(rest, output, error),
                "simulate" => SimulateCommand.Run(rest, output, error),
                "test" => TestCommand.Run(rest, output, error),
                "trace" => TraceCommand.Run(rest, output, error),
                "verify" => await VerifyCommand.RunAsync(rest, output, error),
                "access" => await AccessCommand.RunAsync(rest, output, error),
                "migrate" => await MigrateCommand.RunAsync(rest, output, error),
                _ => Fail(error, $"policy: unknown verb '{args[0]}'. Run 'policy --help' for the list of verbs."),
            };
        }
        catch (UsageException e)
        {
            return Fail(error, "policy: " + e.Message);
        }
    }

    internal static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return UsageError;
    }
}

/// <summary>A problem with the command line or the files it names: reported as one plain line, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
