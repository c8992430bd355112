using Policy.Runtime.Audit;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>The contract's verification part: every kind of tampering someone with the database can do is found, with its case and position.</summary>
public abstract partial class CaseStoreContract
{
    private static readonly AuditKeyRing OtherKeys = AuditKeyRing.Parse("other:" + Convert.ToBase64String(new byte[32]), "another key");

    private AuditVerifier Verifier(AuditKeyRing? keys = null) => new(Store, keys ?? Keys);

    /// <summary>
    /// c1: opened with a deadline and an assignment (entries 1-2), a review (3-4), two reads (5-6); c2: two events (1-3).
    /// Then a checkpoint over both.
    /// </summary>
    private async Task<AuditCheckpoint> SeedAndCheckpointAsync()
    {
        var oic = new Dictionary<string, string> { ["OIC"] = "dc-1" };
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [Due("c1", "VictimUpdate", T0.AddDays(1))], oic, []);
        await Store.AppendAsync("c1", 1, [Event("c1", 2, "Review")], [Due("c1", "VictimUpdate", T0.AddDays(2))], oic, []);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(1), "c1", "sgt-2", "Supervisor review", "{}")]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(2), "c1", "sgt-3", "Disclosure", "{}")]);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 2), [], NoAssignments, []);

        var (report, written) = await Verifier().WriteCheckpointAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        return Assert.IsType<AuditCheckpoint>(written);
    }

    private async Task<AuditEntry> EntryAsync(string caseId, long position) => (await ReadChainAsync(Store, caseId, position))[0];

    private static AuditProblem SingleProblem(AuditReport report, AuditProblemKind kind)
    {
        var problem = Assert.Single(report.Problems, p => p.Kind == kind);
        return problem;
    }

    [ContractFact]
    public async Task An_untouched_store_verifies_in_full_and_incrementally_and_checkpoints_cover_every_case()
    {
        var checkpoint = await SeedAndCheckpointAsync();
        Assert.Equal(1, checkpoint.Sequence);
        Assert.Equal(AuditCheckpoint.NoPreviousCheckpoint, checkpoint.PreviousCheckpointHash);
        Assert.Equal([new ChainHead("c1", 6, (await EntryAsync("c1", 6)).Hash), new ChainHead("c2", 3, (await EntryAsync("c2", 3)).Hash)], checkpoint.Cases);
        Assert.Null(checkpoint.Check(Keys));

        var full = await Verifier().VerifyAsync();
        Assert.True(full.IsClean, string.Join("\n", full.Problems));
        Assert.Equal((2, 9L, 1L), (full.CasesChecked, full.EntriesChecked, full.Anchor!.Sequence));

        // Nothing changed since the checkpoint: nothing to check, and no new checkpoint to sign.
        Assert.Equal(0, (await Verifier().VerifyAsync(incremental: true)).CasesChecked);
        Assert.Null((await Verifier().WriteCheckpointAsync()).Written);

        await Store.AppendAsync("c1", 2, [Event("c1", 3)], [], NoAssignments, []);
        await Store.AppendAsync("c3", 0, Events("c3", 1, 1), [], NoAssignments, []);
        var incremental = await Verifier().VerifyAsync(incremental: true);
        Assert.True(incremental.IsClean, string.Join("\n", incremental.Problems));
        Assert.Equal(["c3"], incremental.CasesAdded);
        // c1 from its checkpointed head (6) to 8, and c3's two entries.
        Assert.Equal((2, 5L), (incremental.CasesChecked, incremental.EntriesChecked));

        var second = (await Verifier().WriteCheckpointAsync()).Written!;
        Assert.Equal((2L, checkpoint.Hash), (second.Sequence, second.PreviousCheckpointHash));
        Assert.True((await Verifier().VerifyAsync()).IsClean);
    }

    [ContractFact]
    public async Task A_changed_review_text_in_an_event_is_found_at_its_position_and_is_what_the_case_would_be_rebuilt_from()
    {
        await SeedAndCheckpointAsync();
        var review = await EntryAsync("c1", 3);
        await Tampering.ReplaceEntryAsync(review with { Content = review.Content.Replace("Detail 2", "Detail 9", StringComparison.Ordinal) });

        Assert.Equal("Detail 9 “quoted” é", (await Store.ReadCaseAsync("c1"))[1].Fields["detail"].Text);
        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.ChainBroken);
        Assert.Equal(("c1", 3L), (problem.CaseId, problem.Position));
        Assert.Contains("altered", problem.Message, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task An_event_given_to_another_officer_is_found_at_its_position()
    {
        await SeedAndCheckpointAsync();
        var review = await EntryAsync("c1", 3);
        await Tampering.ReplaceEntryAsync(review with { ActorId = "dc-9", Content = review.Content.Replace("\"actor\":\"dc-1\"", "\"actor\":\"dc-9\"", StringComparison.Ordinal) });

        Assert.Equal("dc-9", (await Store.ReadCaseAsync("c1"))[1].ActorId);
        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.ChainBroken);
        Assert.Equal(("c1", 3L), (problem.CaseId, problem.Position));
    }

    [ContractFact]
    public async Task A_read_whose_purpose_is_changed_in_the_middle_of_a_chain_is_found_at_its_position()
    {
        await SeedAndCheckpointAsync();
        await Tampering.ReplaceEntryAsync(await EntryAsync("c1", 5) with { Purpose = "Routine" });

        var report = await Verifier().VerifyAsync();
        var problem = SingleProblem(report, AuditProblemKind.ChainBroken);
        Assert.Equal(("c1", 5L), (problem.CaseId, problem.Position));
        Assert.DoesNotContain(report.Problems, p => p.CaseId == "c2");
    }

    [ContractFact]
    public async Task Events_deleted_from_the_end_of_a_case_are_found_from_the_first_missing_position()
    {
        await SeedAndCheckpointAsync();
        await Tampering.DeleteEntriesFromAsync("c1", 3);

        // What is left is a valid chain on its own: only the checkpoint knows it was longer.
        Assert.Single(await Store.ReadCaseAsync("c1"));
        var report = await Verifier().VerifyAsync();
        Assert.DoesNotContain(report.Problems, p => p.Kind == AuditProblemKind.ChainBroken);
        var problem = SingleProblem(report, AuditProblemKind.EntriesRemoved);
        Assert.Equal(("c1", 3L), (problem.CaseId, problem.Position));
        Assert.Equal(AuditProblemKind.EntriesRemoved, (await Verifier().VerifyAsync(incremental: true)).Problems.Single(p => p.CaseId == "c1").Kind);
    }

    [ContractFact]
    public async Task An_appended_forgery_with_a_correct_hash_is_found_by_its_missing_seal()
    {
        await SeedAndCheckpointAsync();
        var head = await EntryAsync("c1", 6);
        var forged = AuditChain.Seal(head.Hash, 7, CaseEventSerializer.AuditRecordFor(Event("c1", 3, "Close")));
        await Tampering.InsertEntryAsync(forged);

        // The hash is right, so the chain's structure alone cannot tell; the seal needs the key.
        Assert.Equal("Close", (await Store.ReadCaseAsync("c1"))[^1].Name);
        Assert.True((await new AuditVerifier(Store, null).VerifyAsync()).IsClean);
        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.SealInvalid);
        Assert.Equal(("c1", 7L), (problem.CaseId, problem.Position));
        Assert.Contains("not sealed", problem.Message, StringComparison.Ordinal);

        // Sealed with a key of the attacker's own, it is no better; and no checkpoint is signed over it.
        await Tampering.ReplaceEntryAsync(OtherKeys.SealEntry(forged));
        Assert.Equal(7L, SingleProblem(await Verifier().VerifyAsync(incremental: true), AuditProblemKind.SealInvalid).Position);
        var (refused, written) = await Verifier().WriteCheckpointAsync();
        Assert.Null(written);
        Assert.False(refused.IsClean);
    }

    [ContractFact]
    public async Task A_chain_rewritten_and_rehashed_without_the_key_is_found_at_the_rewrite_and_against_the_checkpoint()
    {
        var checkpoint = await SeedAndCheckpointAsync();
        var entries = await ReadChainAsync(Store, "c1");
        await Tampering.DeleteEntriesFromAsync("c1", 3);
        var previous = entries[1].Hash;
        foreach (var original in entries.Skip(2))
        {
            var content = original.Position == 3 ? original.Content.Replace("Detail 2", "Nothing to report", StringComparison.Ordinal) : original.Content;
            var rewritten = AuditChain.Seal(previous, original.Position, new AuditRecord(original.Kind, original.At, original.CaseId, original.ActorId, original.Purpose, content));
            await Tampering.InsertEntryAsync(rewritten);
            previous = rewritten.Hash;
        }

        Assert.True(AuditChain.Verify(await ReadChainAsync(Store, "c1")).IsValid);
        var report = await Verifier().VerifyAsync();
        Assert.Equal(("c1", 3L), (SingleProblem(report, AuditProblemKind.SealInvalid).CaseId, SingleProblem(report, AuditProblemKind.SealInvalid).Position));
        Assert.Equal(("c1", checkpoint.Cases[0].Count), (SingleProblem(report, AuditProblemKind.CheckpointMismatch).CaseId, SingleProblem(report, AuditProblemKind.CheckpointMismatch).Position));

        // Even without the key the verifier sees that the chain is not the one that was checkpointed.
        Assert.Equal(6L, SingleProblem(await new AuditVerifier(Store, null).VerifyAsync(), AuditProblemKind.CheckpointMismatch).Position);
    }

    [ContractFact]
    public async Task A_case_deleted_whole_is_reported_by_name()
    {
        await SeedAndCheckpointAsync();
        await Tampering.DeleteCaseAsync("c2");

        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.CaseRemoved);
        Assert.Equal("c2", problem.CaseId);
        Assert.Equal("c2", SingleProblem(await Verifier().VerifyAsync(incremental: true), AuditProblemKind.CaseRemoved).CaseId);
    }

    [ContractFact]
    public async Task A_deleted_due_deadline_row_is_reported_with_the_entry_that_recorded_it()
    {
        await SeedAndCheckpointAsync();
        await Tampering.DeleteDueRowsAsync("c1");

        // The monitor would never act on this deadline again: that is what makes the row worth checking.
        Assert.Empty(await Store.FindDueAsync(T0.AddYears(1), 10));
        var problem = SingleProblem(await Verifier().VerifyAsync(), AuditProblemKind.IndexMismatch);
        Assert.Equal(("c1", 4L), (problem.CaseId, problem.Position));
        Assert.Contains("(0 deadlines, 1 assignments, no caseload weight)", problem.Message, StringComparison.Ordinal);

        // An incremental verification reads only the cases appended to since the checkpoint; c1 has not been, so only a
        // full one (which the audit monitor also runs on a schedule) or the case's next append looks at its rows.
        Assert.True((await Verifier().VerifyAsync(incremental: true)).IsClean);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(3), "c1", "sgt-2", "Check", "{}")]);
        Assert.Equal(("c1", 4L), (SingleProblem(await Verifier().VerifyAsync(incremental: true), AuditProblemKind.IndexMismatch).CaseId, SingleProblem(await Verifier().VerifyAsync(incremental: true), AuditProblemKind.IndexMismatch).Position));
    }

    [ContractFact]
    public async Task A_checkpoint_not_signed_by_a_key_of_the_ring_or_replaced_in_the_store_is_reported()
    {
        await SeedAndCheckpointAsync();
        var unknown = SingleProblem(await Verifier(OtherKeys).VerifyAsync(), AuditProblemKind.CheckpointInvalid);
        Assert.Contains("'test-1', which is not in the key ring", unknown.Message, StringComparison.Ordinal);

        // Someone with the database but not the key replaces the checkpoint with one over a truncated c1.
        await Tampering.DeleteEntriesFromAsync("c1", 5);
        await Tampering.DeleteCheckpointsFromAsync(1);
        var forged = AuditCheckpoint.Create(null, T0, await Store.ReadChainHeadsAsync(), OtherKeys);
        Assert.True(await Store.AppendCheckpointAsync(forged));
        var report = await Verifier().VerifyAsync();
        Assert.Contains("Checkpoint 1", SingleProblem(report, AuditProblemKind.CheckpointInvalid).Message, StringComparison.Ordinal);

        // A key that has been rotated out of signing still verifies what it signed.
        var rotated = new AuditKeyRing([OtherKeys.SigningKey, Keys.SigningKey]);
        Assert.Null(forged.Check(rotated));
    }

    [ContractFact]
    public async Task Exported_checkpoints_are_the_anchor_when_the_stores_own_are_deleted_with_the_evidence()
    {
        await SeedAndCheckpointAsync();
        var exported = new StringWriter();
        Assert.Equal(1, await Verifier().ExportCheckpointsAsync(exported));
        var file = exported.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditCheckpoint.Parse).ToArray();

        await Tampering.DeleteEntriesFromAsync("c1", 5);
        await Tampering.DeleteCaseAsync("c2");
        await Tampering.DeleteCheckpointsFromAsync(1);

        // The store alone now looks clean: what was deleted left no trace in it.
        Assert.True((await Verifier().VerifyAsync()).IsClean);
        var report = await Verifier().VerifyAsync(file);
        Assert.Equal(1L, report.Anchor!.Sequence);
        Assert.Contains("missing from the store", SingleProblem(report, AuditProblemKind.CheckpointInvalid).Message, StringComparison.Ordinal);
        Assert.Equal(("c1", 5L), (SingleProblem(report, AuditProblemKind.EntriesRemoved).CaseId, SingleProblem(report, AuditProblemKind.EntriesRemoved).Position));
        Assert.Equal("c2", SingleProblem(report, AuditProblemKind.CaseRemoved).CaseId);
    }

    /// <summary>How many appends the writer makes at most while the verifier runs beside it.</summary>
    private const int MaxConcurrentAppends = 1_500;

    [ContractFact]
    public async Task Verifying_while_appends_land_reports_nothing_and_signs_only_what_it_verified()
    {
        await Store.AppendAsync("busy", 0, Events("busy", 1, 1), [Due("busy", "D0", T0)], NoAssignments, []);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var store = await OpenSameDatabaseAsync();

            // Bounded: on a loaded machine the in-memory store appends far faster than a verification replays the case,
            // and an unbounded writer made every run longer than the last (the test host grew to 18 GB in CI).
            for (var version = 1L; !stop.IsCancellationRequested && version <= MaxConcurrentAppends; version++)
            {
                // Each append changes the case's index rows, the part verification reads apart from the chain.
                Assert.True((await store.AppendAsync("busy", version, [Event("busy", version + 1)], [Due("busy", $"D{version}", T0)], NoAssignments, [])).Succeeded);
            }
        });

        try
        {
            for (var run = 0; run < 20; run++)
            {
                var report = await Verifier().VerifyAsync();
                Assert.True(report.IsClean, string.Join("\n", report.Problems));
                var (checkpointed, written) = await Verifier().WriteCheckpointAsync();
                Assert.True(checkpointed.IsClean, string.Join("\n", checkpointed.Problems));
                if (written is not null)
                {
                    Assert.Equal(checkpointed.Heads, written.Cases);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Assert.True((await Verifier().VerifyAsync()).IsClean);
    }
}
