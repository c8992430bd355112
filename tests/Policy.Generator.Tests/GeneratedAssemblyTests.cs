using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Policy.Definitions;
using Policy.Generator.Tests.Infrastructure;
using Policy.Runtime.Workflows;

namespace Policy.Generator.Tests;

/// <summary>Compiles generated code with the runtime, loads it, and uses it.</summary>
public class GeneratedAssemblyTests
{
    private static Assembly Build(string name, string text)
    {
        var (result, output) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy(name + ".policy", text) });
        Assert.Empty(result.Results[0].Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        // The default context already holds the runtime, so the generated assembly binds to the same types as this test.
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(stream);
    }

    [Theory]
    [InlineData("Minimal")]
    [InlineData("Referral")]
    public void The_generated_description_is_exactly_the_compilers_definition(string name)
    {
        var text = name == "Minimal" ? TestPolicies.Minimal : TestPolicies.Referral;
        var assembly = Build(name, text);
        var workflow = assembly.GetType("Force.Policies." + name, throwOnError: true)!;
        var generated = (PolicyDefinition)workflow.GetProperty("Description", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var lowered = Language.PolicyCompiler.Compile(name + ".policy", text).Definition;

        Assert.Null(StructuralComparer.FirstDifference(lowered, generated));
    }

    [Fact]
    public void A_generated_workflow_drives_a_case_through_a_transition_and_refuses_by_rule()
    {
        var assembly = Build("Referral", TestPolicies.Referral);
        var type = assembly.GetType("Force.Policies.Referral", throwOnError: true)!;
        dynamic workflow = Activator.CreateInstance(type)!;
        workflow.OpenCase("case-7");
        var supervisor = new Actor("sgt-1", "Supervisor");
        var oic = new Actor("dc-2", "OIC");

        var rag = assembly.GetType("Force.Policies.Referral+Rag", throwOnError: true)!;
        ActionResult allocated = workflow.Allocate(supervisor, "dc-2", (dynamic)Enum.Parse(rag, "Red"));
        Assert.True(allocated.IsAccepted, allocated.ToString());
        Assert.Equal("Active", workflow.State.ToString());

        // The referral decision is still owed, so the rule blocks finishing.
        ActionResult finish = workflow.Finish(oic, "done");
        Assert.False(finish.IsAccepted);
        Assert.Equal(RefusalKind.Rule, finish.Refusal!.Kind);
        Assert.Equal("Record the referral decision before finishing.", finish.Refusal.Message);

        var notReferred = assembly.GetType("Force.Policies.Referral+Decision+NotReferred", throwOnError: true)!;
        ActionResult decided = workflow.Decide(oic, (dynamic)Activator.CreateInstance(notReferred, "Victim declined referral")!);
        Assert.True(decided.IsAccepted, decided.ToString());
        ActionResult finished = workflow.Finish(oic, "done");
        Assert.True(finished.IsAccepted, finished.ToString());
        Assert.Equal("Done", workflow.State.ToString());
    }
}
