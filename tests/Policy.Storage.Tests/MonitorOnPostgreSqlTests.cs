using System.Collections.Concurrent;
using Policy.PostgreSql;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>Two application instances, each with its own monitor, on one PostgreSQL database.</summary>
public sealed class MonitorOnPostgreSqlTests
{
    internal const string Policy = """
        policy Updates "Victim updates" {
          version "1"
          source SOP "Victim updates procedure"
          role OIC "Officer in charge"
          role Supervisor "Supervisor"
          role CrimeManager "BCU Crime Manager"
          state Open initial
          state Closed final
          action Inform by OIC in Open { record summary: text }
          action Close by OIC from Open to Closed { record reason: text }
          deadline Update "The victim is told" {
            starts on entering Open
            OIC must Inform within 1 hour
            escalate to Supervisor, then to CrimeManager after 2 hours
            cite SOP "5.1"
          }
        }
        """;

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Sink : INotificationSink
    {
        public ConcurrentBag<Notification> Sent { get; } = new();

        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
        {
            Sent.Add(notification);
            return Task.CompletedTask;
        }
    }

    [PostgresFact]
    public async Task Two_monitors_on_one_database_record_each_breach_and_escalation_exactly_once()
    {
        var definition = global::Policy.Language.PolicyCompiler.Compile("updates.policy", Policy).Definition!;
        var catalog = new PolicyCatalog([CompiledPolicy.Compile(definition)]);
        var schema = PostgresServer.NewSchema();
        var start = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var clock = new Clock(start);
        var sink = new Sink();
        await using var storeA = new PostgreSqlCaseStore(PostgresServer.Require(), schema);
        await using var storeB = new PostgreSqlCaseStore(PostgresServer.Require(), schema);
        await storeA.InitializeAsync();
        await storeB.InitializeAsync();
        var serviceA = new CaseService(storeA, catalog, clock, notifications: sink);
        var serviceB = new CaseService(storeB, catalog, clock, notifications: sink);

        const int Cases = 20;
        for (var i = 0; i < Cases; i++)
        {
            Assert.True((await serviceA.OpenAsync("Updates", $"case-{i}", new Actor("desk", "OIC"))).IsAccepted);
        }

        // Four hours on: each case is breached at 10:00, escalated to the supervisor at 10:00 and to the crime manager at 12:00.
        clock.Now = start.AddHours(4);
        var monitors = new[] { new DeadlineMonitor(serviceA), new DeadlineMonitor(serviceB) };
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => monitors[i % 2].RunOnceAsync())));

        for (var i = 0; i < Cases; i++)
        {
            var events = await storeA.ReadCaseAsync($"case-{i}");
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineBreached && e.At == start.AddHours(1));
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineEscalated && e.Role == "Supervisor" && e.At == start.AddHours(1));
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineEscalated && e.Role == "CrimeManager" && e.At == start.AddHours(3));
        }

        Assert.Equal(Cases, sink.Sent.Count(n => n.Role == "Supervisor"));
        Assert.Equal(Cases, sink.Sent.Count(n => n.Role == "CrimeManager"));
        Assert.Null(await storeB.NextDueAsync());
    }
}
