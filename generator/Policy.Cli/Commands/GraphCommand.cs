using Policy.Cli.Explaining;

namespace Policy.Cli.Commands;

/// <summary><c>policy graph</c>: the state diagram in Mermaid or Graphviz DOT.</summary>
internal static class GraphCommand
{
    public const string Help = """
        Usage: policy graph <file.policy> [--format mermaid|dot] [--out <file>]

        Draws the policy's states and transitions. Each transition is labelled with its action and the roles
        that may perform it; each state lists the deadlines that can be open in it. Mermaid is the default.

        Example:
          policy graph policies/incident-attendance.policy --format dot --out attendance.dot
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return CommandLine.Success;
        }

        var format = PolicyLoader.TakeOption(args, "--format") ?? "mermaid";
        var outFile = PolicyLoader.TakeOption(args, "--out");
        PolicyLoader.RejectUnknownOptions(args);
        if (format is not ("mermaid" or "dot"))
        {
            throw new UsageException($"unknown format '{format}'. Use --format mermaid or --format dot.");
        }

        if (args.Count != 1)
        {
            throw new UsageException("graph needs exactly one .policy file. Run 'policy graph --help'.");
        }

        var policy = PolicyLoader.Load(args[0], error);
        if (policy is null)
        {
            return CommandLine.ProblemsFound;
        }

        Output.Write(format == "dot" ? StateDiagram.Dot(policy) : StateDiagram.Mermaid(policy), outFile, output);
        return CommandLine.Success;
    }
}
