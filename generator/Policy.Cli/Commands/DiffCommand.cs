using Policy.Cli.Explaining;

namespace Policy.Cli.Commands;

/// <summary><c>policy diff</c>: what changed between two versions of a policy, in plain English.</summary>
internal static class DiffCommand
{
    public const string Help = """
        Usage: policy diff <old.policy> <new.policy> [--out <file.md>]

        Lists, in plain English, the rules, deadlines, durations, roles and states that were added, removed
        or changed between two versions of a policy, for sign-off, and then what the change does to cases
        already running: the migration plan 'policy migrate plan' would start from. Exit code 0 either way.

        Example:
          policy diff old/rasso-investigation.policy policies/rasso-investigation.policy
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return CommandLine.Success;
        }

        var outFile = PolicyLoader.TakeOption(args, "--out");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count != 2)
        {
            throw new UsageException("diff needs two .policy files: the old version, then the new. Run 'policy diff --help'.");
        }

        var before = PolicyLoader.Load(args[0], error);
        var after = PolicyLoader.Load(args[1], error);
        if (before is null || after is null)
        {
            return CommandLine.ProblemsFound;
        }

        Output.Write(PolicyDiff.Compare(before, after).Markdown + RunningCases.Markdown(before, after), outFile, output);
        return CommandLine.Success;
    }
}
