using CaseManagement.Officers;
using CaseManagement.Work;
using Policy.Runtime.Engine;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;
using Policy.Runtime.Cases;

namespace CaseManagement.Notifications;

/// <summary>
/// Who a notification is for: the officer the runtime names (the holder of an assigned role on the case), else the
/// named officer who holds the role for the case's team (<see cref="TeamDirectory.HolderOf"/>); null when nobody does.
/// </summary>
public sealed class NotificationRecipients(ICaseStore store, PolicyCatalog policies, OfficerDirectory officers, TeamDirectory teams)
{
    public async Task<Officer?> ResolveAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (officers.Find(notification.OfficerId) is { } named)
        {
            return named;
        }

        var events = await store.ReadCaseAsync(notification.CaseId, cancellationToken);
        if (events.Count == 0 || !policies.TryGet(events[0].PolicyName, out CompiledPolicy? _))
        {
            return null;
        }

        // Replayed under the version the case runs under.
        var workflow = policies.NewWorkflow(events[0].PolicyName);
        workflow.Replay(events);
        return teams.HolderOf(CaseTeams.TeamOf(workflow.Case.Assignments, events, teams), notification.Role);
    }
}
