namespace Policy.Policies.Tests.Infrastructure;

/// <summary>Finds files of this repository from the test's output folder, so no machine path is written down.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The policies written from the source documents: every <c>policies/*.policy</c> file.</summary>
    public static IReadOnlyList<string> Policies() =>
        Directory.GetFiles(Path.Combine(Root, "policies"), "*.policy").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Policy.sln above {AppContext.BaseDirectory}.");
    }
}
