using Microsoft.CodeAnalysis;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests;

public class GeneratorDiagnosticTests
{
    [Fact]
    public void A_broken_policy_reports_its_errors_at_the_policy_file_position_and_generates_nothing()
    {
        var broken = TestPolicies.Minimal.Replace("from Open to Closed", "from Opened to Closed");
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("/force/policies/minimal.policy", broken) });

        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratedSources);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("POL0010", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/force/policies/minimal.policy", span.Path);
        var lines = broken.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("Opened", StringComparison.Ordinal));
        Assert.Equal(line, span.StartLinePosition.Line);
        Assert.Equal(lines[line].IndexOf("Opened", StringComparison.Ordinal), span.StartLinePosition.Character);
        Assert.Equal(span.StartLinePosition.Character + "Opened".Length, span.EndLinePosition.Character);
        Assert.Contains("There is no state named 'Opened'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_are_reported_and_code_is_still_generated()
    {
        var uncited = TestPolicies.Minimal.Replace("    cite SOP \"4.1\"\n", string.Empty);
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("minimal.policy", uncited) });
        var run = Assert.Single(result.Results);
        Assert.Single(run.GeneratedSources);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Files_that_are_not_policies_are_ignored()
    {
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("notes.txt", "policy X {") });
        var run = Assert.Single(result.Results);
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void Two_files_of_one_policy_that_do_not_say_when_each_is_in_force_are_reported_not_crashed_on()
    {
        // Same name: versions of one policy, which need their own labels and effective dates (neither has either).
        var (result, _) = GeneratorHarness.Run(new[]
        {
            GeneratorHarness.Policy("a/minimal.policy", TestPolicies.Minimal),
            GeneratorHarness.Policy("b/minimal.policy", TestPolicies.Minimal),
        });
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "POL0081"));
        Assert.Contains(run.Diagnostics, d => d.Id == "POL0082");
        Assert.Empty(run.GeneratedSources);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0")]
    [InlineData("policy")]
    [InlineData("policy X { action A by")]
    [InlineData("policy X \"t\" { state S initial final action A by R in S { record a: text } }")]
    [InlineData("policy class \"keywords as names\" { version \"1\" role @x state S initial }")]
    public void No_input_makes_the_generator_throw(string text)
    {
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("odd.policy", text) });
        var run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void Every_sample_policy_mutated_never_makes_the_generator_throw()
    {
        var random = new Random(20261122);
        var texts = new[] { TestPolicies.Minimal, TestPolicies.Referral };
        for (var i = 0; i < 300; i++)
        {
            var text = texts[i % texts.Length];
            var cut = random.Next(text.Length);
            var mutated = (i % 3) switch
            {
                0 => text.Remove(cut, Math.Min(random.Next(1, 20), text.Length - cut)),
                1 => text.Insert(cut, new string((char)random.Next(32, 127), random.Next(1, 4))),
                _ => text.Substring(0, cut),
            };
            var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy("fuzz.policy", mutated) });
            Assert.Null(result.Results[0].Exception);
        }
    }
}
