using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Policy.Analyzers.Model;
using Policy.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Policy.Analyzers.Tests.Robustness;

/// <summary>
/// The rules decide at compilation start, by reference names alone, whether a compilation may use the Policy runtime
/// (registering nothing when it cannot), and resolve the runtime's types only when a callback first needs them.
/// </summary>
public sealed class RuntimeReferenceTests
{
    private static readonly MetadataReference[] FrameworkOnly = TestReferences.Framework
        .Where(r => r is PortableExecutableReference { FilePath: { } path } && !Path.GetFileName(path).StartsWith("Policy.", StringComparison.Ordinal))
        .ToArray();

    [Fact]
    public void A_compilation_referencing_only_the_framework_cannot_use_the_runtime()
    {
        var compilation = Compile("Corpus", FrameworkOnly);

        Assert.False(PolicyTypes.MayReferenceRuntime(compilation));
        Assert.Null(PolicyModelCache.Deferred(compilation));
    }

    [Fact]
    public void A_file_named_like_the_runtime_may_be_it_and_the_types_decide()
    {
        var compilation = Compile("Corpus", TestReferences.Framework);

        Assert.True(PolicyTypes.MayReferenceRuntime(compilation));
        var deferred = PolicyModelCache.Deferred(compilation);
        Assert.NotNull(deferred);
        Assert.False(deferred.IsValueCreated);
        Assert.NotNull(deferred.Value);
        Assert.Same(deferred, PolicyModelCache.Deferred(compilation));
    }

    [Fact]
    public void A_project_reference_to_an_assembly_named_like_the_runtime_may_be_it_but_without_its_types_is_not()
    {
        var impostor = Compile(PolicyTypes.RuntimeAssemblyName, FrameworkOnly, "namespace Policy.Runtime { public sealed class Nothing { } }");
        var compilation = Compile("Corpus", [.. FrameworkOnly, impostor.ToMetadataReference()]);

        Assert.True(PolicyTypes.MayReferenceRuntime(compilation));
        Assert.Null(PolicyModelCache.Deferred(compilation)!.Value);
    }

    [Fact]
    public void A_reference_without_a_file_name_may_be_the_runtime()
    {
        var image = File.ReadAllBytes(typeof(Policy.Runtime.Workflows.ActionResult).Assembly.Location);
        var compilation = Compile("Corpus", [.. FrameworkOnly, MetadataReference.CreateFromImage(image)]);

        Assert.True(PolicyTypes.MayReferenceRuntime(compilation));
        Assert.NotNull(PolicyModelCache.Deferred(compilation)!.Value);
    }

    [Fact]
    public async Task Rules_in_a_compilation_whose_runtime_lacks_the_types_report_nothing_and_do_not_fail()
    {
        // Code every rule would flag, were Policy.Runtime the real one.
        var impostor = Compile(PolicyTypes.RuntimeAssemblyName, FrameworkOnly, "namespace Policy.Runtime { public sealed class Nothing { } }");
        var run = await AnalyzerRun.RunAsync(
            [("Desk.cs", "public sealed class Desk { public System.DateTime M() => System.DateTime.Now + System.TimeSpan.FromDays(28); }")],
            [],
            [.. FrameworkOnly, impostor.ToMetadataReference()]);

        Assert.Empty(run.AnalyzerExceptions);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id.StartsWith("POL", StringComparison.Ordinal));
    }

    private static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference> references, string source = "public sealed class Desk { }") =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, AnalyzerRun.ParseOptions)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
