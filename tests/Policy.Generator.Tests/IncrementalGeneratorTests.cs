using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests;

public class IncrementalGeneratorTests
{
    private static readonly string[] TrackedSteps =
    {
        PolicyGeneratorSteps.PolicyFiles,
        PolicyGeneratorSteps.PolicyModels,
        PolicyGeneratorSteps.Options,
        PolicyGeneratorSteps.ModelsWithOptions,
    };

    [Fact]
    public void An_unrelated_CSharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var policies = new[] { GeneratorHarness.Policy("minimal.policy", TestPolicies.Minimal), GeneratorHarness.Policy("referral.policy", TestPolicies.Referral) };
        var compilation = GeneratorHarness.CreateCompilation("namespace App { public class A { } }");
        var driver = GeneratorHarness.CreateDriver(policies).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("namespace App { public class A { public int B; } }", GeneratorHarness.ParseOptions, path: "Source0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Step {step} ran with reason {reason} after an unrelated C# edit.");
                }
            }
        }

        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
        {
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"An output step ran with reason {reason}.");
        }
    }

    [Fact]
    public void Editing_one_policy_regenerates_only_that_policy()
    {
        var minimal = GeneratorHarness.Policy("minimal.policy", TestPolicies.Minimal);
        var referral = GeneratorHarness.Policy("referral.policy", TestPolicies.Referral);
        var compilation = GeneratorHarness.CreateCompilation("namespace App { }");
        var driver = GeneratorHarness.CreateDriver(new[] { minimal, referral }).RunGenerators(compilation);

        var editedReferral = GeneratorHarness.Policy("referral.policy", TestPolicies.Referral.Replace("within 2 working days", "within 3 working days"));
        driver = driver.ReplaceAdditionalText(referral, editedReferral).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var models = result.TrackedSteps[PolicyGeneratorSteps.PolicyModels].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, models.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        var outputs = result.TrackedSteps[PolicyGeneratorSteps.ModelsWithOptions].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, outputs.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("new global::Policy.Definitions.Duration(3, global::Policy.Definitions.DurationUnit.WorkingDays)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_between_steps_holds_no_symbols_compilations_syntax_locations_or_additional_texts()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(Location), typeof(AdditionalText), typeof(SyntaxTree) };
        var roots = new[] { typeof(Model.PolicyFile), typeof(Model.PolicyModel), typeof(Model.GeneratorOptions) };
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                queue.Enqueue(argument);
            }

            if (type.IsArray)
            {
                queue.Enqueue(type.GetElementType()!);
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                queue.Enqueue(Nullable.GetUnderlyingType(field.FieldType) ?? field.FieldType);
            }
        }

        // The walk must actually have reached the view's leaves, or it proves nothing.
        Assert.Contains(typeof(Model.ParameterView), seen);
        Assert.Contains(typeof(Model.DiagnosticInfo), seen);
    }

    [Fact]
    public void Models_of_the_same_policy_text_are_equal()
    {
        var a = PolicyModelBuilder.Build(new Model.PolicyFile("referral.policy", TestPolicies.Referral), default);
        var b = PolicyModelBuilder.Build(new Model.PolicyFile("referral.policy", TestPolicies.Referral), default);
        Assert.Equal(a, b);
        Assert.NotNull(a.View);
    }
}
