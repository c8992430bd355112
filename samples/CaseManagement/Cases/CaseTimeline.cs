using System.Globalization;
using System.Text.Json;
using CaseManagement.Display;
using CaseManagement.Officers;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace CaseManagement.Cases;

/// <summary>One entry of a case's audit trail as the case page shows it, with its position and hash in the chain.</summary>
public sealed record TimelineEntry(
    long Position,
    string Hash,
    AuditKind Kind,
    DateTimeOffset At,
    string Title,
    string? Detail,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    int Times = 1);

/// <summary>Reads a case's timeline from the tamper-evident audit trail: its events, reads (with their purpose), refusals and notifications.</summary>
public static class CaseTimeline
{
    public static async Task<IReadOnlyList<TimelineEntry>> ReadAsync(ICaseStore store, string caseId, PolicyDefinition policy, OfficerDirectory officers, CancellationToken cancellationToken)
    {
        var entries = new List<TimelineEntry>();
        AuditEntry? lastRead = null;
        await foreach (var entry in store.ReadAuditAsync(caseId, AuditChain.FirstPosition, cancellationToken))
        {
            // The index rows an append wrote are there for verification, not for officers to read.
            if (entry.Kind == AuditKind.CaseIndex)
            {
                continue;
            }

            // Reading a case is recorded every time; one officer's reads in a row for one purpose show as one entry.
            if (entry.Kind == AuditKind.Read && lastRead is not null && lastRead.ActorId == entry.ActorId && lastRead.Purpose == entry.Purpose)
            {
                var reads = entries[^1].Times + 1;
                entries[^1] = Describe(entry, policy, officers) with { Title = $"Read {reads} times by {officers.NameOf(entry.ActorId)}", Times = reads };
            }
            else
            {
                entries.Add(Describe(entry, policy, officers));
            }

            lastRead = entry.Kind == AuditKind.Read ? entry : null;
        }

        entries.Reverse();
        return entries;
    }

    private static TimelineEntry Describe(AuditEntry entry, PolicyDefinition policy, OfficerDirectory officers)
    {
        var who = officers.NameOf(entry.ActorId);
        return entry.Kind switch
        {
            AuditKind.Event => DescribeEvent(entry, policy, officers),
            AuditKind.Read => Entry(entry, $"Read by {who}", $"Purpose: {entry.Purpose}"),
            AuditKind.Refusal => Entry(entry, $"Refused: {who} tried to {Show.LowerFirst(ActionTitle(policy, Property(entry.Content, "subject")))}", Property(entry.Content, "message")),
            AuditKind.Note when Work.Escalations.Read(entry.Content) is { } note => Entry(
                entry,
                note.Step == Work.EscalationStepKind.Acknowledged
                    ? $"Escalation acknowledged by {who}: {DeadlineTitle(policy, note.Deadline)}"
                    : $"{who} took ownership of the escalation: {DeadlineTitle(policy, note.Deadline)}",
                null),
            AuditKind.Note when CaseDetailsRecord.Read(entry.Content) is { } details => new TimelineEntry(
                entry.Position, entry.Hash, entry.Kind, entry.At, $"Case details recorded by {who}", null,
                CaseDetails.Fields.Select(f => new KeyValuePair<string, string>(f.Label, details[f.Name])).Where(f => f.Value.Length > 0).ToArray()),
            AuditKind.Notification => Entry(entry, $"Notified {RoleTitle(policy, Property(entry.Content, "role"))}{OfficerSuffix(Property(entry.Content, "officer"), officers)}", NotificationDetail(entry.Content, policy)),
            _ => Entry(entry, entry.Kind.ToString(), null),
        };
    }

    private static TimelineEntry DescribeEvent(AuditEntry entry, PolicyDefinition policy, OfficerDirectory officers)
    {
        CaseEvent recorded;
        try
        {
            recorded = CaseEventSerializer.Deserialize(entry.Content);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return Entry(entry, "Event", null);
        }

        var by = recorded.ActorId is null ? "" : $" by {officers.NameOf(recorded.ActorId)}{(recorded.Role is null ? "" : $" as {RoleTitle(policy, recorded.Role)}")}";
        var (title, detail) = recorded.Kind switch
        {
            CaseEventKind.Opened => ($"Case opened{by}", StateTitle(policy, recorded.Name)),
            CaseEventKind.ActionPerformed => ($"{ActionTitle(policy, recorded.Name)}{by}", null),
            CaseEventKind.SignalRaised => (policy.Signals.FirstOrDefault(s => s.Name == recorded.Name)?.Title ?? Show.Words(recorded.Name), null),
            CaseEventKind.DeadlineBreached => ($"Deadline missed: {DeadlineTitle(policy, recorded.Name)}", $"{RoleTitle(policy, recorded.Role)} alerted"),
            CaseEventKind.DeadlineEscalated => ($"Escalated to {RoleTitle(policy, recorded.Role)}: {DeadlineTitle(policy, recorded.Name)}", null),
            CaseEventKind.SettingOverridden => ($"Setting changed{by}: {SettingTitle(policy, recorded.Name)}", null),
            CaseEventKind.Migrated => ($"Moved to version {recorded.Name} of the policy{by}", recorded.Fields.TryGetValue("from", out var from) ? $"from version {from.Text}" : null),
            _ => (recorded.Kind.ToString(), null),
        };
        var fields = recorded.Fields
            .Select(field => new KeyValuePair<string, string>(Show.Words(field.Key), Value(field.Value, officers)))
            .ToArray();
        return new TimelineEntry(entry.Position, entry.Hash, entry.Kind, recorded.At, title, detail, fields);
    }

    /// <summary>
    /// What a notification said, in the policy's titles: the runtime's own message for a deadline names the policy's
    /// internals and UTC ("Supervisor must ReviewInvestigation"), so those are written again from the deadline.
    /// </summary>
    private static string NotificationDetail(string content, PolicyDefinition policy)
    {
        var deadline = policy.Deadlines.FirstOrDefault(d => d.Name == Property(content, "deadline"));
        return (Property(content, "kind"), deadline) switch
        {
            ("DeadlineBreached", { } missed) => $"{missed.Title}: not met. {RoleTitle(policy, missed.Role)} must {Show.LowerFirst(ActionTitle(policy, missed.Action))}.",
            ("DeadlineEscalated", { } missed) => $"{missed.Title}: still not met, so escalated to the {RoleTitle(policy, Property(content, "role"))}.",
            _ => Property(content, "message"),
        };
    }

    /// <summary>A recorded value as an officer reads it.</summary>
    public static string Value(FieldValue value, OfficerDirectory officers) => value.Kind switch
    {
        ValueKind.Officer => officers.NameOf(value.Text),
        ValueKind.DateTime when DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => Show.Time(at),
        ValueKind.Choice when value.Fields is { Count: > 0 } fields =>
            $"{Show.Words(value.Text)} ({string.Join("; ", fields.Select(f => $"{Show.LowerWords(f.Key)}: {Value(f.Value, officers)}"))})",
        ValueKind.Choice => Show.Words(value.Text),
        _ => value.Text,
    };

    public static string ActionTitle(PolicyDefinition policy, string action) => policy.Actions.FirstOrDefault(a => a.Name == action)?.Title ?? Show.Words(action);

    public static string DeadlineTitle(PolicyDefinition policy, string deadline) => policy.Deadlines.FirstOrDefault(d => d.Name == deadline)?.Title ?? Show.Words(deadline);

    public static string RoleTitle(PolicyDefinition policy, string? role) => role is null ? "" : ActionFields.RoleTitle(policy, role);

    private static string SettingTitle(PolicyDefinition policy, string setting) => policy.Settings.FirstOrDefault(s => s.Name == setting)?.Title ?? Show.Words(setting);

    private static string StateTitle(PolicyDefinition policy, string state) => policy.States.FirstOrDefault(s => s.Name == state)?.Title ?? state;

    private static string OfficerSuffix(string officer, OfficerDirectory officers) => officer.Length == 0 ? "" : $" ({officers.NameOf(officer)})";

    private static TimelineEntry Entry(AuditEntry entry, string title, string? detail) => new(entry.Position, entry.Hash, entry.Kind, entry.At, title, detail, []);

    private static string Property(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
