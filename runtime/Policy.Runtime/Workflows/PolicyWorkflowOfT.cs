using Policy.Runtime.Engine;
using Policy.Runtime.Versions;

namespace Policy.Runtime.Workflows;

/// <summary>
/// The base of every generated workflow: <typeparamref name="TState"/> is the generated state enum, whose members are
/// the policy's states in declaration order (value i = state index i).
/// </summary>
public abstract class PolicyWorkflow<TState> : PolicyWorkflow
    where TState : struct, Enum
{
    // Built once per enum: state index to member, so reading State neither boxes nor parses.
    private static readonly TState[] ByIndex = BuildIndex();

    // State names to members, for a case that runs under another version than the newest (whose order the enum has
    // first, then the states only older versions have). Set by the first workflow built with versions; the same each time.
    private static Dictionary<string, TState>? ByName;

    protected PolicyWorkflow(CompiledPolicy compiledPolicy)
        : base(compiledPolicy)
    {
        if (ByIndex.Length < compiledPolicy.StateCount)
        {
            throw new ArgumentException(
                $"{typeof(TState).Name} has values 0 to {ByIndex.Length - 1}, but policy '{compiledPolicy.Name}' has {compiledPolicy.StateCount} states.",
                nameof(compiledPolicy));
        }
    }

    /// <summary>
    /// A workflow for a policy with several versions. <paramref name="stateNames"/>[i] is the state whose enum value is i:
    /// the newest version's states in order, then the states only older versions have.
    /// </summary>
    protected PolicyWorkflow(PolicyVersions versions, IReadOnlyList<string> stateNames)
        : base(versions)
    {
        ArgumentNullException.ThrowIfNull(stateNames);
        var byName = ByName;
        if (byName is null)
        {
            byName = new Dictionary<string, TState>(StringComparer.Ordinal);
            for (var i = 0; i < stateNames.Count && i < ByIndex.Length; i++)
            {
                byName[stateNames[i]] = ByIndex[i];
            }

            ByName = byName;
        }

        foreach (var version in versions.All)
        {
            foreach (var state in version.States)
            {
                if (!byName.ContainsKey(state.Name))
                {
                    throw new ArgumentException($"{typeof(TState).Name} has no member for state '{state.Name}' of version '{version.Version}'.", nameof(versions));
                }
            }
        }
    }

    /// <summary>The case's current state; the enum's default before the case is opened.</summary>
    public TState State =>
        StateIndex < 0 ? default
        : ReferenceEquals(CompiledPolicy, ApiPolicy) ? ByIndex[StateIndex]
        : ByName is { } byName && byName.TryGetValue(StateName, out var member) ? member
        : throw new InvalidOperationException($"{typeof(TState).Name} has no member for state '{StateName}' of version '{CompiledPolicy.Version}'.");

    private static TState[] BuildIndex()
    {
        var values = Enum.GetValues<TState>();
        var byIndex = new List<TState>();
        for (var i = 0; ; i++)
        {
            var found = false;
            foreach (var value in values)
            {
                if (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == i)
                {
                    byIndex.Add(value);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return byIndex.ToArray();
            }
        }
    }
}
