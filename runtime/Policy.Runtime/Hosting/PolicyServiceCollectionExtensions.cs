using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Diagnostics;
using Policy.Runtime.Hosting;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;

// In the container's namespace, as AddDbContext and AddHealthChecks are, so that builder.Services.AddPolicy needs no using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Policy runtime: <c>builder.Services.AddPolicy(o => o.AddPolicies(typeof(Program).Assembly)).UseSqlite("App_Data/cases.db").AddDeadlineMonitor()</c>.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="PolicyCatalog"/>, the <see cref="ICaseStore"/> the builder chooses (its schema created or
    /// migrated as the host starts) and the <see cref="CaseService"/>, with <see cref="PolicyOptions"/> bound from the
    /// configuration section <c>Policy</c> and validated at start. The application's own <see cref="IAbsenceRegister"/>,
    /// <see cref="INotificationSink"/>, <see cref="IOfficerRoles"/> and <see cref="TimeProvider"/> are used when it registers them.
    /// </summary>
    public static PolicyBuilder AddPolicy(this IServiceCollection services, Action<PolicyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new PolicyBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(PolicyAuditKeys)))
        {
            // A second call adds its configuration to the first one's registrations.
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return builder;
        }

        // Configuration first, then code: what the code (or UseSqlite(path)) says explicitly wins.
        services.AddOptions<PolicyOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<PolicyOptions>>(static provider => new ConfigureNamedOptions<PolicyOptions>(Options.Options.DefaultName, options =>
        {
            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                PolicySettings.Bind(configuration, options);
            }
        }));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidator>());

        services.TryAddSingleton<IAbsenceRegister, AbsenceRegister>();
        services.TryAddSingleton(static provider => new PolicyMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<PolicyAuditKeys>();
        services.TryAddSingleton(static provider => new PolicyCatalog(provider.GetRequiredService<IOptions<PolicyOptions>>().Value.Policies));
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<PolicyOptions>>().Value;
            var factory = options.StoreFactory ?? throw new InvalidOperationException("No case store is chosen: call UseSqlite(path) or UsePostgreSql(connectionString) on AddPolicy(...).");
            return factory(provider, provider.GetRequiredService<PolicyAuditKeys>().Keys);
        });
        services.TryAddSingleton(static provider => new CaseService(
            provider.GetRequiredService<ICaseStore>(),
            provider.GetRequiredService<PolicyCatalog>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<IAbsenceRegister>(),
            provider.GetService<INotificationSink>(),
            provider.GetService<ILogger<CaseService>>(),
            provider.GetRequiredService<PolicyMetrics>(),
            provider.GetService<IOfficerRoles>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PolicyStoreInitializer>());
        services.TryAddSingleton(static provider => new OutboxDispatcher(provider.GetRequiredService<CaseService>(), provider.GetService<ILogger<OutboxDispatcher>>()));
        services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<OutboxDispatcher>());
        services.TryAddSingleton(static provider => new CaseloadIndexer(provider.GetRequiredService<CaseService>(), provider.GetService<ILogger<CaseloadIndexer>>()));
        services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<CaseloadIndexer>());
        return builder;
    }
}
