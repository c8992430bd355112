namespace Policy.Runtime.Availability;

/// <summary>
/// Answers which roles an officer holds in the force (a SOIT is SOIT-trained, an inspector holds the rank), for officers other
/// than the one acting: a policy's <c>assign SOIT = soit</c> refuses an officer who does not hold the role, and
/// <c>soit is a SOIT</c> asks it in conditions. Without one registered, the runtime knows only the acting officer's roles and
/// counts every other officer as holding any role, so that no assignment is refused for want of a register.
/// </summary>
/// <remarks>Called while deciding actions, so it must be quick and must not block on I/O.</remarks>
public interface IOfficerRoles
{
    /// <summary>True when the officer holds <paramref name="role"/> (by the policy's role name); false for an officer not known.</summary>
    bool HoldsRole(string officerId, string role);
}

/// <summary>
/// Answers a policy's <c>caseload of X</c>: the weights of the open cases, other than the one being decided, on which the
/// officer holds an assigned role. <see cref="Cases.CaseService"/> reads them from the store's caseload index before it decides.
/// </summary>
public interface IOfficerCaseloads
{
    /// <summary>The officer's caseload, or null when it is not known (a condition that reads it then does not hold).</summary>
    decimal? CaseloadOf(string officerId);
}
