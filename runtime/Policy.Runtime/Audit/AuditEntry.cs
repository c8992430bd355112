namespace Policy.Runtime.Audit;

/// <summary>What an audit entry records.</summary>
public enum AuditKind
{
    /// <summary>A case event was accepted (the event's canonical JSON is the content).</summary>
    Event,
    /// <summary>An action, signal or setting change was refused, whatever refused it (who tried what, and why it was refused).</summary>
    Refusal,
    /// <summary>A case was read: who, when, and the stated purpose (DPA 2018 s.62).</summary>
    Read,
    /// <summary>A notification was sent (escalation or a policy's <c>notify</c>).</summary>
    Notification,
    /// <summary>
    /// The case's open deadlines and assignments as an append wrote them to the store's index tables (canonical JSON),
    /// so that verification can tell when those rows were changed or deleted afterwards.
    /// </summary>
    CaseIndex,
    /// <summary>
    /// A read the policy's access rules allow but flag (<c>read by ... flagged to Role</c>): who read, why, and who is
    /// told. One entry per such read, beside the read's own entry.
    /// </summary>
    AccessFlag,
    /// <summary>
    /// Something the application records in a case's history that is not an event of its policy: an escalation
    /// acknowledged, ownership of it taken (who is the entry's actor; what is the canonical JSON content).
    /// </summary>
    Note,
    /// <summary>Personal data of the case was disclosed outside the application: who disclosed it, why (the purpose), and to whom (content). DPA 2018 s.62.</summary>
    Disclosure,
    /// <summary>Personal data of the case held outside its record was erased: who erased it, why (the purpose), and what (content). DPA 2018 s.62.</summary>
    Erasure,
}

/// <summary>What a caller asks to append; the store gives it a position in its case's chain and hashes it.</summary>
/// <param name="CaseId">The case whose chain the entry joins; required.</param>
/// <param name="Content">Canonical JSON of the entry's details; what the hash covers with the other fields.</param>
public sealed record AuditRecord(AuditKind Kind, DateTimeOffset At, string? CaseId, string? ActorId, string? Purpose, string Content);

/// <summary>
/// One entry of a case's tamper-evident audit trail. <see cref="Hash"/> = SHA-256 over <see cref="PreviousHash"/> and the
/// entry's canonical content (position in the case's chain, kind, time, case, actor, purpose, content); see
/// <see cref="AuditChain"/>. <see cref="Seal"/> is an HMAC of the hash under the key <see cref="SealKeyId"/>, made by the
/// application when it appended the entry (null when the store was given no key); see <see cref="AuditKeyRing"/>.
/// </summary>
public sealed record AuditEntry(
    long Position,
    AuditKind Kind,
    DateTimeOffset At,
    string? CaseId,
    string? ActorId,
    string? Purpose,
    string Content,
    string PreviousHash,
    string Hash,
    string? SealKeyId = null,
    string? Seal = null);
