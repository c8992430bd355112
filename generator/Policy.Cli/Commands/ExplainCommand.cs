using Policy.Cli.Explaining;

namespace Policy.Cli.Commands;

/// <summary><c>policy explain</c>: the policy in plain English, as Markdown.</summary>
internal static class ExplainCommand
{
    public const string Help = """
        Usage: policy explain <file.policy> [--out <file.md>]

        Writes the policy in plain English, one sentence per rule, with the clause each rule comes from,
        as Markdown: to the terminal, or to the file named by --out.

        Example:
          policy explain policies/rasso-investigation.policy
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
        if (args.Count != 1)
        {
            throw new UsageException("explain needs exactly one .policy file. Run 'policy explain --help'.");
        }

        var policy = PolicyLoader.Load(args[0], error);
        if (policy is null)
        {
            return CommandLine.ProblemsFound;
        }

        var markdown = Templates.Render("explain.sbn-md", ExplainView.From(policy));
        Output.Write(markdown, outFile, output);
        return CommandLine.Success;
    }
}

/// <summary>Writes a verb's result to the terminal or a file.</summary>
internal static class Output
{
    public static void Write(string text, string? path, TextWriter output)
    {
        if (path is null)
        {
            output.Write(text);
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
    }
}
