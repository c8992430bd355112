using Policy.Runtime.Events;

namespace Policy.Runtime.Workflows;

/// <summary>
/// The outcome of an action, signal or setting override: accepted with the event it recorded, or refused with the reason.
/// A refusal never throws, so callers must look at the result; ignoring it is a bug (treat it as [MustUseReturnValue]).
/// </summary>
/// <remarks>A struct so that an accepted action allocates nothing beyond its event.</remarks>
public readonly struct ActionResult : IEquatable<ActionResult>
{
    private readonly object? _outcome;

    private ActionResult(object outcome) => _outcome = outcome;

    /// <summary>True when the action was accepted and <see cref="Event"/> recorded it.</summary>
    public bool IsAccepted => _outcome is CaseEvent;

    /// <summary>True when the action was refused; <see cref="Refusal"/> says why.</summary>
    public bool IsRefused => _outcome is Refusal;

    /// <summary>The event the accepted action recorded; null when refused.</summary>
    public CaseEvent? Event => _outcome as CaseEvent;

    /// <summary>Why the action was refused; null when accepted.</summary>
    public Refusal? Refusal => _outcome as Refusal;

    public static ActionResult Accepted(CaseEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new ActionResult(recorded);
    }

    public static ActionResult Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new ActionResult(refusal);
    }

    public bool Equals(ActionResult other) => ReferenceEquals(_outcome, other._outcome);

    public override bool Equals(object? obj) => obj is ActionResult other && Equals(other);

    public override int GetHashCode() => _outcome?.GetHashCode() ?? 0;

    public static bool operator ==(ActionResult left, ActionResult right) => left.Equals(right);

    public static bool operator !=(ActionResult left, ActionResult right) => !left.Equals(right);

    public override string ToString() => _outcome switch
    {
        CaseEvent accepted => $"Accepted: {accepted.Name} (version {accepted.Version})",
        Refusal refusal => $"Refused: {refusal}",
        _ => "No result",
    };
}
