using System.Globalization;
using System.Security.Cryptography;
using CaseManagement.Cases;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;

namespace CaseManagement.Pages;

public sealed class IndexModel(CaseBoard board, CaseService cases, OfficerDirectory officers, CaseSearch search) : PageModel
{
    public const int SearchLimit = 200;

    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    /// <summary>The crime reference and offence of each listed case (not personal data: no read is recorded for them).</summary>
    public IReadOnlyDictionary<string, CaseReference> References { get; private set; } = new Dictionary<string, CaseReference>();

    /// <summary>What was searched for; null for the newest cases.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public string? QueryProblem { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public OfficerDirectory Officers => officers;

    /// <summary>The policies the signed-in officer may open a case under.</summary>
    public IEnumerable<CompiledPolicy> Policies =>
        cases.Policies.Policies
            .Where(p => CaseOpening.MayOpen(officers.Require(User), p.Definition))
            .OrderBy(p => p.Definition.Title, StringComparer.Ordinal);

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? only = null;
        if (!string.IsNullOrWhiteSpace(Query))
        {
            if (InputLimits.TooLong(Query.Trim(), CaseDetails.OffenceLimit) is { } tooLong)
            {
                QueryProblem = tooLong;
                only = [];
            }
            else
            {
                // Every case, not the newest: the index holds them all.
                only = search.Search(Query.Trim(), SearchLimit).Select(r => r.CaseId).ToArray();
            }
        }

        // Open cases first, the most urgent at the top; closed cases last.
        Cases = (await board.ListAsync(cancellationToken, only))
            .Select(entry => entry.Case)
            .OrderBy(c => c.IsClosed)
            .ThenByDescending(c => c.Worst ?? DeadlineStatusKind.Open)
            .ThenBy(c => c.Deadlines.Count == 0 ? DateTimeOffset.MaxValue : c.Deadlines[0].Status.DueAt)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToArray();
        References = search.For(Cases.Select(c => c.CaseId));
    }

    public async Task<IActionResult> OnPostOpenAsync(string? policy, CancellationToken cancellationToken)
    {
        if (policy is null || !cases.Policies.TryGet(policy, out var chosen))
        {
            Problem = "Choose a policy from the list.";
            await OnGetAsync(cancellationToken);
            return Page();
        }

        var officer = officers.Require(User);
        var details = CaseDetails.Read(Request.Form, Errors);
        if (details is null)
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }

        if (!CaseOpening.MayOpen(officer, chosen.Definition))
        {
            // The list did not offer it; a hand-made post gets the reason.
            Problem = CaseOpening.Refusal(officer, chosen.Definition);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        // A reference no other case has: the policy's initials, the day, and random letters (another attempt if taken).
        var prefix = new string(chosen.Name.Where(char.IsUpper).ToArray());
        var now = cases.TimeProvider.GetUtcNow();
        string caseId;
        CaseResult result;
        var attempts = 0;
        do
        {
            caseId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{now:yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}");
            result = await cases.OpenAsync(chosen.Name, caseId, officer.ToActor(), cancellationToken);
        }
        while (result.Status == CaseResultStatus.Conflict && ++attempts < 5);

        if (!result.IsAccepted)
        {
            Problem = result.Refusal?.Message ?? "The case could not be opened. Try again.";
            await OnGetAsync(cancellationToken);
            return Page();
        }

        await CaseDetailsRecord.RecordAsync(cases.Store, search, cases.TimeProvider.GetUtcNow(), caseId, officer.Id, details, cancellationToken);
        return Redirect($"/cases/{Uri.EscapeDataString(caseId)}");
    }
}
