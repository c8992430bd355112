using System.Text;

namespace Policy.Cli;

/// <summary>Finds and reads <c>.policy</c> files named on the command line.</summary>
internal static class PolicyFiles
{
    public const string Extension = ".policy";

    /// <summary>The files named, and every .policy file below the folders named, in a stable order.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths, string extension = Extension)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*" + extension, SearchOption.AllDirectories)
                    .Where(f => !IsBuildOutput(f))
                    .OrderBy(f => f, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                throw new UsageException($"'{path}' does not exist. Name a {extension} file or a folder that contains them.");
            }
        }

        return files;
    }

    private static bool IsBuildOutput(string file)
    {
        var parts = file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }

    /// <summary>Reads a file as UTF-8 (a byte-order mark is honoured); I/O failures become usage errors.</summary>
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}");
        }
    }
}
