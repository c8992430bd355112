using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Health;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Hosting;

/// <summary>
/// The optional parts of <c>services.AddPolicy(...)</c>: where cases are kept, the monitors and the health checks.
/// Each method returns the builder, so the setup reads as one statement.
/// </summary>
public sealed class PolicyBuilder
{
    internal PolicyBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Keeps cases in the SQLite database at <paramref name="path"/> (relative to the content root unless absolute; the
    /// folder is created), or at <c>Policy:Sqlite:Path</c> when <paramref name="path"/> is null.
    /// </summary>
    public PolicyBuilder UseSqlite(string? path = null)
    {
        if (path is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            Services.Configure<PolicyOptions>(options => options.Sqlite.Path = path);
        }

        return UseStore("sqlite", static (services, keys) =>
        {
            var configured = services.GetRequiredService<IOptions<PolicyOptions>>().Value.Sqlite.Path!;
            var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            var file = Path.GetFullPath(configured, root);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            return SqliteCaseStore.ForFile(file, keys);
        });
    }

    /// <summary>Keeps cases in a store of the application's own (an <see cref="InMemoryCaseStore"/> in tests, say), sealed with the audit keys if it takes them.</summary>
    public PolicyBuilder UseStore(Func<IServiceProvider, AuditKeyRing?, ICaseStore> factory) => UseStore("custom", factory);

    /// <summary>For store packages (<c>Policy.PostgreSql</c>): <paramref name="name"/> says which, for messages.</summary>
    public PolicyBuilder UseStore(string name, Func<IServiceProvider, AuditKeyRing?, ICaseStore> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        Services.Configure<PolicyOptions>(options =>
        {
            options.StoreFactory = factory;
            options.StoreName = name;
        });
        return this;
    }

    /// <summary>
    /// Runs the <see cref="DeadlineMonitor"/> as a hosted service: it records each breach and escalation when it falls
    /// due, paced by <c>Policy:Monitor</c>. Several instances on one database are safe.
    /// </summary>
    public PolicyBuilder AddDeadlineMonitor()
    {
        Services.TryAddSingleton(static services => new DeadlineMonitor(
            services.GetRequiredService<CaseService>(),
            services.GetRequiredService<IOptions<PolicyOptions>>().Value.Monitor,
            services.GetService<ILogger<DeadlineMonitor>>()));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostedDeadlineMonitor>());
        return this;
    }

    /// <summary>
    /// Runs the <see cref="AuditMonitor"/> as a hosted service: it verifies the record and signs checkpoints over it,
    /// paced by <c>Policy:Audit</c>. Needs the audit keys (<c>Policy:AuditKeyFile</c>, <c>Policy:AuditKeys</c>, or an
    /// <see cref="AuditKeyRing"/> in the container).
    /// </summary>
    public PolicyBuilder AddAuditMonitor()
    {
        Services.Configure<PolicyOptions>(static options => options.AuditMonitorAdded = true);
        Services.TryAddSingleton(static services =>
        {
            var options = services.GetRequiredService<IOptions<PolicyOptions>>().Value;
            var keys = services.GetRequiredService<PolicyAuditKeys>().Keys
                ?? throw new InvalidOperationException("AddAuditMonitor() needs the audit keys: set Policy:AuditKeyFile or Policy:AuditKeys.");
            return new AuditMonitor(
                services.GetRequiredService<ICaseStore>(),
                keys,
                options.Audit,
                services.GetService<TimeProvider>(),
                services.GetService<ILogger<AuditMonitor>>());
        });
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostedAuditMonitor>());
        return this;
    }

    /// <summary>
    /// Adds the health checks, tagged <c>policy</c>: <c>policy.store</c> (reachable and migrated),
    /// <c>policy.deadlines</c> (the monitor running, its lag under <c>Policy:Health:MaxMonitorLag</c>) and, with
    /// <see cref="AddAuditMonitor"/>, <c>policy.audit</c> (the record verified recently). Map them with
    /// <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    public PolicyBuilder AddHealthChecks()
    {
        string[] tags = ["policy"];
        var checks = Services.AddHealthChecks()
            .AddCheck<CaseStoreHealthCheck>("policy.store", HealthStatus.Unhealthy, tags)
            .AddCheck<DeadlineMonitorHealthCheck>("policy.deadlines", HealthStatus.Unhealthy, tags);
        Services.Configure<HealthCheckServiceOptions>(options =>
        {
            // The audit check exists only where an audit monitor runs; decided when the container is built, so the
            // order of AddAuditMonitor and AddHealthChecks does not matter.
            if (Services.Any(d => d.ServiceType == typeof(AuditMonitor)) && !options.Registrations.Any(r => r.Name == "policy.audit"))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    "policy.audit",
                    static services => ActivatorUtilities.CreateInstance<AuditHealthCheck>(services, services.GetService<TimeProvider>() ?? TimeProvider.System),
                    HealthStatus.Unhealthy,
                    tags));
            }
        });
        _ = checks;
        return this;
    }

    // The hosted services are these wrappers, so that the monitor resolved from the container is the one that runs.
    private sealed class HostedDeadlineMonitor(DeadlineMonitor monitor) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => monitor.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => monitor.StopAsync(cancellationToken);
    }

    private sealed class HostedAuditMonitor(AuditMonitor monitor) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => monitor.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => monitor.StopAsync(cancellationToken);
    }
}
