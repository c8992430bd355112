using Policy.Runtime.Audit;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>The content of the audit entries the engine and the case service make, as canonical JSON.</summary>
internal static class AuditContent
{
    /// <summary>The longest name of what was attempted that a refusal keeps: an unknown action's name is the caller's input.</summary>
    internal const int MaximumSubjectLength = 200;

    /// <summary>
    /// A refused attempt: who tried what, in which roles, and why it was refused (the kind, the rule or the field at
    /// fault, and the message). For values that could not be accepted only the field is kept, never the value given
    /// (it may be personal data, or anything at all), and the name of an unknown action is cut to a bounded length.
    /// </summary>
    public static string Refusal(string policy, Refusal refusal, Actor actor)
    {
        var subject = Bounded(refusal.Subject);
        var message = refusal.Kind == RefusalKind.InvalidInput
            ? refusal.Field is { } field ? $"A value given for {Bounded(field)} of {subject} was not accepted." : $"{subject} is not something this policy has."
            : refusal.Message;
        return CanonicalJson.Serialize(
        [
            new("field", refusal.Field is { } f ? Bounded(f) : null),
            new("kind", refusal.Kind.ToString()),
            new("message", message),
            new("policy", policy),
            new("roles", actor.Roles),
            new("rule", refusal.RuleName),
            new("subject", subject),
        ]);
    }

    private static string Bounded(string text) =>
        text.Length <= MaximumSubjectLength && StoredText.IsValid(text) ? text : StoredText.Truncate(text, MaximumSubjectLength);

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
