using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Engine;

public sealed class ReplayTests
{
    private static readonly Actor[] Actors =
    [
        Supervisor, OtherSupervisor, Oic, OtherOic, Soit, CrimeManager, Dispatcher,
        new("soit-2", "SOIT"), new("both", "OIC", "Supervisor"),
    ];

    private static readonly string[] Officers = ["oic-1", "oic-2", "soit-1", "soit-2", "both"];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_case_replayed_from_its_events_is_the_same_as_the_case_built_live(int seed)
    {
        var random = new Random(seed);
        var policy = seed % 4 == 0 ? ControlRoom : Rasso;
        var live = new CaseHarness(policy, caseId: $"case-{seed}");
        var accepted = 0;

        for (var step = 0; step < 150; step++)
        {
            switch (random.Next(10))
            {
                case < 6:
                {
                    var (action, actor) = Pick(live, policy, random, mayClose: step > 120);
                    var result = live.Workflow.Perform(action.Name, actor, Values(action, random));
                    accepted += result.IsAccepted ? 1 : 0;
                    break;
                }

                case 6 when policy.SignalCount > 0:
                {
                    var signal = policy.Signals[random.Next(policy.SignalCount)];
                    live.Workflow.RaiseSignal(signal.Name, Values(signal, random));
                    break;
                }

                case 7 when policy.SettingCount > 0:
                    live.Workflow.OverrideSetting(policy.SettingName(0), Supervisor, FieldValues.Duration(new Duration(random.Next(1, 30), random.Next(2) == 0 ? DurationUnit.Days : DurationUnit.Hours))!);
                    break;
                case 8:
                    live.Workflow.RecordDueDeadlines();
                    break;
                default:
                    live.Advance(TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 4)));
                    break;
            }
        }

        // Once as the live events are (fields kept by position), once as a store gives them back (fields by name).
        var events = live.Workflow.PendingEvents;
        var replayed = new PolicyWorkflow(policy);
        replayed.Replay(events);
        var fromStore = new PolicyWorkflow(policy);
        fromStore.Replay(events.Select(AsStored));

        if (policy == Rasso)
        {
            Assert.True(events.Count > 20, $"only {events.Count} events");
            Assert.True(accepted > 5, $"only {accepted} actions accepted");
            Assert.NotEmpty(live.Workflow.DeadlineHistory);
        }

        var expected = live.Case.Describe();
        Assert.Equal(expected, replayed.Case.Describe());
        Assert.Equal(expected, fromStore.Case.Describe());
        Assert.Equal(live.Workflow.DueDeadlineRows(), fromStore.DueDeadlineRows());
    }

    /// <summary>Mostly something the actor may do, sometimes anything at all; nothing that closes the case until late, so cases travel far.</summary>
    private static (CompiledAction Action, Actor Actor) Pick(CaseHarness live, CompiledPolicy policy, Random random, bool mayClose)
    {
        var wantAllowed = random.Next(10) < 8;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var action = policy.Actions[random.Next(policy.ActionCount)];
            var actor = Actors[random.Next(Actors.Length)];
            var closes = action.ToState >= 0 && policy.States[action.ToState].IsFinal;
            if ((mayClose || !closes) && (!wantAllowed || live.Workflow.Can(action.Name, actor)))
            {
                return (action, actor);
            }
        }

        return (policy.Actions[0], Actors[0]);
    }

    private static CaseEvent AsStored(CaseEvent live) => live with { Fields = Copy(live.Fields) };

    private static Dictionary<string, FieldValue> Copy(IReadOnlyDictionary<string, FieldValue> fields)
    {
        var copy = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            copy[name] = value with { Fields = value.Fields is null ? null : Copy(value.Fields) };
        }

        return copy;
    }

    private static Dictionary<string, FieldValue> Values(CompiledCommand command, Random random)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var field in command.Fields)
        {
            if (Value(field, random) is { } value)
            {
                values[field.Name] = value;
            }
        }

        return values;
    }

    /// <summary>Mostly valid values, sometimes missing or wrong, so refusals are part of every sequence.</summary>
    private static FieldValue? Value(CompiledField field, Random random)
    {
        if (random.Next(12) == 0)
        {
            return null;
        }

        if (random.Next(15) == 0)
        {
            return new FieldValue(ValueKind.Text, " ");
        }

        return field.Kind switch
        {
            ValueKind.Text => FieldValues.Text("text " + random.Next(100)),
            ValueKind.YesNo => FieldValues.YesNo(random.Next(2) == 0),
            ValueKind.Number => FieldValues.Number(random.Next(-5, 50)),
            ValueKind.Date => FieldValues.Date(new DateOnly(2025, 1, 1).AddDays(random.Next(100))),
            ValueKind.DateTime => FieldValues.DateTime(Start.AddMinutes(random.Next(10_000))),
            ValueKind.Duration => FieldValues.Duration(new Duration(random.Next(1, 20), DurationUnit.Days)),
            ValueKind.Officer => FieldValues.Officer(Officers[random.Next(Officers.Length)]),
            _ => Option(field.Choice!, random),
        };
    }

    private static FieldValue Option(CompiledChoice choice, Random random)
    {
        var option = choice.Options[random.Next(choice.Options.Length)];
        if (option.Fields.Length == 0)
        {
            return FieldValues.Choice(option.Name);
        }

        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var field in option.Fields)
        {
            if (Value(field, random) is { } value)
            {
                fields[field.Name] = value;
            }
        }

        return FieldValues.Choice(option.Name, fields);
    }
}
