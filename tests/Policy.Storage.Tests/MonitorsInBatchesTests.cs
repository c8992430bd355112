using System.Collections.Concurrent;
using Policy.PostgreSql;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>
/// Two application instances, each with its own store and monitor, on one database, claiming due work in small
/// batches and deciding several cases at once: every breach and escalation is still recorded exactly once.
/// </summary>
public abstract class MonitorsInBatchesTests
{
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

    /// <summary>A store on the test's database; each call is another instance on the same one.</summary>
    protected abstract ICaseStore OpenStore();

    [ContractFact]
    public async Task Two_monitors_claiming_small_batches_record_each_breach_and_escalation_exactly_once()
    {
        var definition = global::Policy.Language.PolicyCompiler.Compile("updates.policy", MonitorOnPostgreSqlTests.Policy).Definition!;
        var catalog = new PolicyCatalog([CompiledPolicy.Compile(definition)]);
        var start = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var clock = new Clock(start);
        var sink = new Sink();
        await using var storeA = OpenStore();
        await using var storeB = OpenStore();
        await storeA.InitializeAsync();
        await storeB.InitializeAsync();
        var serviceA = new CaseService(storeA, catalog, clock, notifications: sink);
        var serviceB = new CaseService(storeB, catalog, clock, notifications: sink);

        const int Cases = 60;
        for (var i = 0; i < Cases; i++)
        {
            Assert.True((await serviceA.OpenAsync("Updates", $"case-{i}", new Actor("desk", "OIC"))).IsAccepted);
        }

        // Four hours on: each case is breached at 10:00, escalated to the supervisor at 10:00 and to the crime manager at 12:00.
        clock.Now = start.AddHours(4);
        var options = new DeadlineMonitorOptions { BatchSize = 7, Concurrency = 4 };
        var monitors = new[] { new DeadlineMonitor(serviceA, options), new DeadlineMonitor(serviceB, options) };
        var recorded = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => monitors[i % 2].RunOnceAsync())));

        for (var i = 0; i < Cases; i++)
        {
            var events = await storeA.ReadCaseAsync($"case-{i}");
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineBreached && e.At == start.AddHours(1));
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineEscalated && e.Role == "Supervisor" && e.At == start.AddHours(1));
            Assert.Single(events, e => e.Kind == CaseEventKind.DeadlineEscalated && e.Role == "CrimeManager" && e.At == start.AddHours(3));
        }

        // What the monitors say they saved is what was saved: no step counted twice, none lost.
        Assert.Equal(3 * Cases, recorded.Sum());
        Assert.Equal(Cases, sink.Sent.Count(n => n.Role == "Supervisor"));
        Assert.Equal(Cases, sink.Sent.Count(n => n.Role == "CrimeManager"));
        Assert.Null(await storeB.NextDueAsync());
        Assert.True((await new Policy.Runtime.Audit.AuditVerifier(storeA, null).VerifyAsync()).IsClean);
    }
}

public sealed class MonitorsInBatchesOnSqliteTests : MonitorsInBatchesTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-monitor-").FullName;

    protected override ICaseStore OpenStore() => SqliteCaseStore.ForFile(Path.Combine(_folder, "cases.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class MonitorsInBatchesOnPostgreSqlTests : MonitorsInBatchesTests, INeedsPostgres, IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    protected override ICaseStore OpenStore() => new PostgreSqlCaseStore(PostgresServer.Require(), _schema);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (PostgresServer.ConnectionString is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }
}
