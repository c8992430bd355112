using Policy.Runtime.Engine;

namespace Policy.Runtime.Workflows;

/// <summary>An officer acting on a case: their identifier and the roles they hold (by the policy's role names).</summary>
public sealed class Actor
{
    private readonly string[] _roles;

    // One policy's role mask, cached so that checking roles on the hot path is a bit test, not a string lookup.
    private RoleMask? _mask;

    public Actor(string id, params string[] roles)
        : this(id, (IEnumerable<string>)roles)
    {
    }

    public Actor(string id, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(roles);
        Id = id;
        var distinct = new List<string>();
        foreach (var role in roles)
        {
            if (role is not null && !distinct.Contains(role))
            {
                distinct.Add(role);
            }
        }

        _roles = distinct.ToArray();
    }

    /// <summary>The officer's identifier, as recorded in <c>officer</c> fields and assignments.</summary>
    public string Id { get; }

    /// <summary>The roles the officer holds.</summary>
    public IReadOnlyList<string> Roles => _roles;

    /// <summary>True when the officer holds <paramref name="role"/>.</summary>
    public bool HasRole(string role) => Array.IndexOf(_roles, role) >= 0;

    public override string ToString() => _roles.Length == 0 ? Id : $"{Id} ({string.Join(", ", _roles)})";

    /// <summary>The bit set of the policy's roles this officer holds (bit i = role index i).</summary>
    internal ulong RoleMaskFor(CompiledPolicy policy)
    {
        var cached = _mask;
        if (cached is not null && ReferenceEquals(cached.Policy, policy))
        {
            return cached.Bits;
        }

        var bits = 0UL;
        foreach (var role in _roles)
        {
            var index = policy.IndexOfRole(role);
            if (index >= 0)
            {
                bits |= 1UL << index;
            }
        }

        // Replaced as one reference, so a reader on another thread never sees one policy's bits with another's identity.
        _mask = new RoleMask(policy, bits);
        return bits;
    }

    private sealed record RoleMask(CompiledPolicy Policy, ulong Bits);
}
