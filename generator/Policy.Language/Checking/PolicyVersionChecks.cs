using System.Globalization;
using Policy.Language.Diagnostics;
using Policy.Language.Syntax;

namespace Policy.Language.Checking;

/// <summary>Where something is in a policy file: offsets, and 1-based lines and columns.</summary>
public sealed record PolicyPosition(int Start, int Length, int Line, int Column, int EndLine, int EndColumn);

/// <summary>
/// What the versions check needs of one checked policy file: its name, version label, effective date and states, and
/// where each of those is written. Plain data, so that a source generator can keep it between builds.
/// </summary>
public sealed record PolicyVersionFacts(
    string Path,
    string Name,
    string Version,
    string? Effective,
    PolicyPosition NameAt,
    PolicyPosition? VersionAt,
    PolicyPosition? EffectiveAt,
    IReadOnlyList<string> States)
{
    /// <summary>The facts of a compiled file; null when it has no checked policy (its own errors say why).</summary>
    public static PolicyVersionFacts? From(PolicyCompilation compilation)
    {
        if (compilation is null)
        {
            throw new ArgumentNullException(nameof(compilation));
        }

        if (compilation.Definition is not { } definition || compilation.Syntax.Members.OfType<PolicyDeclarationSyntax>().FirstOrDefault() is not { } declaration)
        {
            return null;
        }

        PolicyPosition At(Text.TextSpan span)
        {
            var start = compilation.Source.GetLinePosition(span.Start);
            var end = compilation.Source.GetLinePosition(span.End);
            return new PolicyPosition(span.Start, span.Length, start.Line, start.Column, end.Line, end.Column);
        }

        var statements = declaration.Body.Statements;
        var version = statements.OfType<VersionSyntax>().FirstOrDefault();
        var effective = statements.OfType<EffectiveSyntax>().FirstOrDefault();
        return new PolicyVersionFacts(
            compilation.Source.Path,
            definition.Name,
            definition.Version ?? string.Empty,
            definition.Effective,
            At(declaration.Name.Span),
            version is null ? null : At(version.Span),
            effective is null ? null : At(effective.Span),
            definition.States.Select(s => s.Name).ToArray());
    }
}

/// <summary>A problem the versions check found, in one file.</summary>
public sealed record PolicyVersionDiagnostic(string Path, DiagnosticDescriptor Descriptor, PolicyPosition At, string Message)
{
    public bool IsError => Descriptor.Severity == DiagnosticSeverity.Error;
}

/// <summary>
/// Checks the policy files of one project together: files that declare one policy name are versions of it, and each
/// must say when it is in force (its own <c>effective</c> date and <c>version</c> label), no two on one day; a state the
/// newest version drops is reported, since cases opened under an older one may be in it. See docs/versions.md.
/// </summary>
public static class PolicyVersionChecks
{
    public static IReadOnlyList<PolicyVersionDiagnostic> Check(IEnumerable<PolicyVersionFacts> policies)
    {
        if (policies is null)
        {
            throw new ArgumentNullException(nameof(policies));
        }

        var found = new List<PolicyVersionDiagnostic>();
        foreach (var group in policies.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var versions = group.OrderBy(p => p.Path, StringComparer.Ordinal).ToArray();
            if (versions.Length < 2)
            {
                continue;
            }

            var files = string.Join(", ", versions.Select(v => System.IO.Path.GetFileName(v.Path)));
            foreach (var version in versions)
            {
                if (version.Effective is null)
                {
                    found.Add(Report(DiagnosticDescriptors.VersionWithoutPeriod, version, version.NameAt, "effective date", group.Key, versions.Length, files, "effective YYYY-MM-DD (the day it comes into force)"));
                }

                if (version.Version.Length == 0)
                {
                    found.Add(Report(DiagnosticDescriptors.VersionWithoutPeriod, version, version.NameAt, "version label", group.Key, versions.Length, files, "version \"YYYY.NN\""));
                }
            }

            for (var i = 0; i < versions.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var (earlier, later) = (versions[j], versions[i]);
                    if (later.Effective is { } day && string.Equals(day, earlier.Effective, StringComparison.Ordinal))
                    {
                        found.Add(Report(DiagnosticDescriptors.VersionsInForceTogether, later, later.EffectiveAt ?? later.NameAt, later.Version, group.Key, day, earlier.Version, System.IO.Path.GetFileName(earlier.Path)));
                    }

                    if (later.Version.Length > 0 && string.Equals(later.Version, earlier.Version, StringComparison.Ordinal))
                    {
                        found.Add(Report(DiagnosticDescriptors.VersionLabelTwice, later, later.VersionAt ?? later.NameAt, later.Version, group.Key, System.IO.Path.GetFileName(earlier.Path)));
                    }
                }
            }

            if (versions.Any(v => v.Effective is null))
            {
                continue;
            }

            var newest = Newest(versions);
            foreach (var older in versions.Where(v => !ReferenceEquals(v, newest)))
            {
                foreach (var state in older.States.Where(s => !newest.States.Contains(s, StringComparer.Ordinal)))
                {
                    found.Add(Report(DiagnosticDescriptors.StateRemovedInNewerVersion, newest, newest.NameAt, state, older.Version, System.IO.Path.GetFileName(older.Path), newest.Version));
                }
            }
        }

        return found;
    }

    /// <summary>The version that takes effect last (by effective date, then label, then path, so the choice never depends on order).</summary>
    public static PolicyVersionFacts Newest(IReadOnlyCollection<PolicyVersionFacts> versions)
    {
        if (versions is null)
        {
            throw new ArgumentNullException(nameof(versions));
        }

        return versions
            .OrderBy(v => v.Effective ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ThenBy(v => v.Path, StringComparer.Ordinal)
            .Last();
    }

    private static PolicyVersionDiagnostic Report(DiagnosticDescriptor descriptor, PolicyVersionFacts file, PolicyPosition at, params object[] arguments) =>
        new(file.Path, descriptor, at, string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, arguments));
}
