using Policy.Runtime.Audit;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace CaseManagement.Cases;

/// <summary>
/// Puts a refusal by the policy's rules or requirements on the case's audit trail, so that it shows on the timeline.
/// The runtime records refusals for role and assignment itself (who tried what) but not these, which it treats as
/// the ordinary answer to a form; a force wants to see "tried to close the case before the victim was told" in the
/// case's history too. The entry has the same content as the runtime's own refusal entries, so it reads the same.
/// </summary>
public static class RuleRefusals
{
    public static async Task RecordAsync(ICaseStore store, TimeProvider clock, string caseId, string policy, Actor actor, Refusal refusal, CancellationToken cancellationToken)
    {
        if (refusal.Kind is not (RefusalKind.Rule or RefusalKind.Precondition))
        {
            return;
        }

        var content = CanonicalJson.Serialize(
        [
            new("kind", refusal.Kind.ToString()),
            new("message", refusal.Message),
            new("policy", policy),
            new("roles", actor.Roles),
            new("subject", refusal.Subject),
        ]);
        await store.AppendAuditAsync([new AuditRecord(AuditKind.Refusal, clock.GetUtcNow(), caseId, actor.Id, null, content)], cancellationToken);
    }
}
