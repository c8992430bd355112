using System.Reflection;
using Policy.Runtime.Annotations;
using Policy.Runtime.Audit;
using Policy.Runtime.Engine;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Hosting;

/// <summary>
/// What <c>services.AddPolicy(...)</c> sets up, bound from the configuration section <see cref="SectionName"/>
/// (<c>"Policy"</c> in appsettings.json) and validated when the application starts; a bad setting stops it with a
/// message naming the setting. The policies themselves are added in code.
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Policy";

    private readonly List<CompiledPolicy> _policies = new();

    /// <summary>The policies cases may run under; add them with <see cref="AddPolicies"/> or <see cref="Add{TWorkflow}"/>.</summary>
    public IReadOnlyList<CompiledPolicy> Policies => _policies;

    /// <summary>
    /// The audit key ring's text (<c>id:base64-secret</c> per line or separated by <c>;</c>), typically from a secret
    /// store or the environment variable <c>Policy__AuditKeys</c>. Without keys (here, in <see cref="AuditKeyFile"/> or an
    /// <see cref="AuditKeyRing"/> in the container) audit entries are written unsealed.
    /// </summary>
    public string? AuditKeys { get; set; }

    /// <summary>A key file holding the audit key ring (see docs/audit.md); an alternative to <see cref="AuditKeys"/>.</summary>
    public string? AuditKeyFile { get; set; }

    /// <summary>The SQLite store's settings, for <c>UseSqlite()</c> without a path.</summary>
    public SqliteStoreOptions Sqlite { get; set; } = new();

    /// <summary>How the deadline monitor paces itself (<c>Policy:Monitor</c>).</summary>
    public DeadlineMonitorOptions Monitor { get; set; } = new();

    /// <summary>How the audit monitor paces itself (<c>Policy:Audit</c>).</summary>
    public AuditMonitorOptions Audit { get; set; } = new();

    /// <summary>What the health checks accept (<c>Policy:Health</c>).</summary>
    public PolicyHealthOptions Health { get; set; } = new();

    /// <summary>Makes the store, given the container and the audit keys; set by <c>UseSqlite</c>, <c>UsePostgreSql</c> or <c>UseStore</c>.</summary>
    internal Func<IServiceProvider, AuditKeyRing?, ICaseStore>? StoreFactory { get; set; }

    /// <summary>Which <c>Use...</c> chose the store, for messages.</summary>
    internal string? StoreName { get; set; }

    /// <summary>True once <c>AddAuditMonitor()</c> was called: audit keys are then required.</summary>
    internal bool AuditMonitorAdded { get; set; }

    /// <summary>Adds every generated workflow in <paramref name="assembly"/> (each class the generator marks with <see cref="PolicyWorkflowAttribute"/>).</summary>
    public PolicyOptions AddPolicies(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = 0;
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<PolicyWorkflowAttribute>() is null || !typeof(PolicyWorkflow).IsAssignableFrom(type))
            {
                continue;
            }

            // The generated class keeps every version in a static property named AllVersions (a policy with several),
            // else its compiled policy in one named Policy.
            if (type.GetProperty("AllVersions", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is Versions.PolicyVersions versions)
            {
                foreach (var version in versions.All)
                {
                    Add(version);
                }

                found++;
            }
            else if (type.GetProperty("Policy", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is CompiledPolicy policy)
            {
                Add(policy);
                found++;
            }
        }

        if (found == 0)
        {
            throw new ArgumentException($"The assembly '{assembly.GetName().Name}' holds no generated policy workflow: is a .policy file included in its project?", nameof(assembly));
        }

        return this;
    }

    /// <summary>Adds the policy of one generated workflow, with every version of it the workflow holds.</summary>
    public PolicyOptions Add<TWorkflow>()
        where TWorkflow : PolicyWorkflow, new()
    {
        var workflow = new TWorkflow();
        foreach (var version in workflow.Versions?.All ?? [workflow.CompiledPolicy])
        {
            Add(version);
        }

        return this;
    }

    /// <summary>
    /// Adds a compiled policy; adding the same one twice is harmless. Versions of one policy (one name, different
    /// <c>version</c> labels) may be added side by side; two different policies with one name and version may not.
    /// </summary>
    public PolicyOptions Add(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var same = _policies.Find(p => p.Name == policy.Name && p.Version == policy.Version);
        if (same is null)
        {
            _policies.Add(policy);
        }
        else if (!ReferenceEquals(same, policy))
        {
            throw new ArgumentException(policy.Version.Length == 0
                ? $"Two different policies are named '{policy.Name}'."
                : $"Two different policies are named '{policy.Name}', both version '{policy.Version}'.", nameof(policy));
        }

        return this;
    }
}

/// <summary>The SQLite store's settings (<c>Policy:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file, relative to the application's content root unless absolute; created when missing.</summary>
    public string? Path { get; set; }
}

/// <summary>What the health checks accept (<c>Policy:Health</c>).</summary>
public sealed class PolicyHealthOptions
{
    /// <summary>How far behind the oldest due deadline the monitor may be before the application is unhealthy.</summary>
    public TimeSpan MaxMonitorLag { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long ago the audit monitor may last have verified the record before the application is unhealthy; by default
    /// a little over two checkpoint intervals.
    /// </summary>
    public TimeSpan? MaxAuditAge { get; set; }
}
