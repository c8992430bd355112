using Policy.Definitions;
using Policy.Language;

namespace Policy.Cli.Commands;

/// <summary>Loads a policy for the verbs that need a valid one; prints its diagnostics when it has errors.</summary>
internal static class PolicyLoader
{
    /// <summary>The checked policy, or null (after printing its errors) when it has errors.</summary>
    public static PolicyDefinition? Load(string path, TextWriter error)
    {
        if (!File.Exists(path))
        {
            throw new UsageException(Directory.Exists(path)
                ? $"'{path}' is a folder; name one .policy file."
                : $"'{path}' does not exist. Name a .policy file.");
        }

        var compilation = PolicyCompiler.Compile(path, PolicyFiles.Read(path));
        if (compilation.Definition is { } definition)
        {
            return definition;
        }

        foreach (var diagnostic in compilation.Diagnostics)
        {
            error.WriteLine(CheckCommand.Format(path, compilation, diagnostic));
        }

        error.WriteLine($"policy: {path} has errors; fix them first (see 'policy check {path}').");
        return null;
    }

    /// <summary>
    /// The policies of every .policy file below <paramref name="folder"/>, several versions of one policy side by side;
    /// null (their errors printed) when one has errors, or the versions do not fit together (docs/versions.md).
    /// </summary>
    public static Runtime.Cases.PolicyCatalog? LoadCatalog(string folder, TextWriter error)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"--policies names '{folder}', which is not a folder. Name the folder of the .policy files.");
        }

        var compiled = new List<Runtime.Engine.CompiledPolicy>();
        var versions = new List<Language.Checking.PolicyVersionFacts>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var compilation = PolicyCompiler.Compile(path, PolicyFiles.Read(path));
            if (compilation.Definition is not { } definition)
            {
                Load(path, error);
                return null;
            }

            versions.Add(Language.Checking.PolicyVersionFacts.From(compilation)!);
            compiled.Add(Runtime.Engine.CompiledPolicy.Compile(definition));
        }

        var problems = Language.Checking.PolicyVersionChecks.Check(versions).Where(d => d.IsError).ToList();
        foreach (var problem in problems)
        {
            error.WriteLine($"{problem.Path}({problem.At.Line},{problem.At.Column}): error {problem.Descriptor.Id}: {problem.Message}");
        }

        if (problems.Count > 0)
        {
            error.WriteLine($"policy: the versions in {folder} do not fit together; fix them first (see 'policy check {folder}').");
            return null;
        }

        return new Runtime.Cases.PolicyCatalog(compiled);
    }

    /// <summary>The value after an option such as <c>--out</c>, or null; removes both from the arguments.</summary>
    public static string? TakeOption(List<string> args, string name)
    {
        var index = args.IndexOf(name);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{name} needs a value.");
        }

        var value = args[index + 1];
        args.RemoveRange(index, 2);
        return value;
    }

    public static bool WantsHelp(IReadOnlyCollection<string> args) => args.Contains("--help") || args.Contains("-h");

    public static void RejectUnknownOptions(IEnumerable<string> args)
    {
        var unknown = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal));
        if (unknown is not null)
        {
            throw new UsageException($"unknown option '{unknown}'.");
        }
    }
}
