using CaseManagement.Officers;

namespace CaseManagement.Work;

/// <summary>
/// Open deadlines across all cases, by who must meet them and by team: what the my-work and supervision pages show.
/// One implementation today (<see cref="StoreDueWork"/>, from what <c>ICaseStore</c> offers); the store's indexed
/// queries by officer, team and role will replace it in one class.
/// </summary>
public interface IDueWork
{
    /// <summary>
    /// What <paramref name="officer"/> must do, most urgent first: deadlines of roles assigned to them on a case,
    /// deadlines of unassigned roles they hold on their team's cases, and escalations that name them.
    /// </summary>
    Task<IReadOnlyList<(WorkItem Item, WorkReason Reason)>> ForOfficerAsync(Officer officer, CancellationToken cancellationToken);

    /// <summary>Every open deadline on the cases of <paramref name="teams"/>, earliest due first.</summary>
    Task<IReadOnlyList<WorkItem>> ForTeamsAsync(IReadOnlyCollection<Team> teams, CancellationToken cancellationToken);
}
