using Policy.Runtime.Audit;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>The content of the audit entries the engine and the case service make, as canonical JSON.</summary>
internal static class AuditContent
{
    /// <summary>A refused attempt: who tried what, in which roles, and why it was refused.</summary>
    public static string Refusal(string policy, Refusal refusal, Actor actor) => CanonicalJson.Serialize(
    [
        new("kind", refusal.Kind.ToString()),
        new("message", refusal.Message),
        new("policy", policy),
        new("roles", actor.Roles),
        new("subject", refusal.Subject),
    ]);

    /// <summary>A read of a case: what was read (who and why are columns of the entry itself).</summary>
    public static string Read(string policy, long version) => CanonicalJson.Serialize(
    [
        new("policy", policy),
        new("version", version),
    ]);

    /// <summary>A notification that was delivered.</summary>
    public static string Notification(Notification notification) => CanonicalJson.Serialize(
    [
        new("action", notification.Action),
        new("deadline", notification.Deadline),
        new("instance", notification.Instance),
        new("kind", notification.Kind.ToString()),
        new("message", notification.Message),
        new("officer", notification.OfficerId),
        new("policy", notification.PolicyName),
        new("role", notification.Role),
    ]);
}
