using CaseManagement.Cases;
using CaseManagement.Officers;
using CaseManagement.Work;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Cases;

namespace CaseManagement.Pages;

/// <summary>
/// The signed-in officer's work: every open deadline that is theirs to meet across all cases, most urgent first; and
/// the escalations that name them, which they acknowledge and take ownership of here (each step goes on the case's trail).
/// </summary>
public sealed class WorkModel(IDueWork work, CaseService cases, OfficerDirectory officers, TeamDirectory teams) : PageModel
{
    /// <summary>How many items the page shows, most urgent first; it says how many there are in all.</summary>
    public const int Shown = 200;

    public IReadOnlyList<(WorkItem Item, WorkReason Reason)> Items { get; private set; } = [];

    public OfficerDirectory Officers => officers;

    [TempData]
    public string? Message { get; set; }

    /// <summary>False when the officer has more to do than the list holds.</summary>
    public bool IsComplete { get; private set; } = true;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await work.ForOfficerAsync(officers.Require(User), cancellationToken);
        (Items, IsComplete) = (list.Items, list.IsComplete);
    }

    public bool MayAct(WorkItem item) => item.Escalation is { } escalation && Escalations.MayAct(officers.Require(User), escalation, item.Team);

    /// <summary>Acknowledges an escalation, or takes ownership of it, for the officer it names (or another supervisor of the team holding its role).</summary>
    public async Task<IActionResult> OnPostEscalationAsync(string? caseId, string? deadline, int instance, string? step, string? returnUrl, CancellationToken cancellationToken)
    {
        var officer = officers.Require(User);
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/work";
        if (!Enum.TryParse<EscalationStepKind>(step, out var kind) || !Enum.IsDefined(kind) || string.IsNullOrEmpty(caseId) || string.IsNullOrEmpty(deadline))
        {
            Message = "That is not something that can be done with an escalation. Nothing was recorded.";
            return LocalRedirect(back);
        }

        var events = await cases.Store.ReadCaseAsync(caseId, cancellationToken);
        if (events.Count == 0 || !cases.Policies.TryGet(events[0].PolicyName, out var policy))
        {
            return NotFound();
        }

        var workflow = cases.Policies.NewWorkflow(policy.Name);
        workflow.Replay(events);
        var team = CaseTeams.TeamOf(workflow.Case.Assignments, events, teams);
        var notes = await Escalations.NotesAsync(cases.Store, caseId, cancellationToken);
        var escalation = Escalations.StateOf(events, notes, deadline, instance, team, teams);
        var title = CaseTimeline.DeadlineTitle(policy.Definition, deadline);
        if (escalation is null)
        {
            Message = $"{title} on {caseId} has not been escalated. Nothing was recorded.";
        }
        else if (!Escalations.MayAct(officer, escalation, team))
        {
            Message = $"The escalation of {title} on {caseId} is for a supervisor of {team?.Name ?? "the case's team"} holding the role {ActionFields.RoleTitle(policy.Definition, escalation.Role)}. Nothing was recorded.";
        }
        else if (escalation.Owned is not null || (kind == EscalationStepKind.Acknowledged && escalation.Acknowledged is not null))
        {
            Message = $"The escalation of {title} on {caseId} was already {(escalation.Owned is { } owned ? $"owned by {officers.NameOf(owned.OfficerId)}" : "acknowledged")}. Nothing more was recorded.";
        }
        else
        {
            await Escalations.RecordAsync(cases.Store, cases.TimeProvider.GetUtcNow(), caseId, officer, deadline, instance, kind, cancellationToken);
            Message = kind == EscalationStepKind.Acknowledged
                ? $"You acknowledged the escalation of {title} on {caseId}. It is on the case's history."
                : $"You own the escalation of {title} on {caseId} now. It is on the case's history.";
        }

        return LocalRedirect(back);
    }
}
