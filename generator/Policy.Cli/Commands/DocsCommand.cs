using System.Text;
using Policy.Cli.Explaining;
using Policy.Definitions;

namespace Policy.Cli.Commands;

/// <summary><c>policy docs</c>: a Markdown page per policy (explanation and diagram) and an index.</summary>
internal static class DocsCommand
{
    public const string Help = """
        Usage: policy docs <folder> --out <folder>

        Writes one Markdown page per policy found below <folder> (its plain-English explanation and its state
        diagram) and an index.md linking them.

        Example:
          policy docs policies --out docs/policies
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return CommandLine.Success;
        }

        var outFolder = PolicyLoader.TakeOption(args, "--out") ?? throw new UsageException("docs needs --out <folder>. Run 'policy docs --help'.");
        PolicyLoader.RejectUnknownOptions(args);
        if (args.Count == 0)
        {
            throw new UsageException("docs needs a folder of .policy files. Run 'policy docs --help'.");
        }

        var policies = new List<PolicyDefinition>();
        var failed = false;
        foreach (var file in PolicyFiles.Find(args))
        {
            var policy = PolicyLoader.Load(file, error);
            failed |= policy is null;
            if (policy is not null)
            {
                policies.Add(policy);
            }
        }

        if (failed)
        {
            return CommandLine.ProblemsFound;
        }

        var index = new StringBuilder("# Policies\n\n| Policy | Title | Version |\n| --- | --- | --- |\n");
        foreach (var policy in policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var page = Templates.Render("explain.sbn-md", ExplainView.From(policy))
                + "\n## Diagram\n\n```mermaid\n" + StateDiagram.Mermaid(policy) + "```\n";
            Output.Write(page, Path.Combine(outFolder, policy.Name + ".md"), output);
            index.Append($"| [{policy.Name}]({policy.Name}.md) | {policy.Title} | {policy.Version} |\n");
        }

        Output.Write(index.ToString(), Path.Combine(outFolder, "index.md"), output);
        output.WriteLine($"Wrote {policies.Count} policy pages and index.md to {outFolder}.");
        return CommandLine.Success;
    }
}
