namespace Policy.Packaging.Tests;

/// <summary>
/// Packs the Policy package once for the test class, from a copy of the sources in a temporary folder (so it never
/// touches the solution's own build outputs), with a version no earlier run used (so no cached package is reused).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private static readonly string[] CopiedFolders = { "generator", "runtime", "docs/images", "docs/diagnostics", "samples/Policy.Templates" };
    private static readonly string[] CopiedFiles = { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "README.md" };

    /// <summary>Every package the repository ships, by project.</summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["Policy"] = "runtime/Policy.Runtime/Policy.Runtime.csproj",
        ["Policy.PostgreSql"] = "runtime/Policy.PostgreSql/Policy.PostgreSql.csproj",
        ["Policy.Tool"] = "generator/Policy.Cli/Policy.Cli.csproj",
    };

    private static int _fixtures;

    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "policy-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        // Unique per fixture: two test classes packing in the same second must not share (and delete) one cached version.
        Version = "0.0.1-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId + "." + Interlocked.Increment(ref _fixtures);
        var sources = Path.Combine(Root, "src");
        CopySources(RepositoryRoot(), sources);

        foreach (var project in Packages.Values)
        {
            var (code, output) = ProcessRunner.Run(sources, "dotnet", $"pack {project} -c Release -o \"{Feed}\" -p:Version={Version}", TimeSpan.FromMinutes(8));
            if (code != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + output);
            }
        }

        // The template package stamps this version into the application it makes, so it is packed with the same one.
        var (templateCode, templateOutput) = ProcessRunner.Run(sources, "dotnet", $"pack {TemplateProject} -c Release -o \"{Feed}\" -p:Version={Version}", TimeSpan.FromMinutes(4));
        if (templateCode != 0)
        {
            throw new InvalidOperationException("dotnet pack of the templates failed:\n" + templateOutput);
        }

        PackagePath = Path.Combine(Feed, $"Policy.{Version}.nupkg");
        TemplatePackagePath = Path.Combine(Feed, $"Policy.Templates.{Version}.nupkg");
        PostgreSqlPackagePath = Path.Combine(Feed, $"Policy.PostgreSql.{Version}.nupkg");
    }

    /// <summary>The dotnet new template package's project: packed beside the others, but it has no assemblies or symbols of its own.</summary>
    public const string TemplateProject = "samples/Policy.Templates/Policy.Templates.csproj";

    public string Root { get; }
    public string Feed { get; }
    public string Version { get; }
    public string PackagePath { get; }
    public string PostgreSqlPackagePath { get; }
    public string TemplatePackagePath { get; }

    /// <summary>Creates a consumer project outside the repository that references the package by version.</summary>
    /// <param name="web">A web project, as <c>dotnet new web</c> makes, instead of a console one.</param>
    /// <param name="packages">The packages it references, all at <see cref="Version"/>.</param>
    public string CreateConsumer(string name, string policyFileName, string policyText, string program, bool web = false, params string[] packages)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        var references = string.Join("\n    ", (packages.Length == 0 ? ["Policy"] : packages).Select(p => $"<PackageReference Include=\"{p}\" Version=\"{Version}\" />"));
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="{(web ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk")}">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>Force.CaseManagement</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
            </Project>
            """);
        WriteNuGetConfig(folder);
        Directory.CreateDirectory(Path.Combine(folder, "Policies"));
        File.WriteAllText(Path.Combine(folder, "Policies", policyFileName), policyText);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }

    /// <summary>A nuget.config in <paramref name="folder"/> whose one source is this fixture's feed.</summary>
    public void WriteNuGetConfig(string folder) =>
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="policy-e2e" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
            var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "policy", Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }

            foreach (var id in Packages.Keys.Skip(1))
            {
                var other = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(cached))!, id.ToLowerInvariant(), Version);
                if (Directory.Exists(other))
                {
                    Directory.Delete(other, recursive: true);
                }
            }
        }
        catch (IOException)
        {
            // Temporary files; leaving them behind is harmless.
        }
    }

    /// <summary>The repository the packages were packed from (the tests read its sources, never its build outputs).</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Policy.sln not found.");
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in CopiedFiles)
        {
            File.Copy(Path.Combine(from, file), Path.Combine(to, file));
        }

        foreach (var folder in CopiedFolders)
        {
            CopyTree(Path.Combine(from, folder), Path.Combine(to, folder));
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj" or "TestResults")
            {
                continue;
            }

            CopyTree(directory, Path.Combine(to, name));
        }
    }
}
