namespace Policy.Analyzers.Tests.Infrastructure;

/// <summary>Finds the repository's own files from wherever the tests run.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every file matching <paramref name="pattern"/> below the named top-level folders, leaving out build output.</summary>
    public static IEnumerable<string> Below(string pattern, params string[] folders) => folders
        .Select(folder => Path.Combine(Root, folder))
        .Where(Directory.Exists)
        .SelectMany(folder => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
        .Where(path => !IsBuildOutput(Path.GetRelativePath(Root, path)))
        .OrderBy(path => path, StringComparer.Ordinal);

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: Policy.sln was not found above " + AppContext.BaseDirectory);
    }
}
