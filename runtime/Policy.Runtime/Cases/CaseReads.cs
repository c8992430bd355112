using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Engine;
using Policy.Runtime.Notifications;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>The audit entries and the notification a read that the access rules refuse or flag leaves behind.</summary>
internal static class CaseReads
{
    /// <summary>A refused read: who tried, in which roles, for what purpose (the entry's purpose), and why it was refused.</summary>
    public static AuditRecord Refused(PolicyWorkflow workflow, Actor reader, string purpose, AccessDecision decision, DateTimeOffset at) =>
        new(AuditKind.Refusal, at, workflow.CaseId, reader.Id, purpose, CanonicalJson.Serialize(
        [
            new("access", workflow.CompiledPolicy.Access!.Definition.Name),
            new("kind", "Access"),
            new("message", decision.Message),
            new("policy", workflow.CompiledPolicy.Name),
            new("roles", reader.Roles),
            new("subject", "read"),
        ]));

    /// <summary>The flag of an allowed read: who read, why, who is told, and whether the reader was recorded as absent from work.</summary>
    public static AuditRecord Flag(PolicyWorkflow workflow, Actor reader, string purpose, AccessDecision decision, bool readerAbsent, DateTimeOffset at) =>
        new(AuditKind.AccessFlag, at, workflow.CaseId, reader.Id, purpose, CanonicalJson.Serialize(
        [
            new("access", workflow.CompiledPolicy.Access!.Definition.Name),
            new("flaggedTo", decision.FlaggedTo),
            new("line", decision.Line + 1),
            new("policy", workflow.CompiledPolicy.Name),
            new("purposeGiven", decision.Purpose),
            new("readerAbsent", readerAbsent),
            new("roles", reader.Roles),
            new("version", workflow.Version),
        ]));

    /// <summary>What the flagged role is told: the reader, the case and the purpose, with the access rules' citations.</summary>
    public static Notification FlagNotification(PolicyWorkflow workflow, Actor reader, string purpose, AccessDecision decision, bool readerAbsent, DateTimeOffset at)
    {
        var access = workflow.CompiledPolicy.Access!.Definition;
        var absent = readerAbsent ? ", while recorded as absent from work," : "";
        var message = $"{reader.Id}{absent} read case {workflow.CaseId} ({workflow.CompiledPolicy.Definition.Title}) giving the purpose \"{purpose}\", which the access rules \"{access.Title}\" flag for review.";
        return new Notification(NotificationKind.ReadFlagged, workflow.CaseId, workflow.CompiledPolicy.Name, null, 0, null, decision.FlaggedTo!, null, message, access.Citations, at);
    }
}
