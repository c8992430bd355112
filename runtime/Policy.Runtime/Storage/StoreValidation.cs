using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>Argument checks every store shares, so that all three refuse the same bad calls the same way.</summary>
internal static class StoreValidation
{
    public static void CheckAppend(
        string caseId,
        long expectedVersion,
        IReadOnlyList<CaseEvent> events,
        IReadOnlyList<DueDeadline> openDeadlines,
        IReadOnlyDictionary<string, string> assignments,
        IReadOnlyList<AuditRecord> audit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(openDeadlines);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);

        // An append without events would change a case's index rows with nothing in its history to explain why,
        // and for a new case would create a case with no Opened event.
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (e.CaseId != caseId || e.Version != expectedVersion + i + 1)
            {
                throw new ArgumentException($"Event {i} is for case '{e.CaseId}' at version {e.Version}; expected case '{caseId}' at version {expectedVersion + i + 1}.", nameof(events));
            }
        }

        foreach (var record in audit)
        {
            if (record is not null && record.CaseId != caseId)
            {
                throw new ArgumentException($"Every audit record appended with case '{caseId}' must belong to it; one is for '{record.CaseId}'.", nameof(audit));
            }
        }

        foreach (var row in openDeadlines)
        {
            if (row is null || row.CaseId != caseId)
            {
                throw new ArgumentException($"Every open deadline must belong to case '{caseId}'.", nameof(openDeadlines));
            }
        }
    }

    /// <summary>Every check of one append: its arguments, its audit records, its caseload weight and its notifications.</summary>
    public static void CheckAppend(CaseAppend append)
    {
        ArgumentNullException.ThrowIfNull(append);
        CheckAppend(append.CaseId, append.ExpectedVersion, append.Events, append.OpenDeadlines, append.Assignments, append.Audit);
        CheckAudit(append.Audit);
        CheckCaseload(append.Caseload);
        CheckNotifications(append.CaseId, append.Notifications);
    }

    /// <summary>When a dispatcher may first send notifications written with <paramref name="audit"/>: a grace after the latest of them.</summary>
    public static DateTimeOffset OutboxFrom(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notifications.Notification> notifications) =>
        (audit.Count > 0 ? audit.Max(r => r.At) : notifications.Count > 0 ? notifications.Max(n => n.At) : default).Add(Sql.SqlCaseStoreCore.OutboxGrace);

    /// <summary>Throws when a caseload weight is negative, above <see cref="CaseAppend.MaximumCaseload"/> or finer than thousandths.</summary>
    public static void CheckCaseload(decimal? caseload)
    {
        if (caseload is { } weight && (weight < 0 || weight > CaseAppend.MaximumCaseload || decimal.Round(weight, 3) != weight))
        {
            throw new ArgumentOutOfRangeException(nameof(CaseAppend.Caseload), weight, $"A case's caseload weight is from 0 to {CaseAppend.MaximumCaseload} in thousandths.");
        }
    }

    /// <summary>Throws when a notification to put in the outbox is null or about another case.</summary>
    public static void CheckNotifications(string caseId, IReadOnlyList<Notifications.Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var notification in notifications)
        {
            if (notification is null || notification.CaseId != caseId || string.IsNullOrWhiteSpace(caseId))
            {
                throw new ArgumentException($"Every notification put in the outbox with case '{caseId}' must be about it.", nameof(notifications));
            }
        }
    }

    /// <summary>Throws when a notification appended with audit records is null, or about a case none of them is for.</summary>
    public static void CheckNotificationsWithAudit(IReadOnlyList<AuditRecord> audit, IReadOnlyList<Notifications.Notification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var cases = audit.Select(r => r.CaseId).ToHashSet(StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            if (notification is null || string.IsNullOrWhiteSpace(notification.CaseId) || (cases.Count > 0 && !cases.Contains(notification.CaseId)))
            {
                throw new ArgumentException("Every notification put in the outbox with audit records must be about a case they are for.", nameof(notifications));
            }
        }
    }

    /// <summary>Throws when a completion's record is not a Notification record of the entry's own case.</summary>
    public static void CheckCompletions(IReadOnlyList<Notifications.OutboxCompletion> completions)
    {
        foreach (var (entry, sent) in completions)
        {
            if (entry is null || sent is null || sent.Kind != AuditKind.Notification || sent.CaseId != entry.CaseId)
            {
                throw new ArgumentException($"A sent outbox entry is recorded by a Notification record of its own case ('{entry?.CaseId}').", nameof(completions));
            }
        }
    }

    public static void CheckCaseloadQuery(IReadOnlyCollection<string> officerIds)
    {
        ArgumentNullException.ThrowIfNull(officerIds);
        if (officerIds.Count > CaseAppend.MaximumCaseloadOfficers)
        {
            throw new ArgumentException($"At most {CaseAppend.MaximumCaseloadOfficers} officers' caseloads can be asked for at once; {officerIds.Count} were.", nameof(officerIds));
        }

        if (officerIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("An officer id is null or blank.", nameof(officerIds));
        }
    }

    public static void CheckAudit(IReadOnlyList<AuditRecord> audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Any(record => record is null))
        {
            throw new ArgumentException("An audit record is null.", nameof(audit));
        }

        // Every entry joins the chain of its case; an entry of no case would belong to no chain a checkpoint covers.
        if (audit.Any(record => string.IsNullOrWhiteSpace(record.CaseId)))
        {
            throw new ArgumentException("Every audit record needs a case id: entries are chained per case.", nameof(audit));
        }

        if (audit.Any(record => record.Kind == AuditKind.CaseIndex))
        {
            throw new ArgumentException("CaseIndex entries are written by the store itself, with the rows an append wrote.", nameof(audit));
        }
    }
}
