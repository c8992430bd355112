using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1008 (once per compilation): the project has <c>.policy</c> files for the generator but compiles a C# version
/// older than the generated code is written in (<see cref="Required"/>), so the build fails with the compiler's
/// errors inside the generated file (CS9058 and others); this says why and what to set.
/// </summary>
/// <remarks>
/// Not a <see cref="PolicyRuleAnalyzer"/>: it analyses no code and needs no model of the policies, only the
/// compilation's language version and its additional files, so one compilation action is all it registers.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LanguageVersionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>What the generated workflows need: C# 12, for collection expressions (<c>[]</c> and <c>[a, b]</c>).</summary>
    internal const LanguageVersion Required = LanguageVersion.CSharp12;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.LanguageVersion);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(static compilation =>
        {
            if (compilation.Compilation is CSharpCompilation { LanguageVersion: var version } && version < Required && HasPolicies(compilation.Options))
            {
                compilation.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.LanguageVersion, compilation.Options), Location.None, version.ToDisplayString(), Required.ToDisplayString()));
            }
        });
    }

    /// <summary>True when the generator has a <c>.policy</c> file to generate a workflow from.</summary>
    private static bool HasPolicies(AnalyzerOptions options)
    {
        foreach (var file in options.AdditionalFiles)
        {
            if (file.Path.EndsWith(".policy", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
