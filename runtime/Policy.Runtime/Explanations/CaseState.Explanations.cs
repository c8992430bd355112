using Policy.Definitions;

namespace Policy.Runtime.Engine;

/// <summary>What <see cref="Explanations.DeadlineExplanations"/> asks of a case's state: how a deadline's due time was worked out.</summary>
public sealed partial class CaseState
{
    /// <summary>
    /// The duration a new instance of <paramref name="deadline"/> opened at <paramref name="at"/> gets on this state, which
    /// of the deadline's <c>within</c> cases gave it (0-based), and the instant its due time counts from. False when
    /// it would not open (no case applies, or its anchor is not recorded). The same evaluation as opening it, one case at a time.
    /// </summary>
    internal bool TryExplainStart(int deadline, DateTimeOffset at, out Duration within, out int withinCase, out DateTimeOffset countedFrom)
    {
        var compiled = _policy.Deadlines[deadline];
        within = default;
        countedFrom = at;
        for (withinCase = 0; withinCase < compiled.Within.Length; withinCase++)
        {
            if (TryEvaluate([compiled.Within[withinCase]], at, out within))
            {
                return TryAnchor(compiled, at, out countedFrom);
            }
        }

        withinCase = -1;
        return false;
    }
}
