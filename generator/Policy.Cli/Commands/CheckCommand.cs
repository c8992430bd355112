using Policy.Language;
using Policy.Language.Diagnostics;

namespace Policy.Cli.Commands;

/// <summary><c>policy check</c>: compiles policies and prints diagnostics in MSBuild's canonical form.</summary>
internal static class CheckCommand
{
    private const string Help = """
        Usage: policy check <files or folders>...

        Checks every .policy file named, or found below the folders named, and prints each problem as
          path(line,col): error POL0001: message
        followed by a one-line summary. Files that declare one policy name are versions of it, checked together
        as a build checks them: each needs its own version label and effective date (docs/versions.md). Exit code 0 when there are no errors, 1 when there are, 2 when a path
        is missing or unreadable.

        Example:
          policy check policies
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(Help);
            return args.Length == 0 ? CommandLine.UsageError : CommandLine.Success;
        }

        var files = PolicyFiles.Find(args);
        var errors = 0;
        var warnings = 0;
        var versions = new List<Language.Checking.PolicyVersionFacts>();
        foreach (var file in files)
        {
            var compilation = PolicyCompiler.Compile(file, PolicyFiles.Read(file));
            foreach (var diagnostic in compilation.Diagnostics)
            {
                output.WriteLine(Format(file, compilation, diagnostic));
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    errors++;
                }
                else
                {
                    warnings++;
                }
            }

            if (Language.Checking.PolicyVersionFacts.From(compilation) is { } facts)
            {
                versions.Add(facts);
            }
        }

        foreach (var diagnostic in Language.Checking.PolicyVersionChecks.Check(versions))
        {
            output.WriteLine($"{diagnostic.Path}({diagnostic.At.Line},{diagnostic.At.Column}): {(diagnostic.IsError ? "error" : "warning")} {diagnostic.Descriptor.Id}: {diagnostic.Message}");
            if (diagnostic.IsError)
            {
                errors++;
            }
            else
            {
                warnings++;
            }
        }

        output.WriteLine($"Checked {Plural(files.Count, "policy", "policies")}: {Plural(errors, "error", "errors")}, {Plural(warnings, "warning", "warnings")}.");
        return errors > 0 ? CommandLine.ProblemsFound : CommandLine.Success;
    }

    /// <summary>MSBuild's canonical form, which editors and CI logs turn into links.</summary>
    internal static string Format(string path, PolicyCompilation compilation, Diagnostic diagnostic)
    {
        var position = compilation.Source.GetLinePosition(diagnostic.Span.Start);
        var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{path}({position.Line},{position.Column}): {severity} {diagnostic.Id}: {diagnostic.Message}";
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
