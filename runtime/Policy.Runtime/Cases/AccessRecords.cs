using System.Text.Json;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Cases;

/// <summary>The kinds of processing Data Protection Act 2018 s.62 says a log must show.</summary>
public enum AccessKind
{
    /// <summary>The case was read (consulted), with the purpose given.</summary>
    Consultation,
    /// <summary>A read the policy's access rules refused: nothing of the case was shown.</summary>
    RefusedConsultation,
    /// <summary>The case was changed: an action performed or a setting overridden by an officer.</summary>
    Alteration,
    /// <summary>Personal data of the case was disclosed, to the recipients named.</summary>
    Disclosure,
    /// <summary>Personal data of the case held outside its record was erased.</summary>
    Erasure,
}

/// <summary>One record of access to a case: who, when, what kind, why, and (for a read) whether it was flagged.</summary>
/// <param name="Justification">The purpose the officer gave (reads, disclosures, erasures); null for an alteration.</param>
/// <param name="Detail">What was done: the action, the recipients of a disclosure, what was erased, why a read was refused.</param>
/// <param name="FlaggedTo">For a read the access rules flagged, the role told of it; null otherwise.</param>
/// <param name="Position">The entry's position in the case's audit chain, where it can be verified.</param>
public sealed record AccessRecord(
    AccessKind Kind,
    DateTimeOffset At,
    string CaseId,
    string OfficerId,
    string? Justification,
    string? Detail,
    string? FlaggedTo,
    long Position);

/// <summary>
/// Reads the records of access out of the audit chains: "who read this case, when and why" from the case's own
/// chain, "what did this officer read" and the force-wide list of flagged reads from the store's indexes.
/// </summary>
public static class AccessRecords
{
    /// <summary>Every record of access to one case, oldest first.</summary>
    /// <param name="policies">The policies the cases run under, so that an alteration names the action by its title; without them, by its name.</param>
    public static async Task<IReadOnlyList<AccessRecord>> ForCaseAsync(ICaseStore store, string caseId, PolicyCatalog? policies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caseId);
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadAuditAsync(caseId, 1, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return FromEntries(entries, policies);
    }

    /// <summary>Every record of access by one officer, across every case, oldest first (at most <paramref name="limit"/> entries read).</summary>
    public static async Task<IReadOnlyList<AccessRecord>> ByOfficerAsync(ICaseStore store, string officerId, DateTimeOffset? from = null, DateTimeOffset? until = null, int limit = 10_000, PolicyCatalog? policies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(officerId);
        return FromEntries(await store.FindAuditAsync(new AuditQuery(officerId, null, from, until, limit), cancellationToken).ConfigureAwait(false), policies);
    }

    /// <summary>Every flagged read across every case, oldest first: the list Professional Standards works through (each at the position of the read, which its flag follows).</summary>
    public static async Task<IReadOnlyList<AccessRecord>> FlaggedReadsAsync(ICaseStore store, DateTimeOffset? from = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var flags = await store.FindAuditAsync(new AuditQuery(null, AuditKind.AccessFlag, from, until, limit), cancellationToken).ConfigureAwait(false);
        return flags.Select(flag => new AccessRecord(AccessKind.Consultation, flag.At, flag.CaseId!, flag.ActorId ?? "", flag.Purpose, null, Property(flag.Content, "flaggedTo"), flag.Position - 1)).ToArray();
    }

    /// <summary>
    /// The records of access among <paramref name="entries"/> (one case's chain, or one officer's entries in time
    /// order): a read followed by its flag is one flagged consultation; the system's own steps are not access.
    /// </summary>
    public static IReadOnlyList<AccessRecord> FromEntries(IReadOnlyList<AuditEntry> entries, PolicyCatalog? policies = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var records = new List<AccessRecord>();
        // A flag is appended right after the read it flags, in the same append: the read is at the position before it.
        var flaggedTo = new Dictionary<(string?, long), string?>();
        foreach (var flag in entries.Where(e => e.Kind == AuditKind.AccessFlag))
        {
            flaggedTo[(flag.CaseId, flag.Position - 1)] = Property(flag.Content, "flaggedTo");
        }

        foreach (var entry in entries)
        {
            var officer = entry.ActorId;
            if (officer is null || entry.CaseId is null)
            {
                continue;
            }

            AccessRecord? record = entry.Kind switch
            {
                AuditKind.Read => new AccessRecord(AccessKind.Consultation, entry.At, entry.CaseId, officer, entry.Purpose, null,
                    flaggedTo.GetValueOrDefault((entry.CaseId, entry.Position)), entry.Position),
                AuditKind.Refusal when Property(entry.Content, "kind") == "Access" =>
                    new AccessRecord(AccessKind.RefusedConsultation, entry.At, entry.CaseId, officer, entry.Purpose, Property(entry.Content, "message"), null, entry.Position),
                AuditKind.Event when Alteration(entry, policies) is { } what => new AccessRecord(AccessKind.Alteration, entry.At, entry.CaseId, officer, null, what, null, entry.Position),
                AuditKind.Disclosure => new AccessRecord(AccessKind.Disclosure, entry.At, entry.CaseId, officer, entry.Purpose, Property(entry.Content, "recipients"), null, entry.Position),
                AuditKind.Erasure => new AccessRecord(AccessKind.Erasure, entry.At, entry.CaseId, officer, entry.Purpose, Property(entry.Content, "erased"), null, entry.Position),
                _ => null,
            };
            if (record is not null)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// "performed Complete the risk assessment (AssessRisk)", "overrode SupervisionInterval", "opened the case": what an
    /// officer's event changed, by the policy's title with its name (the name alone when the policy is not known);
    /// null for the system's steps.
    /// </summary>
    private static string? Alteration(AuditEntry entry, PolicyCatalog? policies)
    {
        if (entry.ActorId is null or Workflows.PolicyWorkflow.SystemActorId)
        {
            return null;
        }

        CaseEvent e;
        try
        {
            e = CaseEventSerializer.Deserialize(entry.Content);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // A damaged entry is verification's to report; it is no record of access.
            return null;
        }

        var definition = policies is not null && policies.TryGet(e.PolicyName, out var policy) ? policy.Definition : null;
        string Named(string? title) => string.IsNullOrWhiteSpace(title) || title == e.Name ? e.Name : $"{title} ({e.Name})";
        return e.Kind switch
        {
            CaseEventKind.Opened => "opened the case",
            CaseEventKind.ActionPerformed => "performed " + Named(definition?.Actions.FirstOrDefault(a => a.Name == e.Name)?.Title),
            CaseEventKind.SettingOverridden => "overrode " + Named(definition?.Settings.FirstOrDefault(s => s.Name == e.Name)?.Title),
            CaseEventKind.SignalRaised => "recorded " + Named(definition?.Signals.FirstOrDefault(s => s.Name == e.Name)?.Title),
            _ => null,
        };
    }

    private static string? Property(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ToString())),
                    JsonValueKind.Null => null,
                    _ => value.ToString(),
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
