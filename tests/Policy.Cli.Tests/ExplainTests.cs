namespace Policy.Cli.Tests;

public class ExplainTests
{
    [Fact]
    public void Explain_renders_each_deadline_as_one_sentence_in_the_procedures_register()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var (code, output, error) = CliRunner.Run("explain", path);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains(
            "- **VictimUpdate**: Within 1 working day of each time someone does \"record a key update\", the SOIT must inform the victim. If it is missed, the Supervisor is alerted; 2 working days later, the CrimeManager. _(IOPC: “a significant key update such as a positive DNA match”)_",
            output,
            StringComparison.Ordinal);
        Assert.Contains("- **NoClosure**: Nobody may \"close\" while the deadline VictimUpdate is open: “The victim must be told of every key update before the investigation is closed.” _(IOPC: “closure”)_", output, StringComparison.Ordinal);
        Assert.StartsWith("# Keeping victims informed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_says_who_may_read_a_case_and_why_and_that_anyone_may_where_the_policy_is_silent()
    {
        var rasso = Path.Combine(CliRunner.RepositoryRoot, "policies", "rasso-investigation.policy");
        var (code, output, error) = CliRunner.Run("explain", rasso);

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("## Who may read a case\n\n**NeedToKnow: Who may read a RASSO case, and why** _(IOPC_SOIT: “whether he accessed police records inappropriately”)_", output, StringComparison.Ordinal);
        Assert.Contains("- The case's own OIC, the case's own SOIT, the Supervisor or the CrimeManager may read a case, giving the purpose of the read.", output, StringComparison.Ordinal);
        Assert.Contains("- The Officer may read a case for one of these purposes: linked investigation, safeguarding, disclosure or supervision review; each such read is flagged to the ProfessionalStandards, who is told who read which case and why.", output, StringComparison.Ordinal);
        Assert.Contains("- Nobody else may read a case: a refused read shows nothing of the case, and the attempt is recorded with who tried and why.", output, StringComparison.Ordinal);

        var silent = CliRunner.Run("explain", CliRunner.WriteTemp("victims.policy", CliRunner.Victims));
        Assert.Contains("## Who may read a case\n\n- The policy does not say who may read its cases: any officer may, giving the purpose of the read, and every read is recorded with who, when and why.", silent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_lists_the_ranks_and_says_or_above_where_an_action_names_a_rank_and_those_above_it()
    {
        var path = CliRunner.WriteTemp("authorisation.policy", """
            policy Authorisation "Authorising longer detention" {
              version "1"
              source PACE "Police and Criminal Evidence Act 1984"
              role Sergeant "Custody sergeant"
              role Inspector "Inspector"
              role Superintendent "Superintendent"
              ranks Sergeant, Inspector, Superintendent
              state Detained initial
              state Extended final
              action Extend "Authorise detention beyond 24 hours" by Superintendent or above from Detained to Extended {
                cite PACE "s.42(1)"
              }
              action Review "Review the detention" by Sergeant, Inspector or above in Detained {
                cite PACE "s.40"
              }
            }
            """);
        var (code, output, error) = CliRunner.Run("explain", path);

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("In order of rank, lowest first: Sergeant, Inspector, Superintendent. \"Or above\" means that rank or any higher one.", output, StringComparison.Ordinal);
        // The top rank "or above" is that rank alone, and is said so.
        Assert.Contains("- The Superintendent may authorise detention beyond 24 hours when the case is “Detained”", output, StringComparison.Ordinal);
        Assert.Contains("- The Sergeant or above may review the detention", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_of_100000_terms_is_checked_explained_and_drawn_without_deep_recursion()
    {
        var chain = string.Join(" and ", Enumerable.Repeat("(ok or sure)", 50_000));
        var path = CliRunner.WriteTemp("long.policy", $$"""
            policy LongChain "A condition of many terms" {
              version "1"
              source SOP "The procedure"
              role Officer "Officer"
              state Open initial
              state Closed final
              action Close by Officer from Open to Closed {
                record ok: yes/no, sure: yes/no
                require {{chain}} "Confirm it."
                cite SOP "1"
              }
            }
            """);
        var results = new List<(int Code, string Output, string Error)>();
        var thread = new Thread(() =>
        {
            foreach (var verb in new[] { "check", "explain", "graph" })
            {
                results.Add(CliRunner.Run(verb, path));
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal((0, string.Empty), (r.Code, r.Error)));
        // "and" binds tighter than "or", so the brackets must survive into the English, or it would mean something else.
        Assert.Contains("(the recorded ok is yes or the recorded sure is yes) and (the recorded ok is yes or the recorded sure is yes)", results[1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clause_cited_by_two_requirements_of_one_action_is_shown_once_beside_it()
    {
        // In rasso-investigation.policy, AssignOicAndSoit's two availability requirements cite the same clause.
        var path = Path.Combine(CliRunner.RepositoryRoot, "policies", "rasso-investigation.policy");
        var (code, output, _) = CliRunner.Run("explain", path);

        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("- The Supervisor may assign the OIC and the SOIT", StringComparison.Ordinal));
        const string clause = "IOPC_GI: “Crime Allocation: 'Officers should not be allocated files for further investigation when they are knowingly absent from work.'”";
        Assert.Equal(1, CountOf(line, clause));
    }

    [Fact]
    public void Explain_says_where_each_deadline_counts_from_as_the_law_words_it()
    {
        var path = CliRunner.WriteTemp("orders.policy", """
            policy Orders "Orders" {
              version "2026.01"
              calendar england-and-wales
              source LAW "A statute"
              role Officer "Officer"
              state Open initial
              state Closed final
              action MakeOrder "Record the order" by Officer in Open {
                record madeOn: date
              }
              action Decide "Record the decision" by Officer in Open
              action Postpone "Postpone the decision" by Officer in Open {
                record reason: text
              }
              action Close "Close" by Officer from Open to Closed
              deadline Limit "Decided within 6 hours" {
                starts when MakeOrder
                Officer must Decide within 6 hours
                excused by Postpone before due
                cite LAW "s.1"
              }
              deadline AfterTheDay "Closed within a month after the day the order was made" {
                starts when MakeOrder
                Officer must Close within 1 month from the end of the day of madeOn
                cite LAW "s.2"
              }
              deadline Latest "Closed within 2 hours of the latest time the decision could have been made" {
                starts when Decide
                Officer must Close within 2 hours from the latest time Limit could have been met
                cite LAW "s.3"
              }
              deadline Due "Closed within 2 hours of when the decision was due" {
                starts when Decide
                Officer must Close within 2 hours from when Limit was due
                cite LAW "s.4"
              }
              deadline NextDay "Closed by the end of the day after the decision" {
                starts when Decide
                Officer must Close within 1 day from the end of the day
                cite LAW "s.5"
              }
            }
            """);
        var (code, output, error) = CliRunner.Run("explain", path);

        Assert.Equal((0, string.Empty), (code, error));
        string[] expected =
        [
            "- **Limit**: Within 6 hours of \"record the order\" being done, the Officer must record the decision. It is excused if someone does \"postpone the decision\" before it is due; the reason is recorded with it.",
            "- **AfterTheDay**: Within 1 month from the end of the day recorded as made on (it starts on \"record the order\" being done), the Officer must close.",
            "- **Latest**: Within 2 hours from the latest time the deadline Limit could have been met (it starts on \"record the decision\" being done), the Officer must close.",
            "- **Due**: Within 2 hours from when the deadline Limit was due (it starts on \"record the decision\" being done), the Officer must close.",
            "- **NextDay**: Within 1 day from the end of the day of \"record the decision\" being done, the Officer must close.",
        ];
        Assert.All(expected, sentence => Assert.Contains(sentence, output, StringComparison.Ordinal));
        Assert.Contains("the case is “Open”", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Review the detention", "the Inspector must review the detention")]
    [InlineData("Supervisor's review", "the Inspector must carry out “Supervisor's review”")]
    [InlineData("The officer explains the access", "the Inspector must carry out “The officer explains the access”")]
    [InlineData("First review of detention", "the Inspector must carry out “First review of detention”")]
    [InlineData("Allocation to an OIC", "the Inspector must carry out “Allocation to an OIC”")]
    [InlineData("Inspector sign-off", "the Inspector must carry out “Inspector sign-off”")]
    [InlineData("Document the decision", "the Inspector must document the decision")]
    [InlineData("Ensure the victim is told", "the Inspector must ensure the victim is told")]
    public void An_action_title_that_is_not_an_instruction_is_quoted_after_must(string title, string expected)
    {
        var path = CliRunner.WriteTemp("titles.policy", $$"""
            policy Titles "Titles" {
              version "1"
              source LAW "A statute"
              role Inspector "Inspector"
              state Open initial
              state Closed final
              action Review "{{title}}" by Inspector in Open
              action Close by Inspector from Open to Closed
              deadline Reviewed "Reviewed" {
                starts on entering Open
                Inspector must Review within 1 day
                cite LAW "s.1"
              }
            }
            """);
        var (code, output, error) = CliRunner.Run("explain", path);

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains(expected + ".", output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void Explain_refuses_a_policy_with_errors_and_shows_them()
    {
        var path = CliRunner.WriteTemp("broken.policy", CliRunner.Victims.Replace("in Open {\n    record soit", "in Opn {\n    record soit"));
        var (code, output, error) = CliRunner.Run("explain", path);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("error POL0010: There is no state named 'Opn'. Did you mean 'Open'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_writes_to_a_file_with_out()
    {
        var path = CliRunner.WriteTemp("victims.policy", CliRunner.Victims);
        var target = Path.Combine(Path.GetDirectoryName(path)!, "out", "victims.md");
        var (code, output, _) = CliRunner.Run("explain", path, "--out", target);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("## Deadlines", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("explain", "a.policy", "b.policy")]
    [InlineData("explain", "missing.policy")]
    [InlineData("graph", "x.policy", "--format", "svg")]
    [InlineData("explain", "x.policy", "--colour")]
    [InlineData("frobnicate")]
    public void Usage_mistakes_exit_with_2_and_one_plain_line(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("policy: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("explain")]
    [InlineData("diff")]
    [InlineData("graph")]
    [InlineData("docs")]
    public void Every_verb_has_help_with_an_example(string verb)
    {
        var (code, output, _) = CliRunner.Run(verb, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage: policy " + verb, output, StringComparison.Ordinal);
        Assert.Contains("Example:", output, StringComparison.Ordinal);
    }
}
