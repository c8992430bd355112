namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// The sample policies: valid ones in <c>Samples/</c> (each compiles without a single diagnostic) and invalid ones in
/// <c>Samples/Invalid/</c> (together they produce every diagnostic the compiler can report).
/// </summary>
internal static class Samples
{
    public const string Extension = ".policy";

    /// <summary>Names relative to the samples folder, with '/' separators, e.g. <c>Invalid/Names.policy</c>.</summary>
    public static IReadOnlyList<string> Valid { get; } = List(string.Empty);

    public static IReadOnlyList<string> Invalid { get; } = List("Invalid");

    public static IReadOnlyList<string> All { get; } = Valid.Concat(Invalid).ToArray();

    public static TheoryData<string> ValidData => ToTheoryData(Valid);

    public static TheoryData<string> InvalidData => ToTheoryData(Invalid);

    public static TheoryData<string> AllData => ToTheoryData(All);

    public static string PathOf(string name) => Path.Combine(RepositoryPaths.SamplesFolder, name.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static PolicyCompilation Compile(string name) => PolicyCompiler.Compile(name, Read(name));

    private static string[] List(string subfolder)
    {
        var folder = Path.Combine(RepositoryPaths.SamplesFolder, subfolder);
        return Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.TopDirectoryOnly)
            .Select(path => Path.GetRelativePath(RepositoryPaths.SamplesFolder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
    }

    private static TheoryData<string> ToTheoryData(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }
}
