using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Policy.Generator;

namespace Policy.Analyzers.Tests.Infrastructure;

/// <summary>
/// An analyzer test in which the policy generator runs: the test's C# sees the workflow generated from
/// <see cref="TestPolicies.Casework"/>, exactly as an application would.
/// </summary>
internal sealed class PolicyAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public PolicyAnalyzerTest(string source)
    {
        TestCode = source;
        PolicyTestSetup.Apply(this);
    }

    protected override IEnumerable<Type> GetSourceGenerators() => PolicyTestSetup.Generators;
}

/// <summary>A code fix test in which the policy generator runs, before and after the fix.</summary>
/// <remarks>
/// Microsoft.CodeAnalysis.Testing 1.1.4 runs the generators of <c>GetSourceGenerators()</c> on the compilation it
/// analyzes, but the documents it hands to code fixes belong to a workspace project without them: a fix's semantic
/// model would not see the generated workflow. So here the generator is added to the workspace project itself, which
/// runs it for the analysis and for every fix alike.
/// </remarks>
internal sealed class PolicyCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public PolicyCodeFixTest(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        PolicyTestSetup.Apply(this);
        SolutionTransforms.Add(static (solution, project) => solution.AddAnalyzerReference(project, PolicyGeneratorReference.Instance));
    }
}

/// <summary>The policy generator as a workspace project's analyzer reference; one instance, as a build would load it.</summary>
internal sealed class PolicyGeneratorReference : AnalyzerReference
{
    public static readonly PolicyGeneratorReference Instance = new();

    private static readonly ImmutableArray<ISourceGenerator> Generator = ImmutableArray.Create(new PolicyGenerator().AsSourceGenerator());

    public override string FullPath => typeof(PolicyGenerator).Assembly.Location;

    public override object Id => typeof(PolicyGenerator).FullName!;

    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => ImmutableArray<DiagnosticAnalyzer>.Empty;

    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => ImmutableArray<DiagnosticAnalyzer>.Empty;

    public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => Generator;

    public override ImmutableArray<ISourceGenerator> GetGenerators(string language) => Generator;
}

internal static class PolicyTestSetup
{
    public static readonly Type[] Generators = { typeof(PolicyGenerator) };

    /// <summary>The usings every test source starts with.</summary>
    public const string Usings = """
        using System;
        using Policies;
        using Policy.Runtime.Workflows;

        """;

    public static void Apply<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        // No reference pack: the framework the tests run on is the reference set, so nothing is downloaded.
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        test.TestState.AdditionalFiles.Add((TestPolicies.FileName, TestPolicies.Casework));
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }
}

/// <summary>Runs a rule over C# that uses the test policy's generated workflow.</summary>
internal static class Verify
{
    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new PolicyAnalyzerTest<TAnalyzer>(PolicyTestSetup.Usings + source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Checks that no fix is offered: the code is flagged as marked, and stays as it is.</summary>
    public static Task NoCodeFixAsync<TAnalyzer, TCodeFix>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFixAsync<TAnalyzer, TCodeFix>(source, source);

    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        new PolicyCodeFixTest<TAnalyzer, TCodeFix>(PolicyTestSetup.Usings + source, PolicyTestSetup.Usings + fixedSource).RunAsync();
}
