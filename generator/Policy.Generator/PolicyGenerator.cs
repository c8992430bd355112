using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Policy.Documentation;
using Policy.Generator.Emit;
using Policy.Generator.Model;
using DiagnosticDescriptors = Policy.Language.Diagnostics.DiagnosticDescriptors;
using RoslynDiagnostic = Microsoft.CodeAnalysis.Diagnostic;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace Policy.Generator;

/// <summary>
/// Compiles every <c>.policy</c> file given as an <c>AdditionalFiles</c> item into typed C#. A policy with errors
/// produces its diagnostics (at the policy file's line and column) and no code. No input makes the generator throw:
/// an internal failure becomes one <c>POL0090</c> diagnostic naming the policy.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PolicyGenerator : IIncrementalGenerator
{
    private static readonly ConcurrentDictionary<string, DiagnosticDescriptor> Descriptors = new(StringComparer.Ordinal);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".policy", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => new PolicyFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(PolicyGeneratorSteps.PolicyFiles);

        var models = files
            .Select(static (file, cancellationToken) => PolicyModelBuilder.Build(file, cancellationToken))
            .WithTrackingName(PolicyGeneratorSteps.PolicyModels);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(PolicyGeneratorSteps.Options);

        // Only names cross policies: editing one policy's body leaves the collected names unchanged, so the other
        // policies' outputs stay cached. Each output needs them to give way when two files generate one C# type.
        var names = models
            .Select(static (model, _) => new PolicyName(model.View?.PolicyName ?? string.Empty, model.Path, model.Facts))
            .WithTrackingName(PolicyGeneratorSteps.PolicyNames)
            .Collect();

        var modelsWithOptions = models
            .Combine(options)
            .Combine(names)
            .Select(static (pair, _) => EmitInput.For(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(PolicyGeneratorSteps.ModelsWithOptions);
        context.RegisterSourceOutput(modelsWithOptions, static (output, input) => Emit(output, input));
    }

    /// <summary>What one policy's output needs: its model, the options, whether another file already generates its types, and its place among the versions of its policy.</summary>
    /// <param name="ClashingPath">The earlier file (by path) whose policy generates a type this one does, or null.</param>
    /// <param name="ClashingType">That type's name.</param>
    private sealed record EmitInput(PolicyModel Model, GeneratorOptions Options, string? ClashingPath, string? ClashingType, VersionPlace Versions)
    {
        public static EmitInput For(PolicyModel model, GeneratorOptions options, System.Collections.Immutable.ImmutableArray<PolicyName> names)
        {
            if (model.View is not { } view)
            {
                return new EmitInput(model, options, null, null, VersionPlace.Single);
            }

            string? clashingPath = null;
            string? clashingType = null;
            var mine = TypesOf(view.PolicyName);
            foreach (var other in names)
            {
                // Files that declare the very same policy name are its versions: together they make one class.
                if (other.Name.Length == 0 || string.Equals(other.Name, view.PolicyName, StringComparison.Ordinal)
                    || string.CompareOrdinal(other.Path, model.Path) >= 0 || (clashingPath is not null && string.CompareOrdinal(other.Path, clashingPath) >= 0))
                {
                    continue;
                }

                // Hint names, and the files a build may write from them, are compared without regard to case.
                var shared = TypesOf(other.Name).FirstOrDefault(t => mine.Contains(t, StringComparer.OrdinalIgnoreCase));
                if (shared is not null)
                {
                    (clashingPath, clashingType) = (other.Path, shared);
                }
            }

            return new EmitInput(model, options, clashingPath, clashingType, VersionPlace.For(model, names));
        }

        private static string[] TypesOf(string policyName) => new[] { policyName, Language.Naming.GeneratedNames.StateEnum(policyName) };
    }

    private sealed record PolicyName(string Name, string Path, VersionFacts? Facts);

    /// <summary>Where a file stands among the files that declare its policy's name.</summary>
    /// <param name="Role">Alone, the newest version (which generates the class), or an older one (which adds its description to it).</param>
    /// <param name="Diagnostics">What the check across versions reports in this file.</param>
    /// <param name="Blocked">True when a version of the policy has an error from that check: no version generates code.</param>
    /// <param name="Older">For the newest: the older versions' labels, earliest effective date first.</param>
    /// <param name="RemovedStates">For the newest: states only older versions have, with the version each is last in.</param>
    private sealed record VersionPlace(VersionRole Role, EquatableArray<DiagnosticInfo> Diagnostics, bool Blocked, EquatableArray<string> Older, EquatableArray<RemovedState> RemovedStates)
    {
        public static VersionPlace Single { get; } = new(VersionRole.Single, EquatableArray<DiagnosticInfo>.Empty, false, EquatableArray<string>.Empty, EquatableArray<RemovedState>.Empty);

        public static VersionPlace For(PolicyModel model, System.Collections.Immutable.ImmutableArray<PolicyName> names)
        {
            if (model.Facts is not { } mine)
            {
                return Single;
            }

            var group = names.Where(n => n.Facts is { } f && string.Equals(f.Name, mine.Name, StringComparison.Ordinal)).Select(n => n.Facts!).ToList();
            if (group.Count < 2)
            {
                return Single;
            }

            var found = Language.Checking.PolicyVersionChecks.Check(group.Select(f => f.ToLanguage()));
            var diagnostics = found.Where(d => string.Equals(d.Path, model.Path, StringComparison.Ordinal)).Select(d => new DiagnosticInfo(
                d.Descriptor.Id, d.IsError, d.Descriptor.Title, d.Message, d.Path, d.At.Start, d.At.Length, d.At.Line - 1, d.At.Column - 1, d.At.EndLine - 1, d.At.EndColumn - 1)).ToEquatableArray();
            var blocked = found.Any(d => d.IsError);
            var newest = Language.Checking.PolicyVersionChecks.Newest(group.Select(f => f.ToLanguage()).ToList());
            if (!string.Equals(newest.Path, model.Path, StringComparison.Ordinal))
            {
                return new VersionPlace(VersionRole.Older, diagnostics, blocked, EquatableArray<string>.Empty, EquatableArray<RemovedState>.Empty);
            }

            var older = group.Where(f => !string.Equals(f.Path, model.Path, StringComparison.Ordinal))
                .OrderBy(f => f.Effective ?? string.Empty, StringComparer.Ordinal).ThenBy(f => f.Version, StringComparer.Ordinal).ToList();
            var removed = new List<RemovedState>();
            foreach (var version in Enumerable.Reverse(older))
            {
                foreach (var state in version.States.Where(s => !mine.States.Contains(s) && removed.All(r => r.Name != s)))
                {
                    removed.Add(new RemovedState(state, version.Version));
                }
            }

            return new VersionPlace(VersionRole.Newest, diagnostics, blocked, older.Select(f => f.Version).ToEquatableArray(), removed.ToEquatableArray());
        }
    }

    private enum VersionRole
    {
        Single,
        Newest,
        Older,
    }

    private sealed record RemovedState(string Name, string LastVersion);

    internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        var documentation = options.TryGetValue(DocumentationLinks.BaseUrlProperty, out var url) ? DocumentationLinks.BaseUrl(url) : null;
        if (options.TryGetValue("build_property.PolicyNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns))
        {
            return new GeneratorOptions(ns.Trim(), documentation);
        }

        if (options.TryGetValue("build_property.RootNamespace", out var root) && !string.IsNullOrWhiteSpace(root))
        {
            return new GeneratorOptions(root.Trim(), documentation);
        }

        return new GeneratorOptions("Policies", documentation);
    }

    private static void Emit(SourceProductionContext output, EmitInput input)
    {
        var (model, options) = (input.Model, input.Options);
        foreach (var diagnostic in model.Diagnostics)
        {
            output.ReportDiagnostic(ToRoslyn(diagnostic, options.DocumentationBaseUrl));
        }

        if (model.View is not { } view)
        {
            return;
        }

        if (input.ClashingPath is { } clashingPath)
        {
            var descriptor = DiagnosticDescriptors.DuplicatePolicyName;
            var message = string.Format(descriptor.MessageFormat, input.ClashingType, Path.GetFileName(clashingPath));
            output.ReportDiagnostic(ToRoslyn(new DiagnosticInfo(descriptor.Id, true, descriptor.Title, message, model.Path, 0, 0, 0, 0, 0, 0), options.DocumentationBaseUrl));
            return;
        }

        var versions = input.Versions;
        foreach (var diagnostic in versions.Diagnostics)
        {
            output.ReportDiagnostic(ToRoslyn(diagnostic, options.DocumentationBaseUrl));
        }

        if (versions.Blocked)
        {
            return;
        }

        try
        {
            switch (versions.Role)
            {
                case VersionRole.Older:
                    output.AddSource(VersionHintName(view.PolicyName, view.Version), SourceText.From(PolicyEmitter.RenderOlderVersion(view, options, VersionHolder(view.Version)), System.Text.Encoding.UTF8));
                    break;
                case VersionRole.Newest:
                    var removed = versions.RemovedStates.Select((r, i) => new PolicyEmitter.RemovedStateView(
                        Language.Naming.GeneratedNames.Identifier(r.Name),
                        view.States.Count + i,
                        CSharp.Xml($"Only in version {r.LastVersion} and earlier: a case opened under such a version may be here until it is migrated."),
                        CSharp.Literal($"State {r.Name} is not in version {view.Version} of {view.PolicyName}; only cases under version {r.LastVersion} or earlier can be in it."),
                        CSharp.Literal(r.Name))).ToList();
                    var source = PolicyEmitter.Render(view, options, new PolicyEmitter.VersionsView(versions.Older.Select(VersionHolder).ToList(), versions.Older.ToList(), removed));
                    output.AddSource(HintName(view.PolicyName), SourceText.From(source, System.Text.Encoding.UTF8));
                    break;
                default:
                    output.AddSource(HintName(view.PolicyName), SourceText.From(PolicyEmitter.Render(view, options), System.Text.Encoding.UTF8));
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(ToRoslyn(PolicyModelBuilder.Failure(model.Path, view.ClassName, e), options.DocumentationBaseUrl));
        }
    }

    /// <summary>
    /// The generated file's name: the policy's name where it is plain ASCII; otherwise the ASCII letters and digits of
    /// it and a hash of the whole, so that names in any script give a file name every file system accepts and no two
    /// policies share one (policy names that differ only in case are refused before this, with POL0091).
    /// </summary>
    internal static string HintName(string policyName)
    {
        var plain = new System.Text.StringBuilder(policyName.Length);
        foreach (var c in policyName)
        {
            plain.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (plain.ToString() == policyName)
        {
            return policyName + ".g.cs";
        }

        return plain + "." + Fnv(policyName) + ".g.cs";
    }

    /// <summary>The nested class that holds an older version's description: unique per label, whatever characters it has.</summary>
    internal static string VersionHolder(string version) => "__Version_" + Fnv(version);

    /// <summary>The file an older version's description is generated into.</summary>
    internal static string VersionHintName(string policyName, string version) =>
        HintName(policyName).Substring(0, HintName(policyName).Length - ".g.cs".Length) + ".v" + Fnv(version) + ".g.cs";

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and platforms, unlike string.GetHashCode.</summary>
    private static string Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A diagnostic of the policy language as Roslyn reports it, with an absolute help link to its page (<see cref="DocumentationLinks"/>).</summary>
    internal static RoslynDiagnostic ToRoslyn(DiagnosticInfo info, string? documentationBaseUrl = null)
    {
        var descriptor = Descriptors.GetOrAdd(info.Id + (info.IsError ? ":e" : ":w") + documentationBaseUrl, _ => new DiagnosticDescriptor(
            info.Id,
            info.Title,
            "{0}",
            "Policy",
            info.IsError ? RoslynSeverity.Error : RoslynSeverity.Warning,
            isEnabledByDefault: true,
            description: $"See docs/diagnostics/{info.Id}.md.",
            helpLinkUri: DocumentationLinks.HelpLink(documentationBaseUrl, info.Id)));
        var location = Location.Create(
            info.Path,
            new TextSpan(info.Start, info.Length),
            new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return RoslynDiagnostic.Create(descriptor, location, info.Message);
    }
}
