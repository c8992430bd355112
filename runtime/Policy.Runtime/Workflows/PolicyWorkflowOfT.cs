using Policy.Runtime.Engine;

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

    /// <summary>The case's current state; the enum's default before the case is opened.</summary>
    public TState State => StateIndex < 0 ? default : ByIndex[StateIndex];

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
