using System.Text;
using Policy.Language.Diagnostics;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests;

/// <summary>What the samples as a whole promise: valid ones are clean, and the invalid ones cover the catalogue.</summary>
public sealed class SampleTests
{
    /// <summary>
    /// Ids no single policy file can produce: the generator reports them (a fault in code generation, and two files
    /// in one project with the same policy name); Policy.Generator.Tests covers them. POL0007 needs more than
    /// <see cref="DiagnosticBag.Limit"/> problems, so it has a test of its own below.
    /// </summary>
    private static readonly string[] NotFromOneFile = { "POL0007", "POL0080", "POL0081", "POL0082", "POL0083", "POL0090", "POL0091" };

    [Theory]
    [MemberData(nameof(Samples.ValidData), MemberType = typeof(Samples))]
    public void A_valid_sample_has_no_diagnostics_at_all(string sample)
    {
        var compilation = Samples.Compile(sample);

        Assert.Empty(compilation.Diagnostics.Select(d => DiagnosticPrinter.Marker(compilation, d)));
        Assert.NotNull(compilation.Definition);
    }

    [Theory]
    [MemberData(nameof(Samples.InvalidData), MemberType = typeof(Samples))]
    public void An_invalid_sample_has_at_least_one_diagnostic(string sample)
    {
        Assert.NotEmpty(Samples.Compile(sample).Diagnostics);
    }

    [Fact]
    public void The_invalid_samples_produce_every_diagnostic_in_the_catalogue()
    {
        var produced = Samples.Invalid.SelectMany(s => Samples.Compile(s).Diagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !produced.Contains(id) && !NotFromOneFile.Contains(id));

        Assert.Empty(missing);
    }

    [Fact]
    public void The_exceptions_to_sample_coverage_are_all_in_the_catalogue()
    {
        Assert.All(NotFromOneFile, id => Assert.Contains(DiagnosticDescriptors.All, d => d.Id == id));
    }

    [Fact]
    public void Too_many_problems_are_summarised_by_one_last_error()
    {
        // 600 lines each with an invalid character: 600 problems, more than the limit.
        var text = new StringBuilder("policy Noise \"Noise\" {\n  version \"1\"\n");
        for (var i = 0; i < 600; i++)
        {
            text.Append("  $\n");
        }

        var compilation = PolicyCompiler.Compile("noise.policy", text.Append("}\n").ToString());

        Assert.Equal(DiagnosticBag.Limit + 1, compilation.Diagnostics.Count);
        var last = Assert.Single(compilation.Diagnostics, d => d.Id == "POL0007");
        Assert.Equal($"Stopped reporting after {DiagnosticBag.Limit} problems in this file. Fix the ones above and check again.", last.Message);
        Assert.Equal(new Text.LinePosition(DiagnosticBag.Limit + 3, 3), compilation.Source.GetLinePosition(last.Span.Start));
        Assert.Same(last, compilation.Diagnostics[^1]);
    }
}
