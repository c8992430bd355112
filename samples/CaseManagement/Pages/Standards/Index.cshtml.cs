using CaseManagement.Cases;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Cases;

namespace CaseManagement.Pages.Standards;

/// <summary>
/// Professional Standards: every read the policies' access rules flagged, across every case, and the two questions of
/// the Data Protection Act 2018 s.62 records, "who read this case, when and why" and "what did this officer read",
/// each answered from the store's indexes by the runtime.
/// </summary>
public sealed class IndexModel(CaseService cases, OfficerDirectory officers) : PageModel
{
    /// <summary>How many records a list shows; the count says how many were found.</summary>
    public const int Shown = 500;

    [BindProperty(SupportsGet = true, Name = "case")]
    public string? CaseId { get; set; }

    [BindProperty(SupportsGet = true, Name = "officer")]
    public string? OfficerId { get; set; }

    public IReadOnlyList<AccessRecord> Flagged { get; private set; } = [];

    public IReadOnlyList<AccessRecord>? ToCase { get; private set; }

    public IReadOnlyList<AccessRecord>? ByOfficer { get; private set; }

    public string? Problem { get; private set; }

    public OfficerDirectory Officers => officers;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Newest first: the flags still to look at are the recent ones.
        Flagged = (await cases.FlaggedReadsAsync(limit: 10_000, cancellationToken: cancellationToken)).Reverse().ToArray();
        CaseId = CaseId?.Trim();
        OfficerId = OfficerId?.Trim();
        if (CaseId is { Length: > 0 })
        {
            if (CaseId.Length > InputLimits.CaseReference)
            {
                Problem = $"A case reference has at most {InputLimits.CaseReference} characters.";
            }
            else
            {
                ToCase = await cases.AccessToCaseAsync(CaseId, cancellationToken);
            }
        }

        if (OfficerId is { Length: > 0 })
        {
            ByOfficer = officers.Find(OfficerId) is null
                ? null
                : await cases.AccessByOfficerAsync(OfficerId, limit: 10_000, cancellationToken: cancellationToken);
            Problem ??= ByOfficer is null ? $"There is no officer '{OfficerId}' in the force's directory." : null;
        }
    }

    public static string Describe(AccessKind kind) => kind switch
    {
        AccessKind.Consultation => "Read",
        AccessKind.RefusedConsultation => "Refused read",
        AccessKind.Alteration => "Changed",
        AccessKind.Disclosure => "Disclosed",
        AccessKind.Erasure => "Erased",
        _ => kind.ToString(),
    };
}

/// <summary>What a table of records of access shows: the records, the directory for officers' names, and whether each row names its case.</summary>
public sealed record AccessTable(IReadOnlyList<AccessRecord> Records, OfficerDirectory Officers, bool ShowCase);
