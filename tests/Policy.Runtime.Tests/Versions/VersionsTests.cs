using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Versions;

/// <summary>Which version is in force when, and what a migration may and may not do to a case (docs/versions.md).</summary>
public sealed class VersionsTests
{
    private static readonly Actor Sergeant = new("ds-1", "Supervisor");
    private static readonly Actor Constable = new("dc-1", "OIC");
    private static readonly Actor Migrator = new("admin-1", "Migration");

    private static string Text(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "versions", file));

    private static CompiledPolicy Compile(string text) =>
        CompiledPolicy.Compile(Language.PolicyCompiler.Compile("v.policy", text).Definition ?? throw new InvalidOperationException("The test policy has errors."));

    private static readonly CompiledPolicy Old = Compile(Text("supervision.2025.policy"));
    private static readonly CompiledPolicy New = Compile(Text("supervision.2026.policy"));

    private static MigrationPlan Plan(string parked = "Allocated", string firstReview = "recompute", string closure = "keep", string victimUpdate = "open") =>
        MigrationPlan.Parse(
            $"migrate Supervision from \"2025.01\" to \"2026.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\nstate Parked -> {parked}\n"
            + $"deadline FirstReview {firstReview}\ndeadline Closure {closure}\nnew deadline VictimUpdate {victimUpdate}\n",
            out _)!;

    [Theory]
    [InlineData("2026-01-01", "2025-12-31T23:59:59Z", "2025.01")]
    [InlineData("2026-01-01", "2026-01-01T00:00:00Z", "2026.01")]
    // In British Summer Time the London day starts at 23:00 UTC the day before.
    [InlineData("2026-04-01", "2026-03-31T22:59:59Z", "2025.01")]
    [InlineData("2026-04-01", "2026-03-31T23:00:00Z", "2026.01")]
    // Before the earliest effective date, the earliest version.
    [InlineData("2026-01-01", "2024-06-01T12:00:00Z", "2025.01")]
    public void The_version_in_force_is_the_latest_whose_effective_date_has_begun_on_the_London_clock(string effective, string at, string expected)
    {
        var newer = Compile(Text("supervision.2026.policy").Replace("effective 2026-01-01", "effective " + effective, StringComparison.Ordinal));
        var versions = new PolicyVersions([newer, Old]);

        Assert.Equal(expected, versions.InForceAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Version);
        Assert.Equal("2026.01", versions.Newest.Version);
        Assert.Equal(["2025.01", "2026.01"], versions.All.Select(v => v.Version));
    }

    [Fact]
    public void Versions_that_cannot_be_told_apart_by_date_or_label_are_refused()
    {
        var sameDay = Compile(Text("supervision.2026.policy").Replace("effective 2026-01-01", "effective 2025-01-01", StringComparison.Ordinal));
        var sameLabel = Compile(Text("supervision.2026.policy").Replace("version \"2026.01\"", "version \"2025.01\"", StringComparison.Ordinal));
        var undated = Compile(Text("supervision.2026.policy").Replace("effective 2026-01-01", string.Empty, StringComparison.Ordinal));

        Assert.Contains("both take effect on 2025-01-01", Assert.Throws<ArgumentException>(() => new PolicyVersions([Old, sameDay])).Message, StringComparison.Ordinal);
        Assert.Contains("version '2025.01' twice", Assert.Throws<ArgumentException>(() => new PolicyVersions([Old, sameLabel])).Message, StringComparison.Ordinal);
        Assert.Contains("needs an effective date", Assert.Throws<ArgumentException>(() => new PolicyVersions([Old, undated])).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Generated cases under 2025.01 (allocated, reviewed, parked, taken up again, closed, in random order and at random
    /// times), moved by random plans at random times: whatever the plan, a move never leaves a deadline open that the new
    /// version cannot meet, never reopens what was met, never runs an action again, keeps or changes each due time as
    /// its choice says, and replays from the events alone to the same case.
    /// </summary>
    [Fact]
    public void Whatever_a_plan_chooses_a_move_keeps_its_promises_on_generated_cases()
    {
        var random = new Random(20261204);
        var versions = new PolicyVersions([Old, New]);
        var choices = new[] { "keep", "restart", "recompute", "close" };
        var moved = 0;
        for (var run = 0; run < 300; run++)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 300_000)));
            var workflow = new PolicyWorkflow(versions) { TimeProvider = time };
            workflow.OpenCase("case-" + run, Sergeant.Id);
            var history = new List<CaseEvent>(workflow.PendingEvents);
            for (var step = random.Next(0, 8); step > 0; step--)
            {
                time.Advance(TimeSpan.FromHours(random.Next(1, 24 * 20)));
                var result = random.Next(6) switch
                {
                    0 => workflow.Perform("Allocate", Sergeant, Fields("oic", ValueKind.Officer, "dc-1")),
                    1 => workflow.Perform("Park", Sergeant, Fields("why", ValueKind.Text, "Waiting")),
                    2 => workflow.Perform("Unpark", Sergeant),
                    3 or 4 => workflow.Perform("Review", Sergeant, Fields("note", ValueKind.Text, "Reviewed")),
                    _ => random.Next(4) == 0 ? workflow.Perform("Close", Constable, Fields("result", ValueKind.Text, "Done")) : workflow.Perform("Review", Sergeant, Fields("note", ValueKind.Text, "Again")),
                };
                _ = result;
            }

            history.AddRange(workflow.PendingEvents.Skip(history.Count));
            var before = workflow.Case.OpenDeadlines;
            var closedBefore = workflow.DeadlineHistory.ToList();
            var performedBefore = Old.Actions.Select(a => (a.Name, workflow.Case.LastPerformed(a.Name))).ToList();
            var lastInstance = before.Concat(closedBefore.Select(c => new OpenDeadline(c.Deadline, c.Instance, default, default, null, 0))).GroupBy(d => d.Deadline).ToDictionary(g => g.Key, g => g.Max(d => d.Instance));
            var plan = Plan(random.Next(2) == 0 ? "Allocated" : "refused", choices[random.Next(4)], choices[random.Next(4)], random.Next(2) == 0 ? "open" : "leave");
            Assert.Empty(plan.Validate(Old, New));
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 30)));
            var stateBefore = workflow.StateName;
            var result2 = workflow.Migrate(plan, New, Migrator);
            if (workflow.CompiledPolicy == Old)
            {
                // Refused: closed, or parked under a plan that leaves parked cases where they are. Nothing changed.
                Assert.False(result2.IsAccepted);
                Assert.True(stateBefore == "Closed" || (stateBefore == "Parked" && plan.StateFor("Parked") is null), $"{stateBefore}: {result2.Refusal}");
                Assert.Equal(before, workflow.Case.OpenDeadlines);
                continue;
            }

            moved++;
            Assert.True(result2.IsAccepted, result2.Refusal?.ToString());
            Assert.Equal("2026.01", workflow.CompiledPolicy.Version);
            var at = time.GetUtcNow();
            var after = workflow.Case.OpenDeadlines;

            // Nothing open that the new version cannot meet.
            Assert.All(after, d => Assert.True(New.IndexOfDeadline(d.Deadline) >= 0 && New.IndexOfAction(New.Deadlines[New.IndexOfDeadline(d.Deadline)].ActionName) >= 0));

            // What was met or cancelled stays closed; what was done stays done.
            Assert.Equal(closedBefore, workflow.DeadlineHistory.Take(closedBefore.Count));
            Assert.All(performedBefore.Where(p => New.IndexOfAction(p.Name) >= 0), p => Assert.Equal(p.Item2, workflow.Case.LastPerformed(p.Name)));

            // Each open instance is one the plan kept or recomputed (the same instance), or a new one opened at the move.
            foreach (var open in after)
            {
                var was = before.Where(b => b.Deadline == open.Deadline && b.Instance == open.Instance).ToList();
                var choice = plan.ChoiceFor(open.Deadline);
                if (was.Count == 1)
                {
                    Assert.True(choice is DeadlineMigration.Keep or DeadlineMigration.Recompute, $"{open.Deadline} {choice}");
                    if (choice == DeadlineMigration.Keep)
                    {
                        Assert.Equal(was[0].DueAt, open.DueAt);
                    }
                    else if (open.Deadline == "FirstReview")
                    {
                        Assert.Equal(was[0].DueAt.AddDays(-7), open.DueAt);
                    }
                }
                else
                {
                    Assert.Equal(at, open.OpenedAt);
                    Assert.True(open.Instance > lastInstance.GetValueOrDefault(open.Deadline), $"{open.Deadline} #{open.Instance} reused an instance number");
                    Assert.True(choice == DeadlineMigration.Restart || (open.Deadline == "VictimUpdate" && plan.NewDeadlines.Single().Open), $"{open.Deadline} opened under {choice}");
                }
            }

            foreach (var closed in before.Where(b => plan.ChoiceFor(b.Deadline) is DeadlineMigration.Close or DeadlineMigration.Restart))
            {
                Assert.Contains(workflow.DeadlineHistory, h => h.Deadline == closed.Deadline && h.Instance == closed.Instance && h.Outcome == DeadlineOutcome.Cancelled && h.ClosedAt == at);
            }

            // The Migrated event alone rebuilds the same case.
            history.Add(workflow.PendingEvents[^1]);
            var replayed = new PolicyWorkflow(versions);
            replayed.Replay(history);
            Assert.Equal((workflow.CompiledPolicy.Version, workflow.StateName, workflow.Version), (replayed.CompiledPolicy.Version, replayed.StateName, replayed.Version));
            Assert.Equal(workflow.Case.OpenDeadlines, replayed.Case.OpenDeadlines);
            Assert.Equal(workflow.DeadlineHistory, replayed.DeadlineHistory);
            Assert.Equal(workflow.Case.Assignments, replayed.Case.Assignments);
            Assert.Equal(workflow.Case.WriteSnapshot(), replayed.Case.WriteSnapshot());
        }

        Assert.InRange(moved, 100, 300);
    }

    [Fact]
    public void A_recomputed_deadline_whose_clock_is_stopped_keeps_the_time_it_stood_still_and_gets_the_new_rules_time_left()
    {
        static string Version(string label, string effective, string within) => $$"""
            policy Reviews "Reviews" {
              version "{{label}}"
              effective {{effective}}
              source SOP "Procedure"
              role Officer "Officer"
              state Open initial
              state Waiting
              state Done final
              action Wait by Officer from Open to Waiting { cite SOP "1" }
              action Resume by Officer from Waiting to Open { cite SOP "1" }
              action Review by Officer in Open { cite SOP "1" }
              action Finish by Officer from Open to Done { cite SOP "1" }
              deadline FirstReview "Reviewed" {
                starts on entering Open
                Officer must Review within {{within}}
                pauses on entering Waiting
                resumes on leaving Waiting
                cite SOP "2"
              }
            }
            """;
        var older = Compile(Version("1", "2025-01-01", "10 days"));
        var newer = Compile(Version("2", "2026-01-01", "20 days"));
        var plan = MigrationPlan.Parse("migrate Reviews from \"1\" to \"2\"\nstate Open -> Open\nstate Waiting -> Waiting\ndeadline FirstReview recompute\n", out _)!;
        var start = new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var officer = new Actor("pc-1", "Officer");
        var workflow = new PolicyWorkflow(new PolicyVersions([older, newer])) { TimeProvider = time };
        workflow.OpenCase("c1", officer.Id);
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(workflow.Perform("Wait", officer).IsAccepted);

        // Paused with 8 days left of 10; moved while paused: 18 days left of the new rule's 20.
        time.Advance(TimeSpan.FromDays(3));
        Assert.True(workflow.Migrate(plan, newer, Migrator).IsAccepted);
        Assert.Equal(DeadlineStatusKind.Paused, Assert.Single(workflow.OpenDeadlines).Status);
        Assert.Equal(TimeSpan.FromDays(18), workflow.OpenDeadlines[0].Remaining);

        // Taken up again a day later: due 18 days after that, which is the new rule's 20 days from the start moved on by
        // the 4 days the clock stood still. (Entering Open again also starts a new instance, as the policy says.)
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(workflow.Perform("Resume", officer).IsAccepted);
        Assert.Equal(start.AddDays(24), Assert.Single(workflow.OpenDeadlines, d => d.Instance == 1).DueAt);
    }

    [Fact]
    public void A_plan_that_does_not_fit_is_told_where_the_wrong_word_is_even_on_an_indented_line()
    {
        var plan = MigrationPlan.Parse("migrate Supervision from \"2025.01\" to \"2026.01\"\n  state Reported -> Reported\n  state Allocated -> Allocated\n    state Parked -> Gone\n\tdeadline Missing keep\nnew deadline FirstReview open\n", out _)!;

        var problems = plan.Validate(Old, New);

        Assert.Equal(
            [(4, 21, "Version 2026.01 has no state Gone"), (5, 11, "Version 2025.01 has no deadline Missing"), (6, 14, "Deadline FirstReview is in 2025.01 too")],
            problems.Select(p => (p.Line, p.Column, p.Message.Split(';', ',', ':')[0])));
    }

    [Fact]
    public void A_case_whose_version_the_application_no_longer_holds_says_so_rather_than_silently_running_under_another()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        var opened = new PolicyWorkflow(new PolicyVersions([Old, New])) { TimeProvider = time };
        opened.OpenCase("c1", Sergeant.Id);

        var underItsOwn = new PolicyWorkflow(new PolicyVersions([Old, New]));
        underItsOwn.Replay(opened.PendingEvents);
        var withoutIt = new PolicyWorkflow(new PolicyVersions([New]));
        withoutIt.Replay(opened.PendingEvents);

        Assert.Equal(("2025.01", null), (underItsOwn.CompiledPolicy.Version, underItsOwn.MissingVersion));
        Assert.Equal(("2026.01", "2025.01"), (withoutIt.CompiledPolicy.Version, withoutIt.MissingVersion));
    }

    [Fact]
    public void A_move_dated_before_the_cases_last_event_or_of_a_case_under_another_version_is_refused()
    {
        var time = new SettableClock { At = new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero) };
        var workflow = new PolicyWorkflow(new PolicyVersions([Old, New])) { TimeProvider = time };
        workflow.OpenCase("c1", Sergeant.Id);
        workflow.Perform("Allocate", Sergeant, Fields("oic", ValueKind.Officer, "dc-1"));

        // A clock set back (a host whose time was wrong): the move would sit before events it follows.
        time.At = new DateTimeOffset(2025, 11, 2, 9, 0, 0, TimeSpan.Zero);

        var early = workflow.Migrate(Plan(), New, Migrator);
        Assert.Contains("a move cannot be dated before them", early.Refusal!.Message, StringComparison.Ordinal);

        var backwards = MigrationPlan.Parse("migrate Supervision from \"2026.01\" to \"2025.01\"\nstate Reported -> Reported\nstate Allocated -> Allocated\n", out _)!;
        time.At = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var wrongVersion = workflow.Migrate(backwards, Old, Migrator);
        Assert.Contains("runs under version 2025.01, not 2026.01", wrongVersion.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal("2025.01", workflow.CompiledPolicy.Version);
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset At { get; set; }

        public override DateTimeOffset GetUtcNow() => At;
    }

    private static Dictionary<string, FieldValue> Fields(string name, ValueKind kind, string value) => new() { [name] = new(kind, value) };
}
