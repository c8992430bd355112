using CaseManagement.Cases;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;

namespace CaseManagement.Pages.Supervision;

/// <summary>A deadline breach or escalation the monitor recorded on a case.</summary>
public sealed record Breach(CaseSummary Case, CaseEvent Event)
{
    public bool IsEscalation => Event.Kind == CaseEventKind.DeadlineEscalated;
}

/// <summary>The supervisors' view: what is overdue or due soon across all cases, and every breach and escalation.</summary>
public sealed class IndexModel(CaseBoard board, OfficerDirectory officers) : PageModel
{
    public IReadOnlyList<(CaseSummary Case, DeadlineView Deadline)> Overdue { get; private set; } = [];

    public IReadOnlyList<(CaseSummary Case, DeadlineView Deadline)> DueSoon { get; private set; } = [];

    public IReadOnlyList<Breach> Breaches { get; private set; } = [];

    public OfficerDirectory Officers => officers;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await board.ListAsync(cancellationToken);
        var open = all.SelectMany(e => e.Case.Deadlines.Select(d => (e.Case, Deadline: d))).OrderBy(x => x.Deadline.Status.DueAt).ToArray();
        Overdue = open.Where(x => x.Deadline.Status.Status == DeadlineStatusKind.Overdue).ToArray();
        DueSoon = open.Where(x => x.Deadline.Status.Status == DeadlineStatusKind.DueSoon).ToArray();
        Breaches = all
            .SelectMany(entry => entry.Events
                .Where(e => e.Kind is CaseEventKind.DeadlineBreached or CaseEventKind.DeadlineEscalated)
                .Select(e => new Breach(entry.Case, e)))
            .OrderByDescending(b => b.Event.At)
            .ThenByDescending(b => b.Event.Version)
            .ToArray();
    }
}
