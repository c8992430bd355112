namespace Policy.Runtime.Audit;

/// <summary>The outcome of <see cref="AuditChain.Verify(IEnumerable{AuditEntry}, string?, long?)"/>: valid, or the first position at which the chain goes wrong and why.</summary>
/// <param name="IsValid">True when every entry checked out (and the expected head and count, when given, matched).</param>
/// <param name="FirstBadPosition">
/// The position at which the trail stops being trustworthy: every entry before it was verified. For a missing entry it is
/// the missing position; null when the chain is valid.
/// </param>
/// <param name="Problem">What is wrong, in plain English; null when the chain is valid.</param>
public sealed record AuditVerification(bool IsValid, long? FirstBadPosition, string? Problem)
{
    /// <summary>A chain with nothing wrong.</summary>
    public static AuditVerification Valid { get; } = new(true, null, null);

    internal static AuditVerification Bad(long position, string problem) => new(false, position, problem);
}
