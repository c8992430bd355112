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

        var index = new StringBuilder("# Policies\n\n| Policy | Title | Version | In force from |\n| --- | --- | --- | --- |\n");

        // Versions of one policy (one name) each get a page: the newest under the policy's name, older ones after it
        // with their version in the file name, so no page overwrites another.
        foreach (var versions in policies.GroupBy(p => p.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var newestFirst = versions.OrderByDescending(p => p.Effective ?? string.Empty, StringComparer.Ordinal).ThenByDescending(p => p.Version ?? string.Empty, StringComparer.Ordinal).ToList();
            for (var i = 0; i < newestFirst.Count; i++)
            {
                var policy = newestFirst[i];
                var file = i == 0 ? policy.Name + ".md" : $"{policy.Name}.{FileSafe(policy.Version ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture))}.md";
                var page = Templates.Render("explain.sbn-md", ExplainView.From(policy))
                    + "\n## Diagram\n\n```mermaid\n" + StateDiagram.Mermaid(policy) + "```\n";
                Output.Write(page, Path.Combine(outFolder, file), output);
                index.Append($"| [{policy.Name}]({file}) | {policy.Title} | {policy.Version} | {policy.Effective} |\n");
            }
        }

        Output.Write(index.ToString(), Path.Combine(outFolder, "index.md"), output);
        output.WriteLine($"Wrote {policies.Count} policy pages and index.md to {outFolder}.");
        return CommandLine.Success;
    }

    /// <summary>A version label as a file name part: letters, digits, '.', '-' and '_' kept, anything else '_'.</summary>
    private static string FileSafe(string version) =>
        new(version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
