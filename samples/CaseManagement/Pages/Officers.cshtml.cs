using CaseManagement.Cases;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CaseManagement.Availability;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;

namespace CaseManagement.Pages;

/// <summary>
/// Officers' availability. Recording a confirmed absence goes through <see cref="CaseService.RecordAbsenceAsync"/>:
/// from then on the policies refuse to allocate work to the officer, and each case they hold gets the policy's
/// absence signal (starting its reallocation deadline).
/// </summary>
public sealed class OfficersModel(OfficerDirectory officers, CaseService cases, StoredAbsenceRegister register) : PageModel
{
    /// <summary>A role's title from the first policy that declares it ("Officer in charge of the investigation").</summary>
    public string RoleTitle(string role) =>
        cases.Policies.Policies.Select(p => p.Definition.Roles.FirstOrDefault(r => r.Name == role)?.Title).FirstOrDefault(t => t is not null) ?? Display.Show.Words(role);

    /// <summary>What the last end or correction did, shown once at the top.</summary>
    public string? Changed { get; private set; }

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

        var (start, end, isConfirmed, why) = ReadAbsence(from, until, confirmed, reason);
        if (Errors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var absence = new OfficerAbsence(absent!.Id, start!.Value, end, isConfirmed, why, Me.Id);
        Raised = await cases.RecordAbsenceAsync(absence, cancellationToken);
        RecordedFor = absent.DisplayName;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Ends an absence now: the officer is available again from this moment (cases already reallocated stay so).</summary>
    public async Task<IActionResult> OnPostEndAsync(string? officer, string? absence, CancellationToken cancellationToken)
    {
        Me = officers.Require(User);
        if (!Me.Supervises)
        {
            return Forbid();
        }

        var now = cases.TimeProvider.GetUtcNow();
        var existing = await FindAsync(officer, absence, cancellationToken);
        if (existing is null || !(existing.Until is null || existing.Until > now))
        {
            Changed = "That absence is no longer recorded, or has already ended. Nothing was changed.";
        }
        else
        {
            // An absence booked for the future that is "ended" before it starts is withdrawn.
            var ended = existing.From >= now ? null : existing with { Until = now, RecordedBy = Me.Id };
            await register.ReplaceAsync(existing, ended, cancellationToken);
            Changed = ended is null
                ? $"The absence booked for {officers.NameOf(existing.OfficerId)} is withdrawn."
                : $"The absence of {officers.NameOf(existing.OfficerId)} ended at {Display.Show.Clock(now, now)}: they can be allocated work again.";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Corrects an absence recorded wrongly (its dates, whether it is confirmed, its reason).</summary>
    public async Task<IActionResult> OnPostCorrectAsync(string? officer, string? absence, string? from, string? until, string? confirmed, string? reason, CancellationToken cancellationToken)
    {
        Me = officers.Require(User);
        if (!Me.Supervises)
        {
            return Forbid();
        }

        var existing = await FindAsync(officer, absence, cancellationToken);
        if (existing is null)
        {
            Changed = "That absence is no longer recorded. Nothing was changed.";
            await LoadAsync(cancellationToken);
            return Page();
        }

        Correcting = Key(existing);
        var (start, end, isConfirmed, why) = ReadAbsence(from, until, confirmed, reason);
        if (Errors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var corrected = existing with { From = start!.Value, Until = end, IsConfirmed = isConfirmed, Reason = why, RecordedBy = Me.Id };
        if (corrected.IsConfirmed && !existing.IsConfirmed)
        {
            // Now confirmed: the policies' absence signals are raised on the officer's cases, as for a new confirmed absence.
            await register.ReplaceAsync(existing, null, cancellationToken);
            Raised = await cases.RecordAbsenceAsync(corrected, cancellationToken);
            RecordedFor = officers.NameOf(existing.OfficerId);
        }
        else
        {
            await register.ReplaceAsync(existing, corrected, cancellationToken);
            Changed = $"The absence of {officers.NameOf(existing.OfficerId)} is corrected.";
        }

        Correcting = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The absence whose correction form is open again (with its messages), by <see cref="Key"/>.</summary>
    public string? Correcting { get; private set; }

    /// <summary>Identifies an absence in a form: its start, to the tick.</summary>
    public static string Key(OfficerAbsence absence) => absence.From.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<OfficerAbsence?> FindAsync(string? officer, string? key, CancellationToken cancellationToken) =>
        officers.Find(officer) is { } found
            ? (await cases.Absences.GetAbsencesAsync(found.Id, cancellationToken)).FirstOrDefault(a => Key(a) == key)
            : null;

    private (DateTimeOffset? From, DateTimeOffset? Until, bool Confirmed, string? Reason) ReadAbsence(string? from, string? until, string? confirmed, string? reason)
    {
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

        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why is not null && InputLimits.TooLong(why, InputLimits.AbsenceReason) is { } tooLong)
        {
            Errors["reason"] = tooLong;
        }

        return (start, end, confirmed == "yes", why);
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
