using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Policy.Analyzers.Tests.Infrastructure;

/// <summary>
/// What test compilations reference: the running framework's own assemblies (no reference pack is downloaded, so the
/// tests run offline), the Policy runtime and the front end, and the logging abstractions.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(Policy.Definitions.PolicyDefinition).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(Policy.Runtime.Workflows.ActionResult).Assembly.Location));

        // What force applications log with, as the runtime itself does.
        references.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));
        return references.ToImmutableArray();
    });

    public static ImmutableArray<MetadataReference> Framework => All.Value;
}
