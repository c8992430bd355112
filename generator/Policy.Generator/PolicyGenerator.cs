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
            .Select(static (model, _) => new PolicyName(model.View?.PolicyName ?? string.Empty, model.Path))
            .WithTrackingName(PolicyGeneratorSteps.PolicyNames)
            .Collect();

        var modelsWithOptions = models
            .Combine(options)
            .Combine(names)
            .Select(static (pair, _) => EmitInput.For(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(PolicyGeneratorSteps.ModelsWithOptions);
        context.RegisterSourceOutput(modelsWithOptions, static (output, input) => Emit(output, input));
    }

    /// <summary>What one policy's output needs: its model, the options, and whether another file already generates its types.</summary>
    /// <param name="ClashingPath">The earlier file (by path) whose policy generates a type this one does, or null.</param>
    /// <param name="ClashingType">That type's name.</param>
    private sealed record EmitInput(PolicyModel Model, GeneratorOptions Options, string? ClashingPath, string? ClashingType)
    {
        public static EmitInput For(PolicyModel model, GeneratorOptions options, System.Collections.Immutable.ImmutableArray<PolicyName> names)
        {
            if (model.View is not { } view)
            {
                return new EmitInput(model, options, null, null);
            }

            string? clashingPath = null;
            string? clashingType = null;
            var mine = TypesOf(view.PolicyName);
            foreach (var other in names)
            {
                if (other.Name.Length == 0 || string.CompareOrdinal(other.Path, model.Path) >= 0 || (clashingPath is not null && string.CompareOrdinal(other.Path, clashingPath) >= 0))
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

            return new EmitInput(model, options, clashingPath, clashingType);
        }

        private static string[] TypesOf(string policyName) => new[] { policyName, Language.Naming.GeneratedNames.StateEnum(policyName) };
    }

    private sealed record PolicyName(string Name, string Path);

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

        try
        {
            var source = PolicyEmitter.Render(view, options);
            output.AddSource(HintName(view.PolicyName), SourceText.From(source, System.Text.Encoding.UTF8));
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

        // FNV-1a over the UTF-16 code units: stable across processes and platforms, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in policyName)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return plain + "." + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
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
