using CaseManagement.Officers;

namespace CaseManagement.Work;

/// <summary>
/// Open deadlines across all cases, by who must meet them and by team: what the my-work and supervision pages show.
/// From the store's due-work index: <see cref="IndexedDueWork"/>.
/// </summary>
public interface IDueWork
{
    /// <summary>
    /// What <paramref name="officer"/> must do, most urgent first: deadlines of roles assigned to them on a case,
    /// deadlines of unassigned roles they hold on their team's cases, and escalations that name them.
    /// </summary>
    Task<DueWorkList<(WorkItem Item, WorkReason Reason)>> ForOfficerAsync(Officer officer, CancellationToken cancellationToken);

    /// <summary>Every open deadline on the cases of <paramref name="teams"/>, earliest due first.</summary>
    Task<DueWorkList<WorkItem>> ForTeamsAsync(IReadOnlyCollection<Team> teams, CancellationToken cancellationToken);
}

/// <summary>A list of work, most urgent first.</summary>
/// <param name="IsComplete">False when there is more than the list holds (the least urgent are left out); the page says so.</param>
public sealed record DueWorkList<T>(IReadOnlyList<T> Items, bool IsComplete);
