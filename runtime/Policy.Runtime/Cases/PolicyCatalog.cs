using Policy.Runtime.Engine;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>
/// The policies an application runs, by name, each with every version it holds: how a stored case finds the version
/// to replay it under, and a new case the version in force.
/// </summary>
public sealed class PolicyCatalog
{
    private readonly Dictionary<string, PolicyVersions> _policies = new(StringComparer.Ordinal);

    /// <summary>
    /// A catalogue of <paramref name="policies"/>: several versions of one policy (one name, different <c>version</c>
    /// labels and effective dates) make one entry; one version given twice, or two different policies with one name
    /// and version, are refused.
    /// </summary>
    public PolicyCatalog(IEnumerable<CompiledPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var group in policies.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var distinct = group.Distinct().ToArray();
            if (distinct.GroupBy(p => p.Version, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new ArgumentException($"The policy '{group.Key}' is in the catalogue twice as version '{twice.Key}'.", nameof(policies));
            }

            _policies.Add(group.Key, new PolicyVersions(distinct));
        }
    }

    /// <summary>The newest version of each policy.</summary>
    public IReadOnlyCollection<CompiledPolicy> Policies => _policies.Values.Select(v => v.Newest).ToArray();

    /// <summary>Every version of each policy.</summary>
    public IReadOnlyCollection<PolicyVersions> Versions => _policies.Values;

    /// <summary>The newest version of the named policy.</summary>
    public bool TryGet(string name, out CompiledPolicy policy)
    {
        if (_policies.TryGetValue(name, out var versions))
        {
            policy = versions.Newest;
            return true;
        }

        policy = null!;
        return false;
    }

    /// <summary>The newest version of the named policy.</summary>
    public CompiledPolicy Get(string name) => VersionsOf(name).Newest;

    /// <summary>The named version of the named policy, or null when the application does not hold it.</summary>
    public CompiledPolicy? Find(string name, string version) => _policies.TryGetValue(name, out var versions) ? versions.Find(version) : null;

    /// <summary>Every version of the named policy.</summary>
    public PolicyVersions VersionsOf(string name) =>
        _policies.TryGetValue(name, out var versions)
            ? versions
            : throw new InvalidOperationException($"No policy named '{name}' is registered with the case service.");

    /// <summary>
    /// A workflow for a case of the named policy that knows every version: replaying a case's events decides them
    /// under the version the case runs under.
    /// </summary>
    public PolicyWorkflow NewWorkflow(string name) => new(VersionsOf(name));
}
