using Policy.Language.Checking;

namespace Policy.Language.Tests.Versions;

/// <summary>Files that declare one policy name are its versions: each says when it is in force, no two on one day.</summary>
public sealed class PolicyVersionChecksTests
{
    private static string Version(string label, string? effective, string states = "state Open initial\n  state Parked\n  state Done final") => $$"""
        policy Supervision "Supervision" {
          {{(label.Length == 0 ? string.Empty : $"version \"{label}\"")}}
          {{(effective is null ? string.Empty : $"effective {effective}")}}
          source SUP "Procedure"
          role Sergeant "Sergeant"
          {{states}}
          action Finish "Finish" by Sergeant from Open to Done { cite SUP "1" }
        }
        """;

    private static IReadOnlyList<PolicyVersionDiagnostic> Check(params (string Path, string Text)[] files) =>
        PolicyVersionChecks.Check(files.Select(f =>
        {
            var compilation = PolicyCompiler.Compile(f.Path, f.Text);
            Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
            return PolicyVersionFacts.From(compilation)!;
        }));

    [Fact]
    public void Versions_with_their_own_labels_and_dates_check_clean()
    {
        Assert.Empty(Check(("supervision.policy", Version("2025.01", "2025-01-01")), ("supervision.2026.policy", Version("2026.01", "2026-01-01"))));
        Assert.Empty(Check(("one.policy", Version("", null))));
    }

    [Fact]
    public void Two_versions_taking_effect_on_one_day_are_an_error_at_the_later_files_effective_line()
    {
        var found = Assert.Single(Check(("a.policy", Version("2025.01", "2026-01-01")), ("b.policy", Version("2026.01", "2026-01-01"))));

        Assert.Equal(("POL0080", "b.policy", 3, 3), (found.Descriptor.Id, found.Path, found.At.Line, found.At.Column));
        Assert.True(found.IsError);
        Assert.Contains("same day as version '2025.01' in a.policy", found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_without_an_effective_date_or_label_among_several_is_an_error_at_its_policy_name()
    {
        var found = Check(("a.policy", Version("2025.01", null)), ("b.policy", Version("", "2026-01-01")));

        Assert.Equal(
            [("POL0081", "a.policy", "effective date"), ("POL0081", "b.policy", "version label")],
            found.Select(d => (d.Descriptor.Id, d.Path, d.Message.Contains("no effective date", StringComparison.Ordinal) ? "effective date" : "version label")));
        Assert.All(found, d => Assert.Equal((1, 8), (d.At.Line, d.At.Column)));
    }

    [Fact]
    public void One_label_on_two_versions_is_an_error_at_the_later_files_version_line()
    {
        var found = Assert.Single(Check(("a.policy", Version("2025.01", "2025-01-01")), ("b.policy", Version("2025.01", "2026-01-01"))));
        Assert.Equal(("POL0082", "b.policy", 2, 3), (found.Descriptor.Id, found.Path, found.At.Line, found.At.Column));
    }

    [Fact]
    public void A_state_the_newest_version_drops_is_a_warning_at_the_newest_files_policy_name()
    {
        var found = Assert.Single(Check(
            ("supervision.2026.policy", Version("2026.01", "2026-01-01", "state Open initial\n  state Done final")),
            ("supervision.policy", Version("2025.01", "2025-01-01"))));

        Assert.Equal(("POL0083", "supervision.2026.policy", false), (found.Descriptor.Id, found.Path, found.IsError));
        Assert.StartsWith("State Parked of version '2025.01' (supervision.policy) is not in version '2026.01', the newest.", found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_version_is_the_one_that_takes_effect_last_whatever_order_the_files_come_in()
    {
        var a = PolicyVersionFacts.From(PolicyCompiler.Compile("z.policy", Version("2025.01", "2025-01-01")))!;
        var b = PolicyVersionFacts.From(PolicyCompiler.Compile("a.policy", Version("2026.01", "2026-01-01")))!;

        Assert.Equal("2026.01", PolicyVersionChecks.Newest([a, b]).Version);
        Assert.Equal("2026.01", PolicyVersionChecks.Newest([b, a]).Version);
    }

    [Fact]
    public void Different_policies_are_not_versions_of_each_other()
    {
        var other = Version("2025.01", "2025-01-01").Replace("policy Supervision", "policy Allocation", StringComparison.Ordinal);
        Assert.Empty(Check(("a.policy", Version("2025.01", "2025-01-01")), ("b.policy", other)));
    }
}
