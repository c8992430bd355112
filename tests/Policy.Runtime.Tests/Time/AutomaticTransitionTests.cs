using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Tests.Time;

/// <summary>
/// Things that happen by themselves: an action <c>by system ... when D is due</c> is performed by the system at D's due
/// time, recorded like any action (and replayed from its event), before any breach at that moment; no person may
/// perform it; and it does not happen once the case has left its states.
/// </summary>
public sealed class AutomaticTransitionTests
{
    private const string Policy = """
        policy Orders "Protection orders" {
          version "1"
          source DVPO "Crime and Security Act 2010"
          role Inspector "Inspector"
          state Applied "Applied" initial
          state InForce "In force"
          state Expired "Expired" final
          state Discharged "Discharged" final
          action MakeOrder "The court makes the order" by Inspector from Applied to InForce {
            record madeOn: date
          }
          action Discharge "Discharge the order" by Inspector from InForce to Discharged
          action Expire "The order expires" by system from InForce to Expired when OrderLasts is due {
            notify Inspector "The order has expired."
          }
          deadline OrderLasts "The order lasts 28 days beginning with the day on which it is made" {
            starts when MakeOrder
            Inspector must Discharge within 28 days beginning with madeOn
            cite DVPO "s.28(10)"
          }
        }
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndOf29March = new(2026, 3, 29, 23, 0, 0, TimeSpan.Zero); // 00:00 BST on 30 March
    private static readonly Actor Inspector = new("insp", "Inspector");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly CompiledPolicy _policy;
    private readonly PolicyWorkflow _workflow;

    public AutomaticTransitionTests()
    {
        _policy = PolicyText.Compile("orders.policy", Policy);
        _workflow = new PolicyWorkflow(_policy) { TimeProvider = _time };
        _workflow.OpenCase("order-1");
        Assert.True(_workflow.Perform("MakeOrder", Inspector, FieldValues.Fields(("madeOn", FieldValues.Date(new DateOnly(2026, 3, 2))))).IsAccepted);
    }

    [Fact]
    public void At_the_due_time_the_system_moves_the_case_records_it_and_nothing_is_breached()
    {
        _time.SetUtcNow(EndOf29March.AddMinutes(-1));
        Assert.Empty(_workflow.RecordDueDeadlines());

        _time.SetUtcNow(EndOf29March.AddHours(3));
        var moved = Assert.Single(_workflow.RecordDueDeadlines());
        Assert.Equal((CaseEventKind.ActionPerformed, "Expire", EndOf29March, PolicyWorkflow.SystemActorId), (moved.Kind, moved.Name, moved.At, moved.ActorId));
        Assert.Equal("Expired", _workflow.StateName);
        Assert.Contains(_workflow.PendingNotifications, n => n.Message == "The order has expired.");

        // Replayed from its events, the case is where the system left it.
        var replayed = new CaseState(_policy);
        foreach (var e in _workflow.PendingEvents)
        {
            replayed.Apply(e);
        }

        Assert.Equal("Expired", replayed.StateName);
    }

    [Fact]
    public void No_one_performs_it_and_it_does_not_happen_once_the_case_has_moved_on()
    {
        var refused = _workflow.Perform("Expire", Inspector);
        Assert.Equal(RefusalKind.Role, refused.Refusal?.Kind);
        Assert.Contains("happens by itself when OrderLasts is due", refused.Refusal!.Message, StringComparison.Ordinal);

        Assert.True(_workflow.Perform("Discharge", Inspector).IsAccepted);
        _time.SetUtcNow(EndOf29March.AddDays(1));
        Assert.DoesNotContain(_workflow.RecordDueDeadlines(), e => e.Name == "Expire");
        Assert.Equal("Discharged", _workflow.StateName);
    }
}
