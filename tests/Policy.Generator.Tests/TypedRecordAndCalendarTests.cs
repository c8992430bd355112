using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Policy.Generator.Tests.Infrastructure;

namespace Policy.Generator.Tests;

/// <summary>
/// The generated C# gives application code typed access to what the policy's clocks use: each field the case
/// records as its own type (a recorded duration as a <c>Duration</c>, an anchor as a <c>DateTimeOffset</c>, a choice
/// as its generated type), and each declared calendar as a <c>DeclaredCalendar</c>. Application code written against
/// them is compiled with the generated code, so a name or type the generator got wrong fails the build, and then run.
/// </summary>
public class TypedRecordAndCalendarTests
{
    private const string CustodyConsumer = """
        using System;
        using Policy.Definitions;
        using Policy.Runtime.Time;
        using Policy.Runtime.Workflows;
        using Force.Policies;

        namespace Consumer;

        public static class Use
        {
            private sealed class At(DateTimeOffset now) : TimeProvider
            {
                public override DateTimeOffset GetUtcNow() => now;
            }

            public static string Run()
            {
                var now = new DateTimeOffset(2026, 3, 6, 20, 0, 0, TimeSpan.Zero);
                var custody = new CustodyClock { TimeProvider = new At(now), Caseloads = new NoDetainees() };
                custody.OpenCase("case-1");
                var sergeant = new Actor("sgt", CustodyClock.Roles.CustodyOfficer, CustodyClock.Roles.DetentionOfficer);
                var inspector = new Actor("insp", CustodyClock.Roles.Inspector);
                DateTimeOffset? before = custody.Record.ArrivedAt;
                Require(custody.BookIn(sergeant, now.AddHours(-2), "sgt", null));
                Require(custody.ReviewDetention(inspector));
                Require(custody.ReviewDetention(inspector));
                Require(custody.ExtendDetention(inspector, new Duration(24, DurationUnit.Hours)));
                Require(custody.PostponeReview(inspector, "Asleep"));

                DateTimeOffset? arrived = custody.Record.ArrivedAt;
                Duration? period = custody.Record.Period;
                string? reason = custody.Record.Reason;
                string? offence = custody.Record.Offence;
                DeclaredCalendar pace = CustodyClock.Calendars.PaceDays;
                var friday = new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);
                var due = pace.AddCounted(friday, CustodyClock.Durations.BeforeCourtWithin);
                return string.Join("|", before is null, arrived?.ToString("O"), period?.ToString(), reason, offence is null,
                    due.ToString("O"), CustodyClock.Calendars.CourtDays.IsWorkingDay(new DateOnly(2026, 3, 7)),
                    ReferenceEquals(pace, CustodyClock.Policy.DeclaredCalendars["PaceDays"]));
            }

            private sealed class NoDetainees : Policy.Runtime.Availability.IOfficerCaseloads
            {
                public decimal? CaseloadOf(string officerId) => 0;
            }

            private static void Require(ActionResult result)
            {
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            }
        }
        """;

    private const string SchemesConsumer = """
        using System;
        using Policy.Definitions;
        using Policy.Runtime.Workflows;
        using Force.Policies;

        namespace Consumer;

        public static class Use
        {
            public static string Run()
            {
                var schemes = new SpecialSchemes();
                schemes.OpenCase("case-2");
                var admin = new Actor("adm", SpecialSchemes.Roles.SchemeAdministrator);
                var oic = new Actor("dc.jones", SpecialSchemes.Roles.OIC);
                SpecialSchemes.ContactOutcome? none = schemes.Record.Outcome;
                Require(schemes.Implement(admin, "dc.jones", "1 High Street", new Duration(6, DurationUnit.Months)));
                Require(schemes.ContactVictim(oic, "phone", new SpecialSchemes.ContactOutcome.Declined("Does not want contact"), DateTimeOffset.UnixEpoch, 1m, null));

                var outcome = schemes.Record.Outcome;
                var declined = outcome is SpecialSchemes.ContactOutcome.Declined d ? d.Reason : "not declined";
                return string.Join("|", none is null, declined, schemes.Record.Oic, schemes.Record.ExpectedLength?.ToString(), schemes.Record.Attempt, schemes.Record.Note is null);
            }

            private sealed class NoDetainees : Policy.Runtime.Availability.IOfficerCaseloads
            {
                public decimal? CaseloadOf(string officerId) => 0;
            }

            private static void Require(ActionResult result)
            {
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            }
        }
        """;

    [Fact]
    public void Recorded_anchors_durations_and_declared_calendars_are_typed_members()
    {
        var result = Run("CustodyClock", CustodyConsumer);

        // 48 hours counted on PaceDays from Friday 18:00: Sunday is not counted, so Monday 18:00.
        Assert.Equal("True|2026-03-06T18:00:00.0000000+00:00|24 hours|Asleep|True|2026-03-09T18:00:00.0000000+00:00|False|True", result);
    }

    [Fact]
    public void A_recorded_choice_with_data_is_read_back_as_its_generated_option()
    {
        var result = Run("SpecialSchemes", SchemesConsumer);
        Assert.Equal("True|Does not want contact|dc.jones|6 months|1|True", result);
    }

    private static string Run(string sample, string consumer)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("tests", "Policy.Language.Tests", "Samples", sample + ".policy"));
        var (generated, output) = GeneratorHarness.Run(new[] { GeneratorHarness.Policy(sample + ".policy", text) }, consumer);
        Assert.Empty(generated.Results[0].Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext(sample + "-consumer", isCollectible: true);
        try
        {
            var use = context.LoadFromStream(stream).GetType("Consumer.Use", throwOnError: true)!;
            return (string)use.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }
}
