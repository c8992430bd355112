using CaseManagement.Cases;
using CaseManagement.Officers;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace CaseManagement.Work;

/// <summary>
/// <see cref="IDueWork"/> from what <c>ICaseStore</c> offers today. The store has no query for "open deadlines by
/// officer, team or role": its due-time index (<c>FindDueAsync</c>) holds only deadlines the monitor still has a step
/// for, so a deadline already breached and escalated as far as it goes is not in it, and an officer's work needs
/// each case's roles and team anyway. So this reads every case: the ids from <c>ReadChainHeadsAsync</c> (all cases,
/// not the newest N), then each case's events, replayed. That is correct at any size, and slow at a force's: at
/// 100,000 cases a page costs 100,000 case reads (tens of seconds on SQLite). The indexed queries of the store
/// (issue 17: due work by officer, team and role from the due-time index) replace this class, and nothing else.
/// </summary>
public sealed class StoreDueWork(CaseService cases, TeamDirectory teams) : IDueWork
{
    public async Task<IReadOnlyList<(WorkItem Item, WorkReason Reason)>> ForOfficerAsync(Officer officer, CancellationToken cancellationToken)
    {
        var mine = new List<(WorkItem, WorkReason)>();
        var ownTeam = teams.Find(officer.Team);
        var supervised = teams.SupervisedBy(officer);
        foreach (var item in await AllOpenAsync(cancellationToken))
        {
            var status = item.Deadline.Status;
            var policy = item.Case.Policy.Definition;
            var assignedRole = policy.Roles.FirstOrDefault(r => r.Name == status.Role)?.IsAssigned == true;
            if (status.AssignedOfficer == officer.Id)
            {
                mine.Add((item, WorkReason.Assigned));
            }
            else if (item.Escalation is { } escalation && (escalation.Owned?.OfficerId ?? escalation.NamedOwner?.Id) == officer.Id)
            {
                mine.Add((item, WorkReason.Escalated));
            }
            else if (!assignedRole && officer.Roles.Contains(status.Role, StringComparer.Ordinal)
                && item.Team is { } team && (team.Id == ownTeam?.Id || supervised.Any(t => t.Id == team.Id)))
            {
                mine.Add((item, WorkReason.TeamRole));
            }
        }

        return mine.OrderBy(x => Urgency(x.Item1)).ThenBy(x => x.Item1.DueAt).ToArray();
    }

    public async Task<IReadOnlyList<WorkItem>> ForTeamsAsync(IReadOnlyCollection<Team> selected, CancellationToken cancellationToken)
    {
        var ids = selected.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return (await AllOpenAsync(cancellationToken))
            .Where(item => item.Team is { } team && ids.Contains(team.Id))
            .OrderBy(Urgency)
            .ThenBy(item => item.DueAt)
            .ToArray();
    }

    // A stopped clock is not urgent while it stands still; everything else by its due time.
    private static int Urgency(WorkItem item) => item.Deadline.Status.Status == DeadlineStatusKind.Paused ? 1 : 0;

    private async Task<List<WorkItem>> AllOpenAsync(CancellationToken cancellationToken)
    {
        var now = cases.TimeProvider.GetUtcNow();
        var items = new List<WorkItem>();
        foreach (var head in await cases.Store.ReadChainHeadsAsync(cancellationToken))
        {
            var events = await cases.Store.ReadCaseAsync(head.CaseId, cancellationToken);
            if (events.Count == 0 || !cases.Policies.TryGet(events[0].PolicyName, out var policy))
            {
                continue;
            }

            var workflow = new PolicyWorkflow(policy) { TimeProvider = cases.TimeProvider, Availability = cases.Absences };
            workflow.Replay(events);
            var summary = CaseBoard.Summarise(workflow, now);
            if (summary.Deadlines.Count == 0)
            {
                continue;
            }

            var team = CaseTeams.TeamOf(summary.Assignments, events, teams);
            var notes = events.Any(e => e.Kind == CaseEventKind.DeadlineEscalated)
                ? await Escalations.NotesAsync(cases.Store, head.CaseId, cancellationToken)
                : [];
            foreach (var deadline in summary.Deadlines)
            {
                var escalation = Escalations.StateOf(events, notes, deadline.Status.Deadline, deadline.Status.Instance, team, teams);
                items.Add(new WorkItem(summary, deadline, team, escalation));
            }
        }

        return items;
    }
}
