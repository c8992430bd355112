using System.Text;
using Policy.Language.Formatting;
using Policy.Language.Text;

namespace Policy.Cli.Commands;

/// <summary><c>policy format</c>: rewrites policies in the one canonical layout, or with --check lists those that are not.</summary>
internal static class FormatCommand
{
    public const string Help = """
        Usage: policy format <files or folders>... [--check]

        Lays out every .policy file named, or found below the folders named, in the one canonical form:
        two spaces per level, one statement per line, declarations aligned in columns, comments kept where
        they are. Only white space changes, so the policy means the same. A file with a syntax error is left
        as it is and its first error printed. With --check nothing is written: the files that would change
        are listed and the exit code is 1 when there are any.

        Example:
          policy format policies --check
        """;

    public static int Run(string[] arguments, TextWriter output, TextWriter error)
    {
        var args = arguments.ToList();
        if (args.Count == 0 || PolicyLoader.WantsHelp(args))
        {
            output.WriteLine(Help);
            return args.Count == 0 ? CommandLine.UsageError : CommandLine.Success;
        }

        var checkOnly = args.Remove("--check");
        PolicyLoader.RejectUnknownOptions(args);
        var files = PolicyFiles.Find(args);
        var changed = 0;
        var refused = 0;
        foreach (var file in files)
        {
            var text = PolicyFiles.Read(file);
            var result = PolicyFormatter.Format(text);
            if (result.Text is null)
            {
                var position = new PolicySource(file, text).GetLinePosition(result.Error!.Span.Start);
                error.WriteLine($"{file}({position.Line},{position.Column}): error {result.Error.Id}: {result.Error.Message} (not formatted: fix this first)");
                refused++;
                continue;
            }

            if (string.Equals(result.Text, text, StringComparison.Ordinal))
            {
                continue;
            }

            changed++;
            if (checkOnly)
            {
                output.WriteLine($"{file}: not in the canonical layout");
            }
            else
            {
                Write(file, result.Text);
                output.WriteLine($"{file}: formatted");
            }
        }

        var verb = checkOnly ? "would change" : "changed";
        output.WriteLine($"Formatted {files.Count} {(files.Count == 1 ? "policy" : "policies")}: {changed} {verb}, {refused} with syntax errors.");
        return refused > 0 || (checkOnly && changed > 0) ? CommandLine.ProblemsFound : CommandLine.Success;
    }

    private static void Write(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
    }
}
