using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>
/// Loads cases written elsewhere (migrated from another system, or seeded in bulk) through their policies: each case's
/// events are replayed under its policy first, so that a history the policy cannot explain is refused before anything
/// is written, and its due-time rows and assignments are worked out from the replayed state as a save would work them
/// out. The cases are then appended a batch at a time, one transaction per batch (<see cref="ICaseStore.AppendBatchAsync"/>).
/// A case already in the store is left as it is and reported.
/// </summary>
public sealed class CaseImport
{
    private readonly CaseService _cases;
    private readonly int _batchSize;

    /// <param name="batchSize">How many cases each transaction appends (1 to 10,000).</param>
    public CaseImport(CaseService cases, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (batchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The import's batch size must be from 1 to 10,000 cases.");
        }

        _cases = cases;
        _batchSize = batchSize;
    }

    /// <summary>Imports each case, given as all of its events in version order; returns what was imported, left alone and refused.</summary>
    public async Task<CaseImportResult> ImportAsync(IEnumerable<IReadOnlyList<CaseEvent>> cases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var imported = 0;
        var present = new List<string>();
        var refused = new List<CaseImportRefusal>();
        var batch = new List<CaseAppend>(_batchSize);
        foreach (var events in cases)
        {
            if (Prepare(events, refused) is { } append)
            {
                batch.Add(append);
                if (batch.Count == _batchSize)
                {
                    imported += await FlushAsync(batch, present, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        imported += await FlushAsync(batch, present, cancellationToken).ConfigureAwait(false);
        return new CaseImportResult(imported, present, refused);
    }

    /// <summary>The append of a new case with <paramref name="events"/>, or null (and a refusal) when its policy cannot explain them.</summary>
    private CaseAppend? Prepare(IReadOnlyList<CaseEvent>? events, List<CaseImportRefusal> refused)
    {
        if (events is null || events.Count == 0 || events[0] is null)
        {
            refused.Add(new CaseImportRefusal(events?.FirstOrDefault()?.CaseId ?? "", "A case to import needs its events, the first of which opens it."));
            return null;
        }

        var caseId = events[0].CaseId;
        if (!_cases.Policies.TryGet(events[0].PolicyName, out _))
        {
            refused.Add(new CaseImportRefusal(caseId, $"No policy named '{events[0].PolicyName}' is registered with the case service."));
            return null;
        }

        var workflow = new PolicyWorkflow(_cases.Policies.VersionsOf(events[0].PolicyName)) { TimeProvider = _cases.TimeProvider, Availability = _cases.Absences, OfficerRoles = _cases.OfficerRoles };
        try
        {
            workflow.Replay(events);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            refused.Add(new CaseImportRefusal(caseId, exception.Message));
            return null;
        }

        return new CaseAppend(caseId, 0, events, workflow.DueDeadlineRows(), workflow.AssignmentRows(), [])
        {
            Caseload = workflow.CompiledPolicy.CaseloadWeight(workflow.Case, _cases.TimeProvider.GetUtcNow()),
        };
    }

    private async Task<int> FlushAsync(List<CaseAppend> batch, List<string> present, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var results = await _cases.Store.AppendBatchAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
        var imported = 0;
        DateTimeOffset? earliest = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].IsConflict)
            {
                present.Add(batch[i].CaseId);
                continue;
            }

            imported++;
            foreach (var row in batch[i].OpenDeadlines)
            {
                if (row.NextActionAt is { } next && (earliest is null || next < earliest))
                {
                    earliest = next;
                }
            }
        }

        // A sleeping monitor wakes for the imported cases' deadlines as it does for saved ones.
        if (earliest is { } at)
        {
            _cases.DueTimes.DueAt(at);
        }

        batch.Clear();
        return imported;
    }
}

/// <summary>What <see cref="CaseImport.ImportAsync"/> did.</summary>
/// <param name="Imported">How many cases were written.</param>
/// <param name="AlreadyPresent">The ids of cases the store already had (left as they were).</param>
/// <param name="Refused">The cases whose events their policy cannot explain, with why; nothing of them was written.</param>
public sealed record CaseImportResult(int Imported, IReadOnlyList<string> AlreadyPresent, IReadOnlyList<CaseImportRefusal> Refused);

/// <summary>A case that was not imported, and why.</summary>
public sealed record CaseImportRefusal(string CaseId, string Reason);
