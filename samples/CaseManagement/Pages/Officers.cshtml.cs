using CaseManagement.Cases;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;

namespace CaseManagement.Pages;

/// <summary>
/// Officers' availability. Recording a confirmed absence goes through <see cref="CaseService.RecordAbsenceAsync"/>:
/// from then on the policies refuse to allocate work to the officer, and each case they hold gets the policy's
/// absence signal (starting its reallocation deadline).
/// </summary>
public sealed class OfficersModel(OfficerDirectory officers, CaseService cases) : PageModel
{
    public IReadOnlyList<(Officer Officer, OfficerAbsence? Absence)> Rows { get; private set; } = [];

    public Officer Me { get; private set; } = null!;

    public IReadOnlyList<AbsenceSignal>? Raised { get; private set; }

    public string? RecordedFor { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string DefaultFrom => Display.Show.InputDateTime(cases.TimeProvider.GetUtcNow());

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAbsenceAsync(string? officer, string? from, string? until, string? confirmed, string? reason, CancellationToken cancellationToken)
    {
        Me = officers.Require(User);
        if (!Me.Supervises)
        {
            // Absences are personnel records, not case actions: the application, not a policy, says who records them.
            return Forbid();
        }

        var absent = officers.Find(officer);
        if (absent is null)
        {
            Errors["officer"] = "Choose an officer from the list.";
        }

        var start = ParseTime(from, "from", required: true);
        var end = ParseTime(until, "until", required: false);
        if (start is not null && end is not null && end <= start)
        {
            Errors["until"] = "The end must be after the start.";
        }

        if (confirmed is not ("yes" or "no"))
        {
            Errors["confirmed"] = "Say whether the absence is confirmed.";
        }

        if (Errors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var absence = new OfficerAbsence(absent!.Id, start!.Value, end, confirmed == "yes", string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), Me.Id);
        Raised = await cases.RecordAbsenceAsync(absence, cancellationToken);
        RecordedFor = absent.DisplayName;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private DateTimeOffset? ParseTime(string? text, string name, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Errors[name] = "Enter a date and time.";
            }

            return null;
        }

        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            Errors[name] = "Enter a date and time, such as 2026-03-31 14:30.";
            return null;
        }

        var instant = ActionFields.ToInstant(local);
        if (instant is null)
        {
            Errors[name] = "That time does not exist in the UK (the clocks go forward then). Enter another.";
        }

        return instant;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Me = officers.Require(User);
        var now = cases.TimeProvider.GetUtcNow();
        var rows = new List<(Officer, OfficerAbsence?)>();
        foreach (var officer in officers.All.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var absences = await cases.Absences.GetAbsencesAsync(officer.Id, cancellationToken);
            rows.Add((officer, absences.FirstOrDefault(a => a.Covers(now)) ?? absences.FirstOrDefault(a => a.From > now)));
        }

        Rows = rows;
    }
}
