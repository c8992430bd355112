using CaseManagement.Cases;
using CaseManagement.Display;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Explanations;
using Policy.Runtime.Workflows;

namespace CaseManagement.Pages.Cases;

/// <summary>An action of the policy that the officer's roles cover in the case's state; <see cref="CanNow"/> is the runtime's answer to "can they do it now".</summary>
public sealed record ActionForm(ActionDefinition Action, bool CanNow);

/// <summary>What the officer last posted to an action's form, and what was wrong with it.</summary>
public sealed record PostedAction(string Action, IFormCollection Form, IReadOnlyDictionary<string, string> Errors, string? Message, IReadOnlyList<Citation> Citations);

/// <summary>
/// A case: read for a stated purpose (the runtime refuses a read without one and audits every read), its deadlines,
/// its timeline from the audit trail, and one form per action the officer's roles cover. Every form posts to the
/// runtime, which decides; the page never decides who may do what.
/// </summary>
public sealed class CaseModel(CaseService cases, OfficerDirectory officers, AuditKeyRing auditKeys, CaseSearch search) : PageModel
{
    /// <summary>What the case is about, from the last details note on its trail (shown only after the audited read).</summary>
    public CaseDetails Details { get; private set; } = CaseDetails.None;

    /// <summary>Messages for the details form, by field name, when what was posted could not be kept.</summary>
    public Dictionary<string, string> DetailErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Records corrected case details (reference, offence, summaries); each change goes on the case's trail.</summary>
    public async Task<IActionResult> OnPostDetailsAsync(string? purpose, CancellationToken cancellationToken)
    {
        var officer = officers.Require(User);
        var read = await cases.ReadAsync(Id, officer.ToActor(), purpose, cancellationToken);
        if (!read.IsRead)
        {
            return await ShowAsync(purpose, cancellationToken, read);
        }

        if (CaseDetails.Read(Request.Form, DetailErrors) is not { } details)
        {
            return await ShowAsync(purpose, cancellationToken, read);
        }

        await CaseDetailsRecord.RecordAsync(cases.Store, search, cases.TimeProvider.GetUtcNow(), Id, officer.Id, details, cancellationToken);
        Done = "details";
        return Redirect($"/cases/{Uri.EscapeDataString(Id)}?purpose={Uri.EscapeDataString(purpose!)}");
    }

    private static readonly string[] OwnPurposes =
    [
        "Investigating this case",
        "Supervisory review",
        "Updating the victim",
        "Allocating or reallocating the case",
        "Responding to the incident",
    ];

    /// <summary>
    /// What the purpose field suggests: the purposes the policies' access rules declare for officers with no part in a
    /// case (the only ones they may give), then the usual purposes of the officers who have one.
    /// </summary>
    public IReadOnlyList<string> SuggestedPurposes =>
        cases.Policies.Policies
            .Select(p => p.Definition)
            .SelectMany(d => d.Access?.Readers.Where(r => r.Purposes is not null).Select(r => d.Choices.First(c => c.Name == r.Purposes)) ?? [])
            .SelectMany(c => c.Options.Select(o => Show.Words(o.Name)))
            .Concat(OwnPurposes)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    [FromRoute]
    public string Id { get; set; } = "";

    public string? Purpose { get; private set; }

    /// <summary>Why the policy's access rules refused this read, when they did.</summary>
    public string? ReadRefusal { get; private set; }

    /// <summary>True when a purpose was given but the runtime refused it (blank), rather than not given yet.</summary>
    public bool PurposeAsked => Request.Query.ContainsKey("purpose") || (Request.HasFormContentType && Request.Form.ContainsKey("purpose"));

    public CaseReadStatus Status { get; private set; }

    public CaseSummary? Case { get; private set; }

    public PolicyDefinition Policy => Case!.Policy.Definition;

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    /// <summary>What verifying the case's chain found (after this page's own read was appended to it); empty when it verifies.</summary>
    public IReadOnlyList<AuditProblem> ChainProblems { get; private set; } = [];

    public IReadOnlyList<ActionForm> Forms { get; private set; } = [];

    public PostedAction? Posted { get; private set; }

    /// <summary>The action a post named that the case's policy does not have (shortened for display).</summary>
    public string? UnknownAction { get; private set; }

    /// <summary>The action just recorded, shown once after the redirect that follows it.</summary>
    [TempData]
    public string? Done { get; set; }

    public OfficerDirectory Officers => officers;

    private Dictionary<(string, int), DeadlineWhy> _whys = [];

    /// <summary>Why <paramref name="deadline"/> is due when it is, from the runtime's explanation.</summary>
    public DeadlineWhy? WhyOf(DeadlineView deadline) => _whys.GetValueOrDefault((deadline.Status.Deadline, deadline.Status.Instance));

    public Task<IActionResult> OnGetAsync(string? purpose, CancellationToken cancellationToken) => ShowAsync(purpose, cancellationToken);

    public async Task<IActionResult> OnPostActAsync(string? purpose, string? action, CancellationToken cancellationToken)
    {
        var officer = officers.Require(User);
        var read = await cases.ReadAsync(Id, officer.ToActor(), purpose, cancellationToken);
        if (!read.IsRead)
        {
            return await ShowAsync(purpose, cancellationToken, read);
        }

        var definition = read.Workflow!.CompiledPolicy.Definition;
        var chosen = definition.Actions.FirstOrDefault(a => a.Name == action);
        if (chosen is null)
        {
            // A hand-made or stale post: say so rather than show the page as if nothing had been asked.
            UnknownAction = string.IsNullOrWhiteSpace(action) ? "(none)" : action.Length > 80 ? action[..80] + "…" : action;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(purpose, cancellationToken, read);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = ActionFields.Read(chosen, definition, Request.Form, officers, errors);
        if (errors.Count > 0)
        {
            // Input that cannot be read changes nothing; the messages go beside the fields.
            Posted = new PostedAction(chosen.Name, Request.Form, errors, "Correct the fields marked below.", []);
            return await ShowAsync(purpose, cancellationToken, read);
        }

        var result = await cases.PerformAsync(Id, officer.ToActor(), chosen.Name, values, cancellationToken);
        switch (result.Status)
        {
            case CaseResultStatus.Accepted:
                Done = chosen.Name;
                return Redirect($"/cases/{Uri.EscapeDataString(Id)}?purpose={Uri.EscapeDataString(purpose!)}");
            case CaseResultStatus.Refused when result.Refusal is { } refusal:
                // Refused: the case is as it was read, so the page is shown from that read.
                Posted = Refused(chosen, refusal);
                return await ShowAsync(purpose, cancellationToken, read);
            case CaseResultStatus.Conflict:
                Posted = new PostedAction(chosen.Name, Request.Form, new Dictionary<string, string>(), "Someone else changed this case at the same moment. Check the case below and submit again.", []);
                return await ShowAsync(purpose, cancellationToken);
            default:
                return NotFound();
        }
    }

    private PostedAction Refused(ActionDefinition action, Refusal refusal)
    {
        // A problem with one field goes beside that field; any other refusal goes at the top of the form.
        if (refusal.Kind == RefusalKind.InvalidInput && refusal.Field is { } field && action.Fields.Any(f => f.Name == field))
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal) { [ActionFields.InputName("", field)] = Display.Show.Sentence(refusal.Message) };
            return new PostedAction(action.Name, Request.Form, errors, "Correct the fields marked below.", []);
        }

        var citations = refusal.Kind == RefusalKind.InvalidInput ? [] : refusal.Citations;
        return new PostedAction(action.Name, Request.Form, new Dictionary<string, string>(), Display.Show.Sentence(refusal.Message), citations);
    }

    /// <summary>Shows the case, reading it for <paramref name="purpose"/> unless this request has already read it.</summary>
    private async Task<IActionResult> ShowAsync(string? purpose, CancellationToken cancellationToken, CaseRead<PolicyWorkflow>? read = null)
    {
        Purpose = purpose;
        var actor = officers.Require(User).ToActor();
        read ??= await cases.ReadAsync(Id, actor, purpose, cancellationToken);
        Status = read.Status;
        if (read.Status == CaseReadStatus.NotFound)
        {
            return NotFound();
        }

        if (!read.IsRead)
        {
            // A read the policy's access rules refuse: nothing of the case is shown, and the refusal is on its record.
            ReadRefusal = read.Status == CaseReadStatus.Refused ? read.Message ?? "The policy's access rules do not allow you to read this case for that purpose." : null;
            if (ReadRefusal is not null)
            {
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return Page();
        }

        var workflow = read.Workflow!;
        Case = CaseBoard.Summarise(workflow, cases.TimeProvider.GetUtcNow());
        var events = await cases.Store.ReadCaseAsync(Id, cancellationToken);
        Details = await CaseDetailsRecord.CurrentAsync(cases.Store, Id, cancellationToken);
        var now = cases.TimeProvider.GetUtcNow();
        _whys = Case.Deadlines
            .Select(d => DeadlineExplanations.Explain(workflow.CompiledPolicy, events, d.Status, workflow.Versions))
            .OfType<DeadlineExplanation>()
            .Select(why => DeadlineWhy.From(why, Policy, officers, now))
            .ToDictionary(w => (w.Deadline, w.Instance));
        Timeline = await CaseTimeline.ReadAsync(cases.Store, Id, Policy, officers, cancellationToken);
        ChainProblems = await new AuditVerifier(cases.Store, auditKeys, cases.TimeProvider).VerifyCaseAsync(Id, cancellationToken);
        Forms = Policy.Actions
            .Where(a => a.FromStates.Contains(workflow.StateName) && a.Roles.Any(actor.HasRole))
            .Select(a => new ActionForm(a, workflow.Can(a.Name, actor)))
            .OrderByDescending(f => f.CanNow)
            .ToArray();
        return Page();
    }
}
