using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Events;
using Policy.Runtime.Hosting;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Storage;
using Policy.Runtime.Tests.Cases;
using Policy.Runtime.Workflows;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Hosting;

public sealed class PolicyRegistrationTests
{
    [Fact]
    public async Task AddPolicy_gives_a_case_service_on_a_migrated_sqlite_store_that_refuses_and_accepts()
    {
        await using var host = TestHost.Build(policy => policy.AddDeadlineMonitor());
        await host.Host.StartAsync();
        var cases = host.Services.GetRequiredService<CaseService>();

        Assert.True((await cases.OpenAsync("ControlRoom", "call-1", Dispatcher)).IsAccepted);
        var refused = await cases.PerformAsync("call-1", DutyInspector, "GradeCall", Grade("Immediate"));
        Assert.Equal(RefusalKind.Role, refused.Refusal?.Kind);
        Assert.True((await cases.PerformAsync("call-1", Dispatcher, "GradeCall", Grade("Immediate"))).IsAccepted);

        // The file is where UseSqlite said, below the content root, and the store is the one the service uses.
        Assert.True(File.Exists(Path.Combine(host.Folder, "data", "cases.db")));
        var store = Assert.IsType<SqliteCaseStore>(host.Services.GetRequiredService<ICaseStore>());
        Assert.Same(store, cases.Store);
        Assert.Equal(SqliteCaseStore.SchemaVersion, await store.ReadSchemaVersionAsync());

        // The monitor the container hands out is the one the host started.
        Assert.True(host.Services.GetRequiredService<DeadlineMonitor>().IsRunning);
    }

    [Fact]
    public async Task The_applications_own_clock_absence_register_and_notification_sink_are_the_ones_used()
    {
        var absences = new AbsenceRegister();
        var sink = new RecordingSink();
        await using var host = TestHost.Build(services: services =>
        {
            services.AddSingleton<IAbsenceRegister>(absences);
            services.AddSingleton<Notifications.INotificationSink>(sink);
        });
        await host.Host.StartAsync();
        var cases = host.Services.GetRequiredService<CaseService>();

        Assert.Same(host.Time, cases.TimeProvider);
        Assert.Same(absences, cases.Absences);
        await cases.OpenAsync("ControlRoom", "call-1", Dispatcher);
        await cases.PerformAsync("call-1", Dispatcher, "GradeCall", Grade("Immediate"));
        host.Time.Advance(TimeSpan.FromMinutes(20));
        await cases.RecordDueDeadlinesAsync("call-1");
        Assert.Equal(("call-1", "ResponseDesk"), (sink.Sent.Single().CaseId, sink.Sent.Single().Role));
        Assert.Equal(Start.AddMinutes(15), (await cases.Store.ReadCaseAsync("call-1")).Single(e => e.Kind == CaseEventKind.DeadlineBreached).At);

        // Saved through the store's outbox, sent after the save, and gone from it; the dispatcher that would retry a
        // failed one is one of the host's services.
        Assert.True(cases.Store.KeepsOutbox);
        Assert.Null(await cases.Store.NextOutboxAsync());
        Assert.Contains(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is Notifications.OutboxDispatcher);
        Assert.Contains(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is CaseloadIndexer);
    }

    [Fact]
    public async Task Settings_are_bound_from_the_Policy_section()
    {
        await using var host = TestHost.Build(
            policy => policy.AddDeadlineMonitor(),
            new Dictionary<string, string?>
            {
                ["Policy:Monitor:BatchSize"] = "7",
                ["Policy:Monitor:MaxSleep"] = "00:01:30",
                ["Policy:Health:MaxMonitorLag"] = "00:02:00",
            });
        var options = host.Services.GetRequiredService<IOptions<PolicyOptions>>().Value;
        Assert.Equal(7, options.Monitor.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Monitor.MaxSleep);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Health.MaxMonitorLag);
        Assert.Equal(["ControlRoom", "RassoInvestigation"], options.Policies.Select(p => p.Name));
    }

    [Theory]
    [InlineData("Policy:Monitor:BatchSize", "0", "Policy:Monitor:BatchSize must be at least 1; it is 0.")]
    [InlineData("Policy:Monitor:MaxSleep", "-00:00:01", "Policy:Monitor:MaxSleep must be a positive time span")]
    [InlineData("Policy:Health:MaxMonitorLag", "00:00:00", "Policy:Health:MaxMonitorLag must be a positive time span")]
    [InlineData("Policy:AuditKeys", "not a key", "The setting Policy:AuditKeys, key 1: expected 'id:base64-secret'")]
    [InlineData("Policy:AuditKeyFile", "missing.keys", "The setting Policy:AuditKeyFile: The key file 'missing.keys' cannot be read")]
    [InlineData("Policy:Monitor:BatchSize", "lots", "The setting Policy:Monitor:BatchSize is 'lots', which is not a whole number, such as 100. Correct it in appsettings.json (or the environment variable Policy__Monitor__BatchSize).")]
    [InlineData("Policy:Monitor:MaxSleep", "5 minutes", "The setting Policy:Monitor:MaxSleep is '5 minutes', which is not a time span written hours:minutes:seconds")]
    [InlineData("Policy:Health:MaxAuditAge", "a day", "The setting Policy:Health:MaxAuditAge is 'a day', which is not a time span")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string message)
    {
        await using var host = TestHost.Build(policy => policy.AddDeadlineMonitor(), new Dictionary<string, string?> { [setting] = value });
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.True(failure.Message.Contains(message, StringComparison.Ordinal), failure.Message);
    }

    [Fact]
    public async Task An_audit_monitor_without_keys_and_a_registration_without_policies_or_store_are_refused_at_start()
    {
        await using var host = TestHost.Build(policy => policy.AddAuditMonitor());
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());
        Assert.Contains("AddAuditMonitor() needs the audit keys: set Policy:AuditKeyFile or Policy:AuditKeys", failure.Message, StringComparison.Ordinal);

        var services = new ServiceCollection();
        services.AddPolicy();
        using var provider = services.BuildServiceProvider();
        var empty = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PolicyOptions>>().Value);
        Assert.Contains("No policy is registered", empty.Message, StringComparison.Ordinal);
        Assert.Contains("No case store is chosen: call UseSqlite(path), UsePostgreSql(connectionString)", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPolicies_finds_the_generated_workflows_of_an_assembly_and_says_so_when_there_are_none()
    {
        // This test assembly holds one workflow written as the generator writes it (Workflows/ExampleGeneratedWorkflow.cs).
        var options = new PolicyOptions().AddPolicies(typeof(PolicyRegistrationTests).Assembly);
        Assert.Same(Workflows.Generated.RassoInvestigation.Policy, Assert.Single(options.Policies));
        Assert.Same(options.Policies[0], options.Add<Workflows.Generated.RassoInvestigation>().Policies.Single());

        var error = Assert.Throws<ArgumentException>(() => new PolicyOptions().AddPolicies(typeof(PolicyOptions).Assembly));
        Assert.Contains("The assembly 'Policy.Runtime' holds no generated policy workflow", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => options.Add(ControlRoom).Add(global::Policy.Runtime.Engine.CompiledPolicy.Compile(ControlRoomDefinition())));
    }

    [Fact]
    public async Task Health_is_unhealthy_once_the_deadline_monitor_stops()
    {
        await using var host = TestHost.Build(policy => policy.AddDeadlineMonitor().AddHealthChecks());
        await host.Host.StartAsync();
        var monitor = host.Services.GetRequiredService<DeadlineMonitor>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Eventually(() => monitor.LastPassAt is not null);

        var report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(["policy.deadlines", "policy.store"], report.Entries.Keys.Order());
        Assert.Contains("schema version", report.Entries["policy.store"].Description, StringComparison.Ordinal);

        await monitor.StopAsync(CancellationToken.None);
        report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal("The deadline monitor is not running: breaches and escalations are not being recorded.", report.Entries["policy.deadlines"].Description);
        Assert.Equal(HealthStatus.Healthy, report.Entries["policy.store"].Status);
    }

    [Fact]
    public async Task Health_is_unhealthy_when_a_deadline_stays_due_longer_than_the_lag_allowed()
    {
        // No monitor in this process: the check reads the lag from the store, as it does for a monitor elsewhere.
        await using var host = TestHost.Build(policy => policy.AddHealthChecks(), new Dictionary<string, string?> { ["Policy:Health:MaxMonitorLag"] = "00:10:00" });
        await host.Host.StartAsync();
        var cases = host.Services.GetRequiredService<CaseService>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await cases.OpenAsync("ControlRoom", "call-1", Dispatcher);
        await cases.PerformAsync("call-1", Dispatcher, "GradeCall", Grade("Immediate"));

        host.Time.Advance(TimeSpan.FromMinutes(24));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        host.Time.Advance(TimeSpan.FromMinutes(2));
        var entry = (await health.CheckHealthAsync()).Entries["policy.deadlines"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("A deadline has been due for 0.00:11:00 without being recorded, more than Policy:Health:MaxMonitorLag (0.00:10:00).", entry.Description);

        await cases.RecordDueDeadlinesAsync("call-1");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task The_store_check_is_unhealthy_when_the_schema_is_not_migrated()
    {
        // Never started, so nothing has migrated the file.
        await using var host = TestHost.Build(policy => policy.AddHealthChecks());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["policy.store"].Status);
        Assert.Contains($"schema is at version 0, not {SqliteCaseStore.SchemaVersion}", report.Entries["policy.store"].Description, StringComparison.Ordinal);
    }

    internal static Dictionary<string, FieldValue> Grade(string grade) => new() { ["grade"] = FieldValues.Choice(grade) };

    internal static async Task Eventually(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "Timed out.");
            await Task.Delay(10);
        }
    }
}
