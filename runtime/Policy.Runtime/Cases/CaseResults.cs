using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>What became of a request to change a case.</summary>
public enum CaseResultStatus
{
    /// <summary>Accepted and saved.</summary>
    Accepted,
    /// <summary>Refused by the policy; nothing changed (refusals for role or assignment were audited).</summary>
    Refused,
    /// <summary>
    /// Someone else changed the case first; nothing was written. Perform the request again: it is decided afresh on
    /// the case as it is now.
    /// </summary>
    Conflict,
    /// <summary>There is no such case.</summary>
    NotFound,
}

/// <summary>The outcome of opening, performing, signalling or overriding on a case through <see cref="CaseService"/>.</summary>
/// <param name="Version">The case's version after the request (the version that conflicted, for a conflict).</param>
/// <param name="Events">The events saved; empty unless accepted.</param>
public sealed record CaseResult(string CaseId, CaseResultStatus Status, long Version, IReadOnlyList<CaseEvent> Events, Refusal? Refusal = null)
{
    public bool IsAccepted => Status == CaseResultStatus.Accepted;

    /// <summary>True when the request should simply be tried again.</summary>
    public bool IsConflict => Status == CaseResultStatus.Conflict;
}

/// <summary>What became of a save.</summary>
/// <param name="Succeeded">True when the pending events were written (or there were none).</param>
/// <param name="Version">The case's version after the save, or the version that conflicted.</param>
public readonly record struct SaveResult(bool Succeeded, long Version)
{
    /// <summary>True when another writer got there first: reload the case and decide again.</summary>
    public bool IsConflict => !Succeeded;
}

/// <summary>What became of a read.</summary>
public enum CaseReadStatus
{
    /// <summary>Read, and the read was audited.</summary>
    Read,
    /// <summary>Refused: a case may only be read for a stated purpose (Data Protection Act 2018, s.62).</summary>
    PurposeRequired,
    /// <summary>There is no such case.</summary>
    NotFound,
    /// <summary>
    /// Refused: the purpose says nothing a reader can see, is longer than <see cref="CaseService.MaximumPurposeLength"/>,
    /// or holds a broken character; nothing was read.
    /// </summary>
    PurposeInvalid,
    /// <summary>
    /// Refused by the policy's access rules: the reader holds no role that may read the case, or gave a purpose the
    /// rules do not list for them. Nothing of the case is returned; the attempt is audited.
    /// </summary>
    Refused,
}

/// <summary>A case read for a stated purpose; <see cref="Workflow"/> is null unless <see cref="Status"/> is <see cref="CaseReadStatus.Read"/>.</summary>
/// <param name="Message">Why a <see cref="CaseReadStatus.Refused"/> read was refused, in words fit to show the reader.</param>
/// <param name="FlaggedTo">The role told of this read, when the access rules flag it; null otherwise.</param>
public sealed record CaseRead<TWorkflow>(CaseReadStatus Status, TWorkflow? Workflow, string? Message = null, string? FlaggedTo = null)
    where TWorkflow : PolicyWorkflow
{
    public bool IsRead => Status == CaseReadStatus.Read && Workflow is not null;
}

/// <summary>A signal the absence register raised (or tried to raise) on one of the absent officer's cases.</summary>
public sealed record AbsenceSignal(string CaseId, string Role, string Signal, CaseResult Result);
