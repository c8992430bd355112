using Policy.Runtime.Audit;

namespace Policy.Runtime.Storage;

/// <summary>
/// The content of a <see cref="AuditKind.CaseIndex"/> entry: a case's open deadlines and assignments as canonical JSON,
/// the same text for the same rows however they were ordered or read back, so that stored rows can be compared with it.
/// </summary>
internal static class CaseIndexContent
{
    public static string Serialize(CaseIndexRows rows) => Serialize(rows.Due, rows.Assignments, rows.Caseload);

    public static string Serialize(IReadOnlyList<DueDeadline> due, IReadOnlyDictionary<string, string> assignments, decimal? caseload = null)
    {
        var members = new List<KeyValuePair<string, object?>>
        {
            new("assignments", assignments.ToDictionary(a => a.Key, a => (object?)a.Value, StringComparer.Ordinal)),
        };

        // Only where there is one: entries written before the store kept caseloads say exactly what they said then.
        if (caseload is { } weight)
        {
            members.Add(new("caseload", weight));
        }

        members.Add(new("due", due
            .OrderBy(d => d.Deadline, StringComparer.Ordinal).ThenBy(d => d.Instance)
            .Select(Row)
            .ToArray()));
        return CanonicalJson.Serialize(members);
    }

    private static Dictionary<string, object?> Row(DueDeadline d)
    {
        var row = new Dictionary<string, object?>
        {
            ["deadline"] = d.Deadline,
            ["dueAt"] = StoredTime.ToTicks(d.DueAt),
            ["instance"] = d.Instance,
            ["nextActionAt"] = d.NextActionAt is { } next ? StoredTime.ToTicks(next) : null,
            ["policy"] = d.PolicyName,
            ["stage"] = d.Stage,
        };

        // Only where there is one: entries written before rows had a role say exactly what they said then.
        if (d.Role is not null)
        {
            row["role"] = d.Role;
        }

        return row;
    }

    /// <summary>The entry that records the rows an append wrote, at the time of its last event.</summary>
    public static AuditRecord RecordFor(string caseId, DateTimeOffset at, IReadOnlyList<DueDeadline> due, IReadOnlyDictionary<string, string> assignments, decimal? caseload = null) =>
        new(AuditKind.CaseIndex, at, caseId, null, null, Serialize(due, assignments, caseload));
}
