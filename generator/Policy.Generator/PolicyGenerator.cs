using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
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
        // policies' outputs stay cached. Each output needs them to give way when two files declare one class name.
        var names = models
            .Select(static (model, _) => new PolicyName(model.View?.ClassName ?? string.Empty, model.Path))
            .WithTrackingName(PolicyGeneratorSteps.PolicyNames)
            .Collect();

        var modelsWithOptions = models
            .Combine(options)
            .Combine(names)
            .Select(static (pair, _) => new EmitInput(pair.Left.Left, pair.Left.Right, FirstPathDeclaring(pair.Right, pair.Left.Left)))
            .WithTrackingName(PolicyGeneratorSteps.ModelsWithOptions);
        context.RegisterSourceOutput(modelsWithOptions, static (output, input) => Emit(output, input));
    }

    /// <summary>What one policy's output needs: its model, the options, and which file owns its class name.</summary>
    private sealed record EmitInput(PolicyModel Model, GeneratorOptions Options, string OwnerPath);

    private static string FirstPathDeclaring(System.Collections.Immutable.ImmutableArray<PolicyName> names, PolicyModel model)
    {
        var owner = model.Path;
        if (model.View is null)
        {
            return owner;
        }

        foreach (var name in names)
        {
            if (name.ClassName == model.View.ClassName && string.CompareOrdinal(name.Path, owner) < 0)
            {
                owner = name.Path;
            }
        }

        return owner;
    }

    private sealed record PolicyName(string ClassName, string Path);

    internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        if (options.TryGetValue("build_property.PolicyNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns))
        {
            return new GeneratorOptions(ns.Trim());
        }

        if (options.TryGetValue("build_property.RootNamespace", out var root) && !string.IsNullOrWhiteSpace(root))
        {
            return new GeneratorOptions(root.Trim());
        }

        return new GeneratorOptions("Policies");
    }

    private static void Emit(SourceProductionContext output, EmitInput input)
    {
        var (model, options) = (input.Model, input.Options);
        foreach (var diagnostic in model.Diagnostics)
        {
            output.ReportDiagnostic(ToRoslyn(diagnostic));
        }

        if (model.View is not { } view)
        {
            return;
        }

        if (!string.Equals(input.OwnerPath, model.Path, StringComparison.Ordinal))
        {
            var descriptor = DiagnosticDescriptors.DuplicatePolicyName;
            output.ReportDiagnostic(ToRoslyn(new DiagnosticInfo(descriptor.Id, true, descriptor.Title, string.Format(descriptor.MessageFormat, view.ClassName), model.Path, 0, 0, 0, 0, 0, 0)));
            return;
        }

        try
        {
            var source = PolicyEmitter.Render(view, options);
            output.AddSource(view.ClassName + ".g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(ToRoslyn(PolicyModelBuilder.Failure(model.Path, view.ClassName, e)));
        }
    }

    internal static RoslynDiagnostic ToRoslyn(DiagnosticInfo info)
    {
        var descriptor = Descriptors.GetOrAdd(info.Id + (info.IsError ? ":e" : ":w"), _ => new DiagnosticDescriptor(
            info.Id,
            info.Title,
            "{0}",
            "Policy",
            info.IsError ? RoslynSeverity.Error : RoslynSeverity.Warning,
            isEnabledByDefault: true,
            description: $"See docs/diagnostics/{info.Id}.md."));
        var location = Location.Create(
            info.Path,
            new TextSpan(info.Start, info.Length),
            new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return RoslynDiagnostic.Create(descriptor, location, info.Message);
    }
}
