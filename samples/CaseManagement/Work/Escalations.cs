using System.Text.Json;
using CaseManagement.Officers;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace CaseManagement.Work;

/// <summary>An escalated deadline: to which role, the named officer it went to, and whether they acknowledged it and took ownership.</summary>
/// <param name="NamedOwner">The supervisor of the case's team who holds the role; null when the team has none (the page says so).</param>
public sealed record EscalationState(
    string Role,
    DateTimeOffset EscalatedAt,
    Officer? NamedOwner,
    EscalationStep? Acknowledged,
    EscalationStep? Owned);

/// <summary>Who did a step, and when.</summary>
public sealed record EscalationStep(string OfficerId, DateTimeOffset At);

/// <summary>What a supervisor can do with an escalation that names them; each is a <see cref="AuditKind.Note"/> on the case's trail.</summary>
public enum EscalationStepKind
{
    Acknowledged,
    OwnershipTaken,
}

/// <summary>
/// Escalations to named officers. The runtime escalates a deadline to a role; the application names the officer who
/// holds that role for the case's team (<see cref="TeamDirectory.HolderOf"/>), and records their acknowledgement
/// and their taking ownership in the case's tamper-evident history, as <see cref="AuditKind.Note"/> entries.
/// </summary>
public static class Escalations
{
    public const string NoteKind = "escalation";

    /// <summary>The latest escalation of a deadline instance from the case's events and notes, or null when it was never escalated.</summary>
    public static EscalationState? StateOf(IReadOnlyList<CaseEvent> events, IReadOnlyList<AuditEntry> notes, string deadline, int instance, Team? team, TeamDirectory teams)
    {
        var escalated = events.LastOrDefault(e => e.Kind == CaseEventKind.DeadlineEscalated && e.Name == deadline && e.Instance == instance);
        if (escalated?.Role is not { } role)
        {
            return null;
        }

        EscalationStep? acknowledged = null;
        EscalationStep? owned = null;
        foreach (var note in notes)
        {
            if (note.At < escalated.At || note.ActorId is null || Read(note.Content) is not { } step || step.Deadline != deadline || step.Instance != instance)
            {
                continue;
            }

            if (step.Step == EscalationStepKind.Acknowledged)
            {
                acknowledged ??= new EscalationStep(note.ActorId, note.At);
            }
            else
            {
                owned = new EscalationStep(note.ActorId, note.At);
                acknowledged ??= owned;
            }
        }

        return new EscalationState(role, escalated.At, teams.HolderOf(team, role), acknowledged, owned);
    }

    /// <summary>The case's <see cref="AuditKind.Note"/> entries, in order.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> NotesAsync(ICaseStore store, string caseId, CancellationToken cancellationToken)
    {
        var notes = new List<AuditEntry>();
        await foreach (var entry in store.ReadAuditAsync(caseId, AuditChain.FirstPosition, cancellationToken))
        {
            if (entry.Kind == AuditKind.Note)
            {
                notes.Add(entry);
            }
        }

        return notes;
    }

    /// <summary>Whether <paramref name="officer"/> may act on the escalation: they hold its role and supervise the case's team.</summary>
    public static bool MayAct(Officer officer, EscalationState escalation, Team? team) =>
        team is not null && team.Supervisors.Contains(officer.Id, StringComparer.Ordinal) && officer.Roles.Contains(escalation.Role, StringComparer.Ordinal);

    public static Task RecordAsync(ICaseStore store, DateTimeOffset at, string caseId, Officer officer, string deadline, int instance, EscalationStepKind step, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(
        [
            new AuditRecord(AuditKind.Note, at, caseId, officer.Id, null, CanonicalJson.Serialize(
            [
                new("deadline", deadline),
                new("instance", instance),
                new("note", NoteKind),
                new("step", step.ToString()),
            ])),
        ], cancellationToken);

    /// <summary>An escalation note's content, or null for any other note.</summary>
    public static (string Deadline, int Instance, EscalationStepKind Step)? Read(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            return root.TryGetProperty("note", out var note) && note.GetString() == NoteKind
                && root.TryGetProperty("deadline", out var deadline) && deadline.GetString() is { } name
                && root.TryGetProperty("instance", out var instance) && instance.TryGetInt32(out var number)
                && root.TryGetProperty("step", out var step) && Enum.TryParse<EscalationStepKind>(step.GetString(), out var kind)
                ? (name, number, kind)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
