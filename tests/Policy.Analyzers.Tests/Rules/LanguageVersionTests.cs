using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Policy.Analyzers.Rules;
using Policy.Analyzers.Tests.Infrastructure;

namespace Policy.Analyzers.Tests.Rules;

public sealed class LanguageVersionTests
{
    private const string Source = """
        public static class Desk
        {
            public static int Answer() => 42;
        }
        """;

    [Fact]
    public Task Reports_once_a_project_below_the_version_the_generated_code_needs() => RunAsync(
        LanguageVersion.CSharp11,
        policies: 2,
        new DiagnosticResult(PolicyDiagnostics.LanguageVersion).WithArguments("11.0", "12.0"));

    [Fact]
    public Task Says_nothing_on_the_version_the_generated_code_needs_or_later() => RunAsync(LanguageVersion.CSharp12, policies: 1);

    [Fact]
    public Task Says_nothing_in_a_project_without_policies() => RunAsync(LanguageVersion.CSharp10, policies: 0);

    [Fact]
    public void The_generated_code_needs_collection_expressions_from_CSharp_12()
    {
        // A snapshot of the generated code compiled on C# 11 fails on its collection expressions (CS9058), and only there.
        var snapshot = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tests", "Policy.Generator.Tests", "Snapshots", "Minimal.verified.cs"));
        var errors = CSharpCompilation.Create(
                "Snapshot",
                [CSharpSyntaxTree.ParseText(snapshot, new CSharpParseOptions(LanguageVersion.CSharp11))],
                TestReferences.Framework,
                new CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable))
            .GetDiagnostics()
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => d.Id)
            .Distinct();

        Assert.Equal(["CS9058"], errors);
        Assert.Equal(LanguageVersion.CSharp12, LanguageVersionAnalyzer.Required);
    }

    private static Task RunAsync(LanguageVersion version, int policies, params DiagnosticResult[] expected)
    {
        var test = new PolicyAnalyzerTest<LanguageVersionAnalyzer>(PolicyTestSetup.Usings.Replace("using Policies;\n", string.Empty, StringComparison.Ordinal) + Source);
        test.TestState.AdditionalFiles.Clear();
        if (policies > 0)
        {
            test.TestState.AdditionalFiles.Add((TestPolicies.FileName, TestPolicies.Casework));
        }

        if (policies > 1)
        {
            test.TestState.AdditionalFiles.Add((TestPolicies.CustodyFileName, TestPolicies.Custody));
        }

        // The compiler's own errors in the generated file (CS9058) are what the rule explains; they are not under test.
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.SolutionTransforms.Add((solution, project) =>
            solution.WithProjectParseOptions(project, ((CSharpParseOptions)solution.GetProject(project)!.ParseOptions!).WithLanguageVersion(version)));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
