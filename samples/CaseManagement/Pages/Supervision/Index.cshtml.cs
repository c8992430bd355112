using CaseManagement.Officers;
using CaseManagement.Work;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Engine;

namespace CaseManagement.Pages.Supervision;

/// <summary>
/// The supervisors' view of the teams they supervise, across all of those teams' cases: what is overdue or escalated
/// (with who it was escalated to and whether they have it), what is due soon, and everything else open.
/// </summary>
public sealed class IndexModel(IDueWork work, OfficerDirectory officers, TeamDirectory teams) : PageModel
{
    /// <summary>How many of each list the page shows; the count says how many there are in all.</summary>
    public const int OverdueShown = 500;

    public const int DueSoonShown = 200;

    public const int OnTimeShown = 50;

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public IReadOnlyList<WorkItem> OverdueOrEscalated { get; private set; } = [];

    public IReadOnlyList<WorkItem> DueSoon { get; private set; } = [];

    public IReadOnlyList<WorkItem> OnTime { get; private set; } = [];

    public OfficerDirectory Officers => officers;

    /// <summary>False when the teams have more open deadlines than the page lists (the least urgent are left out).</summary>
    public bool IsComplete { get; private set; } = true;

    public bool MayAct(WorkItem item) => item.Escalation is { } escalation && Escalations.MayAct(officers.Require(User), escalation, item.Team);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Teams = teams.SupervisedBy(officers.Require(User));
        var list = await work.ForTeamsAsync(Teams, cancellationToken);
        var all = list.Items;
        IsComplete = list.IsComplete;
        OverdueOrEscalated = all.Where(i => i.Deadline.Status.Status == DeadlineStatusKind.Overdue || i.Deadline.Status.Stage > 0 || i.Escalation is not null).ToArray();
        DueSoon = all.Where(i => i.Deadline.Status.Status == DeadlineStatusKind.DueSoon && !OverdueOrEscalated.Contains(i)).ToArray();
        OnTime = all.Except(OverdueOrEscalated).Except(DueSoon).ToArray();
    }
}
