using Policy.Runtime.Audit;
using Policy.Runtime.Engine;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>The records of access (Data Protection Act 2018, s.62): disclosures and erasures recorded, and the queries Professional Standards asks.</summary>
public sealed partial class CaseService
{
    /// <summary>The longest text a disclosure's recipients or an erasure's description may be.</summary>
    public const int MaximumAccessDetailLength = 1000;

    /// <summary>Who read, changed, disclosed or erased this case's data, when and why, oldest first.</summary>
    public Task<IReadOnlyList<AccessRecord>> AccessToCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        AccessRecords.ForCaseAsync(_store, caseId, _policies, cancellationToken);

    /// <summary>What this officer read, changed, disclosed or erased, in every case, when and why, oldest first.</summary>
    public Task<IReadOnlyList<AccessRecord>> AccessByOfficerAsync(string officerId, DateTimeOffset? from = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default) =>
        AccessRecords.ByOfficerAsync(_store, officerId, from, until, limit, _policies, cancellationToken);

    /// <summary>Every read the policies' access rules flagged, across every case, oldest first.</summary>
    public Task<IReadOnlyList<AccessRecord>> FlaggedReadsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, int limit = 10_000, CancellationToken cancellationToken = default) =>
        AccessRecords.FlaggedReadsAsync(_store, from, until, limit, cancellationToken);

    /// <summary>
    /// Records that <paramref name="officer"/> disclosed personal data of the case to <paramref name="recipients"/>
    /// (the CPS, a partner agency) for <paramref name="justification"/>. The disclosure itself happens outside the
    /// runtime; this keeps it in the case's record. Returns false, recording nothing, for an unknown case or text that
    /// cannot be kept (empty, too long, or with broken characters).
    /// </summary>
    public Task<bool> RecordDisclosureAsync(string caseId, Actor officer, IReadOnlyList<string> recipients, string justification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var named = recipients.Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToArray();
        return named.Length == 0
            ? Task.FromResult(false)
            : RecordAccessAsync(AuditKind.Disclosure, caseId, officer, "recipients", named, string.Join(", ", named), justification, cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="officer"/> erased personal data of the case held outside its record (a document,
    /// a copy kept elsewhere), described by <paramref name="erased"/>, for <paramref name="justification"/>. The
    /// case's own record is append-only and is never erased. Returns false, recording nothing, as for disclosures.
    /// </summary>
    public Task<bool> RecordErasureAsync(string caseId, Actor officer, string erased, string justification, CancellationToken cancellationToken = default) =>
        RecordAccessAsync(AuditKind.Erasure, caseId, officer, "erased", erased?.Trim() ?? "", erased?.Trim() ?? "", justification, cancellationToken);

    private async Task<bool> RecordAccessAsync(AuditKind kind, string caseId, Actor officer, string property, object value, string text, string justification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        ArgumentNullException.ThrowIfNull(officer);
        if (!Keepable(text, MaximumAccessDetailLength) || justification is null || !Keepable(justification, MaximumPurposeLength))
        {
            return false;
        }

        var events = await _store.ReadCaseAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return false;
        }

        var content = CanonicalJson.Serialize([new(property, value), new("policy", events[0].PolicyName)]);
        await _store.AppendAuditAsync([new AuditRecord(kind, TimeProvider.GetUtcNow(), caseId, officer.Id, justification, content)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool Keepable(string text, int maximumLength) =>
        text.Length <= maximumLength && StoredText.IsValid(text) && StoredText.HasVisibleText(text);
}
