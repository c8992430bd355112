using Policy.Runtime.Versions;

namespace Policy.Runtime.Tests.Versions;

/// <summary>Reading a plan the policy owner edited: whatever the text, an answer, never an exception (docs/versions.md).</summary>
public sealed class MigrationPlanTests
{
    private static string Committed => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "versions", "supervision-2026.migration"));

    [Fact]
    public void The_committed_plan_reads_back_as_what_it_says()
    {
        var plan = MigrationPlan.Parse(Committed, out var problems);

        Assert.Empty(problems);
        Assert.Equal(("Supervision", "2025.01", "2026.01"), (plan!.Policy, plan.From, plan.To));
        Assert.Equal("Allocated", plan.StateFor("Parked"));
        Assert.Equal(DeadlineMigration.Recompute, plan.ChoiceFor("FirstReview"));
        Assert.Equal(DeadlineMigration.Keep, plan.ChoiceFor("Closure"));
        Assert.True(Assert.Single(plan.NewDeadlines).Open);
    }

    [Fact]
    public void Windows_line_endings_quotes_with_spaces_and_comments_after_words_are_read_as_written()
    {
        var plan = MigrationPlan.Parse("migrate P from \"2025 first issue\" to \"2026 #2\"\r\nstate A -> B # a comment\r\n\r\n   # only a comment\r\n", out var problems);

        Assert.Empty(problems);
        Assert.Equal(("2025 first issue", "2026 #2", "B"), (plan!.From, plan.To, plan.StateFor("A")));
    }

    [Fact]
    public void Every_problem_names_a_line_and_a_column_on_that_line()
    {
        var text = "state A -> B\nmigrate P from \"1\" to \"2\"\nmigrate P from \"1\" to \"2\"\nstate A -> C\ndeadline D soon\nnew deadline E maybe\nwhatever\n\"unterminated";
        var plan = MigrationPlan.Parse(text, out var problems);
        var lines = text.Split('\n');

        Assert.Null(plan);
        Assert.Equal([3, 4, 5, 6, 7, 8], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.InRange(p.Column, 1, lines[p.Line - 1].Length + 1));
        Assert.Contains("State A has a line already", problems[1].Message, StringComparison.Ordinal);
    }

    /// <summary>The committed plan, mutated at random (characters dropped, doubled, swapped for others, lines cut): never an exception.</summary>
    [Fact]
    public void No_edit_of_a_plan_makes_reading_it_throw()
    {
        var random = new Random(20261204);
        var alphabet = "\"#->\n\r\t :abcAZ09é\u0000\u200B{}";
        var original = Committed;
        for (var run = 0; run < 2_000; run++)
        {
            var text = new System.Text.StringBuilder(original);
            for (var edits = random.Next(1, 12); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, text[at]);
                        break;
                    case 2:
                        text[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                    default:
                        text.Length = at;
                        break;
                }
            }

            var plan = MigrationPlan.Parse(text.ToString(), out var problems);
            Assert.True(plan is null ^ problems.Count == 0, "A plan comes back exactly when there are no problems.");
            Assert.All(problems, p => Assert.True(p.Line >= 1 && p.Column >= 1 && p.Message.Length > 0));
        }
    }
}
