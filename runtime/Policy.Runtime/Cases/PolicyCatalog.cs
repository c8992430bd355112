using Policy.Runtime.Engine;

namespace Policy.Runtime.Cases;

/// <summary>The policies an application runs, by name: how a stored case finds the policy to replay it under.</summary>
public sealed class PolicyCatalog
{
    private readonly Dictionary<string, CompiledPolicy> _policies = new(StringComparer.Ordinal);

    public PolicyCatalog(IEnumerable<CompiledPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var policy in policies)
        {
            if (!_policies.TryAdd(policy.Name, policy))
            {
                throw new ArgumentException($"The policy '{policy.Name}' is in the catalogue twice.", nameof(policies));
            }
        }
    }

    public IReadOnlyCollection<CompiledPolicy> Policies => _policies.Values;

    public bool TryGet(string name, out CompiledPolicy policy) => _policies.TryGetValue(name, out policy!);

    public CompiledPolicy Get(string name) =>
        _policies.TryGetValue(name, out var policy)
            ? policy
            : throw new InvalidOperationException($"No policy named '{name}' is registered with the case service.");
}
