using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Policy.Packaging.Tests;

/// <summary>What each package says about itself on a feed, its symbols, and the tool installed from the feed.</summary>
public partial class PackageTests
{
    [Fact]
    public void Every_package_has_its_urls_icon_readme_licence_tags_release_notes_and_a_symbols_package()
    {
        foreach (var id in PackageFixture.Packages.Keys)
        {
            var package = Path.Combine(_package.Feed, $"{id}.{_package.Version}.nupkg");
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            XNamespace ns = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open()).Root!.GetDefaultNamespace();
            var metadata = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open()).Root!.Element(ns + "metadata")!;
            string? Value(string name) => metadata.Element(ns + name)?.Value;

            Assert.Equal("https://policy.example/", Value("projectUrl"));
            Assert.Equal("https://policy.example/", metadata.Element(ns + "repository")?.Attribute("url")?.Value);
            Assert.Equal("MIT", Value("license"));
            Assert.Contains("policy", Value("tags")!.Split(' '));
            Assert.False(string.IsNullOrWhiteSpace(Value("releaseNotes")), $"{id} has no release notes.");
            Assert.Contains(Value("icon")!, entries);
            Assert.Contains(Value("readme")!, entries);
            Assert.Contains($"# {id}", ReadEntry(zip, Value("readme")!), StringComparison.Ordinal);

            // Every assembly in lib/ (or the tool's folder) has its PDB in the .snupkg beside the package.
            var symbols = Path.ChangeExtension(package, ".snupkg");
            Assert.True(File.Exists(symbols), $"{id} has no symbols package.");
            using var symbolZip = ZipFile.OpenRead(symbols);
            var pdbs = symbolZip.Entries.Select(e => e.FullName).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            var ours = entries.Where(e => (e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("tools/", StringComparison.Ordinal))
                && Regex.IsMatch(Path.GetFileName(e), @"^(Policy\..*|policy)\.dll$"));
            Assert.NotEmpty(ours);
            Assert.All(ours, dll => Assert.Contains(Path.ChangeExtension(dll, ".pdb"), pdbs));
        }
    }

    [Fact]
    public void The_tool_installs_from_the_feed_and_its_help_lists_every_verb_the_tool_dispatches()
    {
        var tools = Path.Combine(_package.Root, "tools");
        var folder = Path.Combine(_package.Root, "ToolInstall");
        Directory.CreateDirectory(folder);
        var (code, output) = ProcessRunner.Run(
            folder,
            "dotnet",
            $"tool install Policy.Tool --version {_package.Version} --tool-path \"{tools}\" --add-source \"{_package.Feed}\"",
            TimeSpan.FromMinutes(4));
        Assert.True(code == 0, "dotnet tool install failed:\n" + output);

        (code, output) = ProcessRunner.Run(folder, Path.Combine(tools, "policy"), "--help", TimeSpan.FromMinutes(1));
        Assert.Equal(0, code);

        // The verbs are read from the tool's dispatcher, so a verb added there must be added to the help too.
        var dispatcher = File.ReadAllText(Path.Combine(PackageFixture.RepositoryRoot(), "generator", "Policy.Cli", "CommandLine.cs"));
        var verbs = Regex.Matches(dispatcher, "^\\s*\"([a-z-]+)\" =>", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(verbs.Count >= 9, "The dispatcher's verbs were not found: " + string.Join(", ", verbs));
        Assert.All(verbs, verb => Assert.Matches(new Regex($"^  {verb} ", RegexOptions.Multiline), output));
    }

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
