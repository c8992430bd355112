using System.Text.Json;
using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace CaseManagement.Cases;

/// <summary>
/// What a case is about, as officers know it: the crime (or CAD) reference and the offence, which the case list and
/// search show, and summaries of the victim and the suspect, which are personal data and so appear only on the case
/// page, behind the read that records who read it and why.
/// </summary>
public sealed record CaseDetails(string CrimeReference, string Offence, string VictimSummary, string SuspectSummary)
{
    public const int ReferenceLimit = 40;
    public const int OffenceLimit = 200;
    public const int SummaryLimit = 1000;

    public static CaseDetails None { get; } = new("", "", "", "");

    /// <summary>Each field's limit, for the form and for checking what was posted.</summary>
    public static readonly (string Name, string Label, int Limit, bool Personal)[] Fields =
    [
        ("crimeReference", "Crime or CAD reference", ReferenceLimit, false),
        ("offence", "Offence or incident type", OffenceLimit, false),
        ("victimSummary", "Victim (summary)", SummaryLimit, true),
        ("suspectSummary", "Suspect (summary)", SummaryLimit, true),
    ];

    public string this[string name] => name switch
    {
        "crimeReference" => CrimeReference,
        "offence" => Offence,
        "victimSummary" => VictimSummary,
        _ => SuspectSummary,
    };

    /// <summary>Reads the posted fields; a field over its limit gets a message by name and the details are not made.</summary>
    public static CaseDetails? Read(IFormCollection form, Dictionary<string, string> errors)
    {
        string Field(string name, int limit)
        {
            var text = ActionFields.Posted(form, name);
            if (InputLimits.TooLong(text, limit) is { } tooLong)
            {
                errors[name] = tooLong;
            }

            return text;
        }

        var details = new CaseDetails(Field("crimeReference", ReferenceLimit), Field("offence", OffenceLimit), Field("victimSummary", SummaryLimit), Field("suspectSummary", SummaryLimit));
        return errors.Count == 0 ? details : null;
    }
}

/// <summary>
/// Keeps case details: every change as a <see cref="AuditKind.Note"/> on the case's tamper-evident trail (who, when,
/// and all four fields), and the reference and offence, which are not personal, in the <see cref="CaseSearch"/> index.
/// </summary>
public static class CaseDetailsRecord
{
    public const string NoteKind = "details";

    public static async Task RecordAsync(ICaseStore store, CaseSearch search, DateTimeOffset at, string caseId, string officerId, CaseDetails details, CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync(
        [
            new AuditRecord(AuditKind.Note, at, caseId, officerId, null, CanonicalJson.Serialize(
            [
                new("crimeReference", details.CrimeReference),
                new("note", NoteKind),
                new("offence", details.Offence),
                new("suspectSummary", details.SuspectSummary),
                new("victimSummary", details.VictimSummary),
            ])),
        ], cancellationToken);
        search.Index(caseId, details.CrimeReference, details.Offence, at);
    }

    /// <summary>The details in a note's content, or null for any other note.</summary>
    public static CaseDetails? Read(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
            return Text("note") == NoteKind ? new CaseDetails(Text("crimeReference"), Text("offence"), Text("victimSummary"), Text("suspectSummary")) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The case's current details: the last details note on its trail.</summary>
    public static async Task<CaseDetails> CurrentAsync(ICaseStore store, string caseId, CancellationToken cancellationToken)
    {
        var current = CaseDetails.None;
        await foreach (var entry in store.ReadAuditAsync(caseId, AuditChain.FirstPosition, cancellationToken))
        {
            if (entry.Kind == AuditKind.Note && Read(entry.Content) is { } details)
            {
                current = details;
            }
        }

        return current;
    }
}
