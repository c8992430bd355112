using Policy.Runtime.Storage;

namespace Policy.Runtime.Audit;

/// <summary>What kind of problem verification found.</summary>
public enum AuditProblemKind
{
    /// <summary>An entry was changed, removed, inserted or moved: its chain breaks at the position given.</summary>
    ChainBroken,
    /// <summary>An entry is not sealed by a key of the ring: written or rewritten by someone without the audit key.</summary>
    SealInvalid,
    /// <summary>A case's chain is shorter than a checkpoint says it was: entries were removed from its end.</summary>
    EntriesRemoved,
    /// <summary>A case that a checkpoint lists has no chain any more.</summary>
    CaseRemoved,
    /// <summary>A case's chain is not the one a checkpoint signed: it was rewritten up to the checkpointed head.</summary>
    CheckpointMismatch,
    /// <summary>A checkpoint is damaged, not signed by a known key, out of sequence, or missing from the store.</summary>
    CheckpointInvalid,
    /// <summary>A case's due-deadline or assignment rows differ from what its last append wrote.</summary>
    IndexMismatch,
}

/// <summary>One problem found: what, in which case and at which position of its chain (when it has one), and in plain English.</summary>
public sealed record AuditProblem(AuditProblemKind Kind, string? CaseId, long? Position, string Message)
{
    public override string ToString() => CaseId is null ? Message : $"case '{CaseId}'{(Position is { } p ? $", position {p}" : "")}: {Message}";
}

/// <summary>The outcome of a verification: what was checked, against which checkpoint, and every problem found.</summary>
/// <param name="Anchor">The checkpoint the store was checked against (the last trusted one); null when there was none.</param>
/// <param name="CasesAdded">Cases with a chain that the anchor does not list: opened (or first read) since it was taken.</param>
/// <param name="KeysChecked">False when no key ring was given, so seals and checkpoint signatures were not checked.</param>
/// <param name="Heads">The head of every case's chain as far as it was verified: what the next checkpoint signs.</param>
public sealed record AuditReport(
    DateTimeOffset At,
    bool Incremental,
    int CasesChecked,
    long EntriesChecked,
    AuditCheckpoint? Anchor,
    IReadOnlyList<string> CasesAdded,
    IReadOnlyList<AuditProblem> Problems,
    bool KeysChecked,
    IReadOnlyList<ChainHead> Heads)
{
    /// <summary>True when nothing was found wrong.</summary>
    public bool IsClean => Problems.Count == 0;
}

/// <summary>
/// Checks a store's record: every case's chain (hashes, positions, and with a key ring each entry's seal), the store's
/// checkpoints (signature, tree root, sequence), every case against the last trusted checkpoint (removed cases, entries
/// dropped from a case's end, chains rewritten up to the checkpointed head), and the index tables against the
/// <see cref="AuditKind.CaseIndex"/> entries that recorded them. A full verification reads every entry; an incremental
/// one reads only what was appended since the anchor, chaining on from its heads.
/// </summary>
public sealed class AuditVerifier
{
    private readonly ICaseStore _store;
    private readonly AuditKeyRing? _keys;
    private readonly TimeProvider _time;

    /// <param name="keys">The key ring seals and checkpoints are checked with; null checks the chains' structure only.</param>
    public AuditVerifier(ICaseStore store, AuditKeyRing? keys, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _keys = keys;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Verifies the store.</summary>
    /// <param name="trusted">
    /// Checkpoints kept outside the database (an exported file): the last of them is the anchor, and each must also be
    /// in the store unchanged. Null to anchor on the store's own last valid checkpoint.
    /// </param>
    /// <param name="incremental">True to read only the entries appended since the anchor.</param>
    public async Task<AuditReport> VerifyAsync(IReadOnlyList<AuditCheckpoint>? trusted = null, bool incremental = false, CancellationToken cancellationToken = default)
    {
        var problems = new List<AuditProblem>();
        var stored = await ReadStoredCheckpointsAsync(problems, cancellationToken).ConfigureAwait(false);
        var anchor = trusted is null ? stored.LastOrDefault() : CheckTrusted(trusted, stored, problems);
        var anchored = (anchor?.Cases ?? []).ToDictionary(h => h.CaseId, StringComparer.Ordinal);

        var heads = await _store.ReadChainHeadsAsync(cancellationToken).ConfigureAwait(false);
        var current = heads.ToDictionary(h => h.CaseId, StringComparer.Ordinal);
        foreach (var removed in anchored.Values.Where(h => !current.ContainsKey(h.CaseId)))
        {
            problems.Add(new(AuditProblemKind.CaseRemoved, removed.CaseId, null, $"checkpoint {anchor!.Sequence} lists this case with {removed.Count} entries, but it has no entries now: the case was deleted."));
        }

        var index = await _store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var entriesChecked = 0L;
        var casesChecked = 0;
        var verifiedHeads = new List<ChainHead>();
        foreach (var head in heads)
        {
            anchored.TryGetValue(head.CaseId, out var checkpointed);
            if (incremental && checkpointed is not null && checkpointed == head)
            {
                // Unchanged since the anchor; a full verification still reads it.
                verifiedHeads.Add(head);
                continue;
            }

            casesChecked++;
            var (count, last) = await VerifyCaseAsync(head.CaseId, checkpointed, incremental, index.GetValueOrDefault(head.CaseId) ?? CaseIndexRows.None, anchor, problems, cancellationToken).ConfigureAwait(false);
            entriesChecked += count;
            verifiedHeads.Add(last is null ? head : new ChainHead(head.CaseId, last.Position, last.Hash));
        }

        // Rows of a case that had no chain in the same snapshot: no append wrote them.
        foreach (var orphan in index.Where(i => i.Value.ChainLength == 0).Select(i => i.Key).Order(StringComparer.Ordinal))
        {
            problems.Add(new(AuditProblemKind.IndexMismatch, orphan, null, "the index tables hold rows for this case, but it has no chain: the rows were added behind the application's back, or the case was deleted."));
        }

        return new AuditReport(
            _time.GetUtcNow(),
            incremental,
            casesChecked,
            entriesChecked,
            anchor,
            heads.Where(h => !anchored.ContainsKey(h.CaseId)).Select(h => h.CaseId).ToArray(),
            problems,
            _keys is not null,
            verifiedHeads);
    }

    /// <summary>Verifies one case in full (for showing a case's status); problems with other cases are not looked for.</summary>
    public async Task<IReadOnlyList<AuditProblem>> VerifyCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        var problems = new List<AuditProblem>();
        var stored = await ReadStoredCheckpointsAsync(problems, cancellationToken).ConfigureAwait(false);
        var anchor = stored.LastOrDefault();
        var checkpointed = anchor?.Cases.FirstOrDefault(h => h.CaseId == caseId);
        var index = await _store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var (count, _) = await VerifyCaseAsync(caseId, checkpointed, incremental: false, index.GetValueOrDefault(caseId) ?? CaseIndexRows.None, anchor, problems, cancellationToken).ConfigureAwait(false);
        if (count == 0 && checkpointed is not null)
        {
            problems.Add(new(AuditProblemKind.CaseRemoved, caseId, null, $"checkpoint {anchor!.Sequence} lists this case with {checkpointed.Count} entries, but it has no entries now."));
        }

        // Damaged checkpoints are the store's problem, not this case's, unless they were the only anchor it had.
        return problems.Where(p => p.CaseId == caseId || p.Kind == AuditProblemKind.CheckpointInvalid).ToArray();
    }

    /// <summary>
    /// Verifies incrementally from the store's last checkpoint and, when nothing is wrong, writes the next checkpoint
    /// over every case's head. Nothing is signed over a record that does not verify: the report says what is wrong.
    /// </summary>
    /// <exception cref="InvalidOperationException">No key ring was given: a checkpoint must be signed.</exception>
    public async Task<(AuditReport Report, AuditCheckpoint? Written)> WriteCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var keys = _keys ?? throw new InvalidOperationException("A checkpoint is signed with the audit key, and this verifier was given none.");
        var report = await VerifyAsync(null, incremental: true, cancellationToken).ConfigureAwait(false);
        if (!report.IsClean)
        {
            return (report, null);
        }

        // Only what was verified is signed: entries appended while the verification ran are read by the next one, from
        // this checkpoint's heads.
        var heads = report.Heads;
        if (report.Anchor is { } last && last.Cases.SequenceEqual(heads))
        {
            return (report, null);
        }

        var checkpoint = AuditCheckpoint.Create(report.Anchor, _time.GetUtcNow(), heads, keys);
        return await _store.AppendCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false) ? (report, checkpoint) : (report, null);
    }

    /// <summary>Writes every checkpoint the store keeps, one JSON line each, for keeping where the database's owner cannot change them.</summary>
    public async Task<int> ExportCheckpointsAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = await _store.ReadCheckpointLinesAsync(1, cancellationToken).ConfigureAwait(false);
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return lines.Count;
    }

    /// <summary>Verifies one case's chain (from the checkpointed head when incremental); returns how many entries were read and the last of them.</summary>
    private async Task<(long Count, AuditEntry? Last)> VerifyCaseAsync(string caseId, ChainHead? checkpointed, bool incremental, CaseIndexRows rows, AuditCheckpoint? anchor, List<AuditProblem> problems, CancellationToken cancellationToken)
    {
        // Incrementally, reading starts at the checkpointed head itself, which must still be there with the signed hash.
        var from = incremental && checkpointed is { Count: > 0 } ? checkpointed.Count : AuditChain.FirstPosition;
        var entries = await ReadChainAsync(caseId, from, cancellationToken).ConfigureAwait(false);

        var before = problems.Count;
        AuditVerification chain;
        if (from == AuditChain.FirstPosition)
        {
            chain = AuditChain.Verify(entries);
        }
        else if (entries.Count == 0 || entries[0].Position != from || entries[0].Hash != checkpointed!.HeadHash)
        {
            chain = new AuditVerification(true, null, null);
        }
        else
        {
            chain = AuditChain.Verify(entries.Skip(1), from + 1, entries[0].Hash);
        }

        if (!chain.IsValid)
        {
            problems.Add(new(AuditProblemKind.ChainBroken, caseId, chain.FirstBadPosition, chain.Problem!));
        }

        if (_keys is not null)
        {
            foreach (var entry in entries)
            {
                if (_keys.CheckSeal(entry) is { } seal)
                {
                    problems.Add(new(AuditProblemKind.SealInvalid, caseId, entry.Position, $"the entry at position {entry.Position} cannot be trusted: {seal}."));
                    break;
                }
            }
        }

        if (checkpointed is not null)
        {
            var last = entries.Count == 0 ? from - 1 : entries[^1].Position;
            var atHead = entries.FirstOrDefault(e => e.Position == checkpointed.Count);
            if (last < checkpointed.Count)
            {
                problems.Add(new(AuditProblemKind.EntriesRemoved, caseId, last + 1, $"checkpoint {anchor!.Sequence} signed {checkpointed.Count} entries but the chain ends after {last}: entries from position {last + 1} were removed."));
            }
            else if (atHead is null || atHead.Hash != checkpointed.HeadHash)
            {
                problems.Add(new(AuditProblemKind.CheckpointMismatch, caseId, checkpointed.Count, $"the entry at position {checkpointed.Count} is not the one checkpoint {anchor!.Sequence} signed: the chain was rewritten at or before it (and re-hashed, which only the key could have made look genuine)."));
            }
        }

        if (problems.Count == before)
        {
            // The rows belong to the point the chain had reached when they were read (one snapshot); entries read here
            // may go further, appended since. The last index entry may also lie before the part read incrementally.
            var known = entries.Where(e => e.Position <= rows.ChainLength).ToList();
            if (!known.Any(e => e.Kind == AuditKind.CaseIndex) && from > AuditChain.FirstPosition)
            {
                known = (await ReadChainAsync(caseId, AuditChain.FirstPosition, cancellationToken).ConfigureAwait(false)).Where(e => e.Position <= rows.ChainLength).ToList();
            }

            if (IndexProblem(caseId, known, rows) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return (entries.Count, entries.Count == 0 ? null : entries[^1]);
    }

    private async Task<List<AuditEntry>> ReadChainAsync(string caseId, long from, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _store.ReadAuditAsync(caseId, from, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static AuditProblem? IndexProblem(string caseId, IReadOnlyList<AuditEntry> entries, CaseIndexRows rows)
    {
        var lastIndex = entries.LastOrDefault(e => e.Kind == AuditKind.CaseIndex);
        var expected = lastIndex?.Content ?? CaseIndexContent.Serialize(CaseIndexRows.None);
        if (string.Equals(expected, CaseIndexContent.Serialize(rows), StringComparison.Ordinal))
        {
            return null;
        }

        var written = lastIndex is null ? "no append of this case wrote any" : $"the entry at position {lastIndex.Position} records what the last append wrote";
        return new(
            AuditProblemKind.IndexMismatch,
            caseId,
            lastIndex?.Position,
            $"the due-deadline, assignment and caseload rows ({rows.Due.Count} deadlines, {rows.Assignments.Count} assignments, {(rows.Caseload is { } weight ? $"caseload weight {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "no caseload weight")}) differ from what the chain says they should be ({written}): they were changed behind the application's back, and the deadline monitor, the officer lists and the caseload limits act on them.");
    }

    private async Task<List<AuditCheckpoint>> ReadStoredCheckpointsAsync(List<AuditProblem> problems, CancellationToken cancellationToken)
    {
        var lines = await _store.ReadCheckpointLinesAsync(1, cancellationToken).ConfigureAwait(false);
        var valid = new List<AuditCheckpoint>();
        AuditCheckpoint? previous = null;
        foreach (var line in lines)
        {
            AuditCheckpoint checkpoint;
            try
            {
                checkpoint = AuditCheckpoint.Parse(line);
            }
            catch (FormatException exception)
            {
                problems.Add(new(AuditProblemKind.CheckpointInvalid, null, null, $"A checkpoint kept in the store after checkpoint {previous?.Sequence ?? 0} is damaged: {exception.Message}"));
                break;
            }

            if (CheckOne(checkpoint, previous) is { } problem)
            {
                problems.Add(new(AuditProblemKind.CheckpointInvalid, null, null, $"Checkpoint {checkpoint.Sequence} in the store cannot be trusted: {problem}."));
                break;
            }

            valid.Add(checkpoint);
            previous = checkpoint;
        }

        return valid;
    }

    private string? CheckOne(AuditCheckpoint checkpoint, AuditCheckpoint? previous)
    {
        if (checkpoint.Sequence != (previous?.Sequence ?? 0) + 1)
        {
            return $"it follows checkpoint {previous?.Sequence ?? 0}, so its number should be {(previous?.Sequence ?? 0) + 1}: checkpoints were removed";
        }

        if (checkpoint.PreviousCheckpointHash != (previous?.Hash ?? AuditCheckpoint.NoPreviousCheckpoint))
        {
            return "it does not name the checkpoint before it: a checkpoint before it was changed or replaced";
        }

        return _keys is null ? null : checkpoint.Check(_keys);
    }

    private AuditCheckpoint? CheckTrusted(IReadOnlyList<AuditCheckpoint> trusted, List<AuditCheckpoint> stored, List<AuditProblem> problems)
    {
        AuditCheckpoint? previous = null;
        foreach (var checkpoint in trusted)
        {
            // Checkpoints of a file may start after the first (older ones archived): each one follows the one before in the file.
            var problem = previous is null ? (_keys is null ? null : checkpoint.Check(_keys)) : CheckOne(checkpoint, previous);
            if (problem is not null)
            {
                problems.Add(new(AuditProblemKind.CheckpointInvalid, null, null, $"Checkpoint {checkpoint.Sequence} of the trusted file cannot be trusted: {problem}."));
                return previous;
            }

            var kept = stored.FirstOrDefault(s => s.Sequence == checkpoint.Sequence);
            if (kept is null)
            {
                problems.Add(new(AuditProblemKind.CheckpointInvalid, null, null, $"Checkpoint {checkpoint.Sequence} of the trusted file is missing from the store: it was deleted, or the store is not the one the file was exported from."));
            }
            else if (!kept.Equals(checkpoint))
            {
                problems.Add(new(AuditProblemKind.CheckpointInvalid, null, null, $"Checkpoint {checkpoint.Sequence} in the store differs from the trusted file's."));
            }

            previous = checkpoint;
        }

        return previous;
    }
}
