namespace Policy.Language.Tests.Infrastructure;

/// <summary>Finds files in the source tree: the folder holding <c>Policy.sln</c> is found by walking up from the test assembly.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string SamplesFolder => Path.Combine(Root, "tests", "Policy.Language.Tests", "Samples");

    public static string DiagnosticDocsFolder => Path.Combine(Root, "docs", "diagnostics");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Policy.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Policy.sln above {AppContext.BaseDirectory}: the tests read samples from the source tree.");
    }
}
