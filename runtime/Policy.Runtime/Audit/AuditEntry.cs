namespace Policy.Runtime.Audit;

/// <summary>What an audit entry records.</summary>
public enum AuditKind
{
    /// <summary>A case event was accepted (the event's canonical JSON is the content).</summary>
    Event,
    /// <summary>An action was refused for role or assignment (who tried, and why it was refused).</summary>
    Refusal,
    /// <summary>A case was read: who, when, and the stated purpose (DPA 2018 s.62).</summary>
    Read,
    /// <summary>A notification was sent (escalation or a policy's <c>notify</c>).</summary>
    Notification,
}

/// <summary>What a caller asks to append; the store gives it a position and hashes.</summary>
/// <param name="Content">Canonical JSON of the entry's details; what the hash covers with the other fields.</param>
public sealed record AuditRecord(AuditKind Kind, DateTimeOffset At, string? CaseId, string? ActorId, string? Purpose, string Content);

/// <summary>
/// One entry of the tamper-evident audit trail. <see cref="Hash"/> = SHA-256 over <see cref="PreviousHash"/> and the
/// entry's canonical content (position, kind, time, case, actor, purpose, content); see <see cref="AuditChain"/>.
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
    string Hash);
