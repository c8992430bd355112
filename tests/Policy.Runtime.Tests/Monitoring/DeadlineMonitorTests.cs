using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Notifications;
using Policy.Runtime.Tests.Cases;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Monitoring;

public sealed class DeadlineMonitorTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestCaseStore _store = new();

    [Fact]
    public async Task Two_monitors_racing_on_one_store_record_each_breach_and_escalation_exactly_once()
    {
        var (first, firstSink) = Monitor();
        var (second, secondSink) = Monitor();
        var service = Service(new RecordingSink());
        for (var i = 0; i < 10; i++)
        {
            await OpenGraded(service, $"call-{i}", i % 2 == 0 ? "Immediate" : "Significant");
        }

        _store.PairReadsWithin = TimeSpan.FromMilliseconds(20);

        // Immediate calls breach at 15 minutes, Significant at 60; the Inspector is told 30 minutes after each.
        foreach (var minutes in new[] { 20, 30, 30, 30, 30 })
        {
            _time.Advance(TimeSpan.FromMinutes(minutes));
            await Task.WhenAll(first.RunOnceAsync(), second.RunOnceAsync());
        }

        for (var i = 0; i < 10; i++)
        {
            var steps = _store.Events($"call-{i}").Where(e => e.Kind is CaseEventKind.DeadlineBreached or CaseEventKind.DeadlineEscalated).ToList();
            var due = Start.AddMinutes(i % 2 == 0 ? 15 : 60);
            Assert.Equal(
                [(CaseEventKind.DeadlineBreached, due, "ResponseDesk"), (CaseEventKind.DeadlineEscalated, due.AddMinutes(30), "Inspector")],
                steps.Select(e => (e.Kind, e.At, e.Role)));
        }

        Assert.True(_store.Conflicts > 0, "The monitors never raced, so the test proves nothing.");
        var sent = firstSink.Sent.Concat(secondSink.Sent).ToList();
        Assert.Equal(20, sent.Count);
        Assert.Equal(20, sent.Select(n => (n.CaseId, n.Kind)).Distinct().Count());
        Assert.Empty(await _store.FindDueAsync(_time.GetUtcNow(), 100));
        Assert.Equal(0, await first.RunOnceAsync());
    }

    [Fact]
    public async Task Monitors_racing_with_users_never_record_a_step_twice_or_for_a_met_deadline()
    {
        var (first, _) = Monitor();
        var (second, _) = Monitor();
        var service = Service(new RecordingSink());
        for (var i = 0; i < 10; i++)
        {
            await OpenGraded(service, $"call-{i}", "Immediate");
        }

        _time.Advance(TimeSpan.FromMinutes(50));
        var attendances = Enumerable.Range(0, 10).Select(i => service.PerformAsync($"call-{i}", Dispatcher, "Attend", new Dictionary<string, FieldValue>
        {
            ["arrivedAt"] = FieldValues.DateTime(_time.GetUtcNow())!,
        }));
        var results = await Task.WhenAll(attendances.Concat([RunAsResult(first), RunAsResult(second)]));

        for (var i = 0; i < 10; i++)
        {
            var events = _store.Events($"call-{i}");
            Assert.Equal(events.Count, events.Select(e => e.Version).Distinct().Count());
            Assert.True(events.Count(e => e.Kind == CaseEventKind.DeadlineBreached) <= 1);
            Assert.True(events.Count(e => e.Kind == CaseEventKind.DeadlineEscalated) <= 1);
        }

        // Attendances that lost a race come back as conflicts to retry, never as lost writes.
        Assert.All(results.Take(10), r => Assert.True(r.IsAccepted || r.IsConflict));
    }

    [Fact]
    public async Task A_monitor_started_after_downtime_records_everything_that_fell_due_at_the_times_it_fell_due()
    {
        var service = Service(new RecordingSink());
        await OpenGraded(service, "call-1", "Immediate");
        await OpenGraded(service, "call-2", "Extended");
        _time.Advance(TimeSpan.FromDays(1));

        var (monitor, sink) = Monitor();
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => sink.Sent.Count == 4, "the four overdue steps");
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }

        Assert.Equal(
            [(CaseEventKind.DeadlineBreached, Start.AddMinutes(15)), (CaseEventKind.DeadlineEscalated, Start.AddMinutes(45))],
            _store.Events("call-1").Where(e => e.Kind != CaseEventKind.Opened && e.Kind != CaseEventKind.ActionPerformed).Select(e => (e.Kind, e.At)));
        Assert.Equal(
            [(CaseEventKind.DeadlineBreached, Start.AddHours(4)), (CaseEventKind.DeadlineEscalated, Start.AddHours(4).AddMinutes(30))],
            _store.Events("call-2").Where(e => e.Kind != CaseEventKind.Opened && e.Kind != CaseEventKind.ActionPerformed).Select(e => (e.Kind, e.At)));
        Assert.Equal([NotificationKind.DeadlineBreached, NotificationKind.DeadlineEscalated], sink.Sent.Where(n => n.CaseId == "call-1").Select(n => n.Kind));
    }

    [Fact]
    public async Task A_running_monitor_sleeps_until_the_next_due_time_and_is_woken_for_an_earlier_one()
    {
        var (monitor, sink, service) = MonitorWithService(new DeadlineMonitorOptions { MaxSleep = TimeSpan.FromHours(1) });
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            // Nothing due: it sleeps the longest it may, rather than polling.
            await Eventually(() => monitor.SleepingUntil == Start.AddHours(1), "sleeping an hour");

            // A saved case with an earlier due time wakes it to sleep until then instead.
            await OpenGraded(service, "call-1", "Immediate");
            await Eventually(() => monitor.SleepingUntil == Start.AddMinutes(15), "sleeping until the call is due");
            Assert.Empty(sink.Sent);

            _time.Advance(TimeSpan.FromMinutes(15));
            await Eventually(() => sink.Sent.Count == 1, "the breach");
            await Eventually(() => monitor.SleepingUntil == Start.AddMinutes(45), "sleeping until the escalation");

            _time.Advance(TimeSpan.FromMinutes(30));
            await Eventually(() => sink.Sent.Count == 2, "the escalation");
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }

        Assert.Equal([NotificationKind.DeadlineBreached, NotificationKind.DeadlineEscalated], sink.Sent.Select(n => n.Kind));
        Assert.Equal(("Inspector", Start.AddMinutes(45)), (sink.Sent[1].Role, sink.Sent[1].At));
    }

    [Fact]
    public async Task A_case_it_cannot_settle_makes_the_monitor_back_off_instead_of_spinning()
    {
        await OpenGraded(Service(new RecordingSink()), "call-1", "Immediate");
        _time.Advance(TimeSpan.FromMinutes(20));

        // This monitor's application does not know the ControlRoom policy, so the due case fails every time.
        var service = new CaseService(_store, new PolicyCatalog([Rasso]), _time);
        var monitor = new DeadlineMonitor(service, new DeadlineMonitorOptions { RetryAfterFailure = TimeSpan.FromMinutes(1) });
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => monitor.SleepingUntil == _time.GetUtcNow().AddMinutes(1), "backing off for a minute");
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(_store.Events("call-1"), e => e.Kind == CaseEventKind.DeadlineBreached);
    }

    private static async Task<CaseResult> RunAsResult(DeadlineMonitor monitor)
    {
        await monitor.RunOnceAsync();
        return new CaseResult("monitor", CaseResultStatus.Accepted, 0, []);
    }

    private static async Task OpenGraded(CaseService service, string caseId, string grade)
    {
        Assert.True((await service.OpenAsync("ControlRoom", caseId, Dispatcher)).IsAccepted);
        Assert.True((await service.PerformAsync(caseId, Dispatcher, "GradeCall", new Dictionary<string, FieldValue> { ["grade"] = FieldValues.Choice(grade) })).IsAccepted);
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    private CaseService Service(INotificationSink sink) => new(_store, new PolicyCatalog([ControlRoom, Rasso]), _time, notifications: sink);

    private (DeadlineMonitor Monitor, RecordingSink Sink) Monitor()
    {
        var (monitor, sink, _) = MonitorWithService(null);
        return (monitor, sink);
    }

    private (DeadlineMonitor Monitor, RecordingSink Sink, CaseService Service) MonitorWithService(DeadlineMonitorOptions? options)
    {
        var sink = new RecordingSink();
        var service = Service(sink);
        return (new DeadlineMonitor(service, options), sink, service);
    }
}
