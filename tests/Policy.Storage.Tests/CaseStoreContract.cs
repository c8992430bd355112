using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

/// <summary>The contract every <see cref="ICaseStore"/> is held to. Each store runs all of it.</summary>
public abstract partial class CaseStoreContract : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string> NoAssignments = new Dictionary<string, string>();
    internal static readonly DateTimeOffset T0 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The key ring every contract store seals its entries with, as an application holding the audit key does.</summary>
    internal static readonly AuditKeyRing Keys = AuditKeyRing.Parse("test-1:" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), "the test key");

    protected ICaseStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store (its own database), sealing with <see cref="Keys"/>.</summary>
    protected abstract Task<ICaseStore> CreateStoreAsync();

    /// <summary>A second store instance on the same database as <see cref="Store"/>, sealing with <see cref="Keys"/>.</summary>
    protected abstract Task<ICaseStore> OpenSameDatabaseAsync();

    /// <summary>Changes the database behind the store's back, as someone with write access to it would.</summary>
    internal abstract StoreTampering Tampering { get; }

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    internal static CaseEvent Event(string caseId, long version, string name = "Act", string? actor = "dc-1", DateTimeOffset? at = null) => new(
        caseId,
        version,
        version == 1 ? CaseEventKind.Opened : CaseEventKind.ActionPerformed,
        name,
        at ?? T0.AddMinutes(version),
        actor,
        version == 1 ? null : "OIC",
        new Dictionary<string, FieldValue>
        {
            ["detail"] = new(ValueKind.Text, $"Detail {version} “quoted” \u00e9"),
            ["decision"] = new(ValueKind.Choice, "NotReferred", new Dictionary<string, FieldValue> { ["reason"] = new(ValueKind.Text, "Declined") }),
        },
        "RassoInvestigation",
        "2025.02");

    internal static CaseEvent[] Events(string caseId, long from, int count) => Enumerable.Range(0, count).Select(i => Event(caseId, from + i)).ToArray();

    internal static DueDeadline Due(string caseId, string deadline, DateTimeOffset next, int stage = 0) => new(caseId, "RassoInvestigation", deadline, 1, next, next, stage);

    private Task<List<AuditEntry>> AuditAsync(ICaseStore? store = null) => ReadAllAuditAsync(store ?? Store);

    /// <summary>Every case's chain, one case after another in case id order.</summary>
    internal static async Task<List<AuditEntry>> ReadAllAuditAsync(ICaseStore store)
    {
        var entries = new List<AuditEntry>();
        foreach (var head in await store.ReadChainHeadsAsync())
        {
            entries.AddRange(await ReadChainAsync(store, head.CaseId));
        }

        return entries;
    }

    internal static async Task<List<AuditEntry>> ReadChainAsync(ICaseStore store, string caseId, long from = 1)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadAuditAsync(caseId, from))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [ContractFact]
    public async Task Appended_events_read_back_exactly_in_version_order()
    {
        var written = Events("c1", 1, 3);
        var result = await Store.AppendAsync("c1", 0, written, [], NoAssignments, []);
        Assert.True(result.Succeeded);
        Assert.Equal(3, result.CurrentVersion);

        var read = await Store.ReadCaseAsync("c1");
        Assert.Equal(written.Select(CaseEventSerializer.Serialize), read.Select(CaseEventSerializer.Serialize));
        Assert.Equal(new long[] { 1, 2, 3 }, read.Select(e => e.Version));
        Assert.Equal("Declined", read[1].Fields["decision"].Fields!["reason"].Text);
        Assert.Empty(await Store.ReadCaseAsync("unknown"));
    }

    [ContractFact]
    public async Task A_write_against_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 2), [Due("c1", "VictimUpdate", T0.AddDays(1))], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []);
        var auditBefore = (await AuditAsync()).Count;

        var conflict = await Store.AppendAsync("c1", 1, [Event("c1", 2, "Other")], [], new Dictionary<string, string> { ["OIC"] = "dc-9" }, [new AuditRecord(AuditKind.Refusal, T0, "c1", "x", null, "{}")]);

        Assert.True(conflict.IsConflict);
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Equal(2, (await Store.ReadCaseAsync("c1")).Count);
        Assert.Equal("Act", (await Store.ReadCaseAsync("c1"))[1].Name);
        Assert.Equal(auditBefore, (await AuditAsync()).Count);
        Assert.Single(await Store.FindDueAsync(T0.AddDays(2), 10));
        Assert.Equal(["c1"], await Store.FindCasesAssignedToAsync("dc-1"));
        Assert.Empty(await Store.FindCasesAssignedToAsync("dc-9"));
    }

    [ContractFact]
    public async Task A_new_case_must_be_written_at_version_zero()
    {
        Assert.True((await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], NoAssignments, [])).Succeeded);
        var again = await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], NoAssignments, []);
        Assert.True(again.IsConflict);
        Assert.Equal(1, again.CurrentVersion);

        // Expecting a version of a case that does not exist is a conflict at version 0, and creates nothing.
        var ahead = await Store.AppendAsync("c2", 3, Events("c2", 4, 1), [Due("c2", "A", T0)], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []);
        Assert.Equal(new AppendResult(false, 0), ahead);
        Assert.Equal(["c1"], await Store.ListCasesAsync(10));
        Assert.Empty(await Store.FindDueAsync(T0.AddYears(1), 10));
        Assert.Empty(await Store.FindCasesAssignedToAsync("dc-1"));
        Assert.Equal([AuditKind.Event, AuditKind.CaseIndex], (await AuditAsync()).Select(a => a.Kind));
    }

    [ContractFact]
    public async Task Events_that_do_not_follow_the_expected_version_are_rejected_as_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("c1", 0, [Event("c1", 2)], [], NoAssignments, []));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("c1", 0, [Event("other", 1)], [], NoAssignments, []));
    }

    [ContractFact]
    public async Task Every_event_and_audit_record_joins_its_cases_chain_which_verifies_and_which_the_events_are_read_from()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 3), [Due("c1", "A", T0.AddDays(1))], new Dictionary<string, string> { ["OIC"] = "dc-1" }, [new AuditRecord(AuditKind.Notification, T0, "c1", null, null, "{\"to\":\"Supervisor\"}")]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0.AddHours(1), "c1", "sgt-2", "Supervisor review", "{}")]);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 2), [], NoAssignments, []);

        var c1 = await ReadChainAsync(Store, "c1");
        Assert.Equal([1L, 2, 3, 4, 5, 6], c1.Select(a => a.Position));
        Assert.Equal([AuditKind.Event, AuditKind.Event, AuditKind.Event, AuditKind.Notification, AuditKind.CaseIndex, AuditKind.Read], c1.Select(a => a.Kind));
        Assert.True(AuditChain.Verify(c1, c1[^1].Hash, 6).IsValid);
        Assert.All(c1, entry => Assert.Null(Keys.CheckSeal(entry)));
        var c2 = await ReadChainAsync(Store, "c2");
        Assert.Equal([1L, 2, 3], c2.Select(a => a.Position));
        Assert.Equal(AuditChain.GenesisHash, c2[0].PreviousHash);

        // What a case is rebuilt from is the content of its chain's event entries, and nothing else.
        Assert.Equal(c1.Where(a => a.Kind == AuditKind.Event).Select(a => a.Content), (await Store.ReadCaseAsync("c1")).Select(CaseEventSerializer.Serialize));
        var read = Assert.Single(c1, a => a.Kind == AuditKind.Read);
        Assert.Equal(("c1", "sgt-2", "Supervisor review"), (read.CaseId, read.ActorId, read.Purpose));
        Assert.Equal(c1.Skip(3), await ReadChainAsync(Store, "c1", 4));
        Assert.Equal([new ChainHead("c1", 6, c1[^1].Hash), new ChainHead("c2", 3, c2[^1].Hash)], await Store.ReadChainHeadsAsync());
        Assert.Contains("\"deadline\":\"A\"", c1[4].Content, StringComparison.Ordinal);
    }

    [ContractFact]
    public async Task Audit_records_need_a_case_and_an_append_takes_only_its_own_cases_records()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, null, "x", "p", "{}")]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], NoAssignments, [new AuditRecord(AuditKind.Refusal, T0, "c2", "x", null, "{}")]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAuditAsync([new AuditRecord(AuditKind.CaseIndex, T0, "c1", null, null, "{}")]));
        Assert.Empty(await Store.ReadChainHeadsAsync());
    }

    [ContractFact]
    public async Task A_read_before_a_case_exists_starts_its_chain_without_opening_it()
    {
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, "c1", "sgt-2", "Check", "{}")]);
        Assert.Empty(await Store.ListCasesAsync(10));
        Assert.Empty(await Store.ReadCaseAsync("c1"));
        Assert.True((await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], NoAssignments, [])).Succeeded);
        Assert.Equal(["c1"], await Store.ListCasesAsync(10));
        Assert.Equal([AuditKind.Read, AuditKind.Event, AuditKind.CaseIndex], (await ReadChainAsync(Store, "c1")).Select(a => a.Kind));
    }

    [ContractFact]
    public async Task The_due_time_index_is_replaced_per_case_and_answers_what_falls_due_earliest_first()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [Due("c1", "A", T0.AddHours(5)), Due("c1", "B", T0.AddHours(1))], NoAssignments, []);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 1), [Due("c2", "A", T0.AddHours(3))], NoAssignments, []);

        Assert.Equal(T0.AddHours(1), await Store.NextDueAsync());
        var due = await Store.FindDueAsync(T0.AddHours(4), 10);
        Assert.Equal(new[] { ("c1", "B"), ("c2", "A") }, due.Select(d => (d.CaseId, d.Deadline)));
        Assert.Single(await Store.FindDueAsync(T0.AddHours(4), 1));

        // A later append for c1 replaces its rows: B was met, A moved to its first escalation.
        await Store.AppendAsync("c1", 1, Events("c1", 2, 1), [Due("c1", "A", T0.AddHours(6), stage: 1)], NoAssignments, []);
        var after = await Store.FindDueAsync(T0.AddDays(1), 10);
        Assert.Equal(new[] { ("c2", "A", 0), ("c1", "A", 1) }, after.Select(d => (d.CaseId, d.Deadline, d.Stage)));
        Assert.Equal(T0.AddHours(6), after[1].NextActionAt);

        await Store.AppendAsync("c1", 2, Events("c1", 3, 1), [], NoAssignments, []);
        await Store.AppendAsync("c2", 1, Events("c2", 2, 1), [], NoAssignments, []);
        Assert.Null(await Store.NextDueAsync());
    }

    [ContractFact]
    public async Task A_batch_of_appends_checks_each_against_its_own_version_and_commits_them_together()
    {
        await Store.AppendAsync("old", 0, Events("old", 1, 2), [], NoAssignments, []);
        CaseAppend New(string id, long expected, int count, string officer = "dc-1") =>
            new(id, expected, Events(id, expected + 1, count), [Due(id, "A", T0.AddHours(expected + 1))], new Dictionary<string, string> { ["OIC"] = officer }, []);

        var results = await Store.AppendBatchAsync([New("b2", 0, 1), New("old", 0, 1), New("b1", 0, 3), New("b1", 3, 1, "dc-2"), New("old", 2, 1)]);

        Assert.Equal([new AppendResult(true, 1), new AppendResult(false, 2), new AppendResult(true, 3), new AppendResult(true, 4), new AppendResult(true, 3)], results);
        Assert.Equal([1L, 2, 3, 4], (await Store.ReadCaseAsync("b1")).Select(e => e.Version));
        Assert.Equal(3, (await Store.ReadCaseAsync("old")).Count);
        Assert.Equal(["b1"], await Store.FindCasesAssignedToAsync("dc-2"));
        Assert.Equal(["b2", "old"], await Store.FindCasesAssignedToAsync("dc-1"));
        Assert.Equal(3, (await Store.FindDueAsync(T0.AddDays(1), 10)).Count);
        Assert.Equal(6, (await ReadChainAsync(Store, "b1")).Count);
        Assert.True((await new AuditVerifier(Store, Keys).VerifyAsync()).IsClean);

        // A batch with one bad append is refused whole, naming it.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendBatchAsync([New("b3", 0, 1), new CaseAppend("b4", 0, [Event("b4", 2)], [], NoAssignments, [])]));
        Assert.Contains("expected case 'b4' at version 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadCaseAsync("b3"));
        Assert.Empty(await Store.AppendBatchAsync([]));
    }

    [ContractFact]
    public async Task Monitors_claim_disjoint_due_rows_until_their_claims_lapse_or_the_case_is_saved()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [Due("c1", "A", T0.AddHours(1)), Due("c1", "B", T0.AddHours(2))], NoAssignments, []);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 1), [Due("c2", "A", T0.AddHours(3)), Due("c2", "Later", T0.AddDays(9))], NoAssignments, []);
        var now = T0.AddHours(4);
        await using var other = await OpenSameDatabaseAsync();

        var first = await Store.ClaimDueAsync(now, 2, "monitor-a", now.AddMinutes(5));
        Assert.Equal([("c1", "A"), ("c1", "B")], first.Select(d => (d.CaseId, d.Deadline)));
        var second = await other.ClaimDueAsync(now, 10, "monitor-b", now.AddMinutes(5));
        Assert.Equal([("c2", "A")], second.Select(d => (d.CaseId, d.Deadline)));
        Assert.Empty(await other.ClaimDueAsync(now, 10, "monitor-b", now.AddMinutes(5)).ContinueWith(t => t.Result.Where(d => d.CaseId == "c1").ToArray()));

        // A claimant sees its own claims again; nobody else does until they lapse.
        Assert.Equal(2, (await Store.ClaimDueAsync(now, 10, "monitor-a", now.AddMinutes(5))).Count(d => d.CaseId == "c1"));
        Assert.Equal([("c1", "A"), ("c1", "B")], (await other.ClaimDueAsync(now.AddMinutes(5), 10, "monitor-b", now.AddMinutes(10))).Where(d => d.CaseId == "c1").Select(d => (d.CaseId, d.Deadline)));

        // A save of the case replaces its rows, and with them the claims on it.
        await Store.AppendAsync("c2", 1, Events("c2", 2, 1), [Due("c2", "A", T0.AddHours(3), stage: 1)], NoAssignments, []);
        Assert.Equal([("c2", "A", 1)], (await Store.ClaimDueAsync(now, 10, "monitor-c", now.AddMinutes(5))).Select(d => (d.CaseId, d.Deadline, d.Stage)));

        // What is due is still found by anyone; claims only share the work out.
        Assert.Equal(3, (await Store.FindDueAsync(now, 10)).Count);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ClaimDueAsync(now, 10, " ", now));
    }

    [ContractFact]
    public async Task Cases_are_found_by_assigned_officer_and_listed_newest_first()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), [], new Dictionary<string, string> { ["OIC"] = "dc-1", ["SOIT"] = "pc-2" }, []);
        await Store.AppendAsync("c2", 0, Events("c2", 1, 1), [], new Dictionary<string, string> { ["OIC"] = "pc-2" }, []);
        await Store.AppendAsync("c3", 0, Events("c3", 1, 1), [], NoAssignments, []);

        Assert.Equal(["c1", "c2"], await Store.FindCasesAssignedToAsync("pc-2"));
        Assert.Equal(["c3", "c2", "c1"], await Store.ListCasesAsync(10));
        Assert.Equal(["c3", "c2"], await Store.ListCasesAsync(2));

        await Store.AppendAsync("c1", 1, Events("c1", 2, 1), [], new Dictionary<string, string> { ["OIC"] = "dc-1" }, []);
        Assert.Equal(["c2"], await Store.FindCasesAssignedToAsync("pc-2"));
    }

    [ContractFact]
    public async Task Initializing_twice_and_from_a_second_instance_keeps_the_data()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 2), [], NoAssignments, []);
        await Store.InitializeAsync();
        await using var second = await OpenSameDatabaseAsync();
        await second.InitializeAsync();
        Assert.Equal(2, (await second.ReadCaseAsync("c1")).Count);
        Assert.True((await second.AppendAsync("c1", 2, Events("c1", 3, 1), [], NoAssignments, [])).Succeeded);
        Assert.Equal(3, (await Store.ReadCaseAsync("c1")).Count);
        Assert.True(AuditChain.Verify(await ReadChainAsync(second, "c1")).IsValid);
    }

    private const int Writers = 8;
    private const int AppendsPerWriter = 1000;

    [ContractFact]
    public async Task Concurrent_writers_on_one_case_retrying_on_conflict_lose_and_duplicate_nothing()
    {
        await Store.AppendAsync("shared", 0, Events("shared", 1, 1), [], NoAssignments, []);
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var store = await OpenSameDatabaseAsync();
            var known = 1L;
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                while (true)
                {
                    var result = await store.AppendAsync("shared", known, [Event("shared", known + 1, $"w{w}-{i}")], [Due("shared", $"w{w}", T0.AddMinutes(i))], NoAssignments, []);
                    known = result.CurrentVersion;
                    if (result.Succeeded)
                    {
                        break;
                    }

                    // A conflict reports the version that won, so a writer retries without reading the whole case again.
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var shared = await Store.ReadCaseAsync("shared");
        Assert.Equal(1 + (Writers * AppendsPerWriter), shared.Count);
        Assert.Equal(Enumerable.Range(1, shared.Count).Select(i => (long)i), shared.Select(e => e.Version));
        Assert.Equal(Writers * AppendsPerWriter, shared.Skip(1).Select(e => e.Name).Distinct().Count());
        for (var w = 0; w < Writers; w++)
        {
            // Each writer's own appends landed in the order it made them.
            Assert.Equal(Enumerable.Range(0, AppendsPerWriter).Select(i => $"w{w}-{i}"), shared.Select(e => e.Name).Where(n => n.StartsWith($"w{w}-", StringComparison.Ordinal)));
        }

        // The index holds what the last successful append wrote, and nothing from the conflicts.
        var lastWriter = shared[^1].Name.Split('-')[0];
        Assert.Equal([lastWriter], (await Store.FindDueAsync(T0.AddYears(1), 100)).Select(d => d.Deadline));

        // One event entry and one index entry per successful append, in one unbroken chain.
        var audit = await ReadChainAsync(Store, "shared");
        Assert.Equal(2 * shared.Count, audit.Count);
        Assert.True(AuditChain.Verify(audit, audit[^1].Hash, 2 * shared.Count).IsValid);
    }

    [ContractFact]
    public async Task Concurrent_writers_on_separate_cases_lose_and_duplicate_nothing()
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var store = await OpenSameDatabaseAsync();
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var result = await store.AppendAsync($"own-{w}", i, [Event($"own-{w}", i + 1, $"w{w}-{i}")], [], NoAssignments, []);
                Assert.True(result.Succeeded);
            }
        })));

        for (var w = 0; w < Writers; w++)
        {
            var own = await Store.ReadCaseAsync($"own-{w}");
            Assert.Equal(Enumerable.Range(0, AppendsPerWriter).Select(i => $"w{w}-{i}"), own.Select(e => e.Name));
        }

        for (var w = 0; w < Writers; w++)
        {
            var chain = await ReadChainAsync(Store, $"own-{w}");
            Assert.Equal(2 * AppendsPerWriter, chain.Count);
            Assert.True(AuditChain.Verify(chain, chain[^1].Hash, 2 * AppendsPerWriter).IsValid);
        }

        // Every event has exactly one audit entry, whichever writer's transaction it was in.
        var audit = await AuditAsync();
        Assert.Equal(Writers * AppendsPerWriter, audit.Where(a => a.Kind == AuditKind.Event).Select(a => (a.CaseId, a.Content)).Distinct().Count());
    }

    [ContractFact]
    public async Task Audit_only_appends_from_many_writers_on_one_case_keep_one_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var store = await OpenSameDatabaseAsync();
            for (var i = 0; i < 50; i++)
            {
                await store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, "c1", $"officer-{w}", "Review", $"{{\"n\":{i}}}"), new AuditRecord(AuditKind.Read, T0, "c1", $"officer-{w}", "Review", "{}")]);
            }
        })));

        var audit = await ReadChainAsync(Store, "c1");
        Assert.Equal(Writers * 100, audit.Count);
        Assert.True(AuditChain.Verify(audit, audit[^1].Hash, Writers * 100).IsValid);
        for (var w = 0; w < Writers; w++)
        {
            // The two records of one call are neighbours: a call's records are appended together.
            var positions = audit.Where(a => a.ActorId == $"officer-{w}").Select(a => a.Position).ToArray();
            Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(positions[2 * i] + 1, positions[(2 * i) + 1]));
        }
    }

    [ContractFact]
    public async Task Due_rows_read_back_exactly_and_ties_come_in_a_fixed_order()
    {
        var odd = T0.AddTicks(1234567).ToOffset(TimeSpan.FromHours(1));
        DueDeadline[] rows =
        [
            new("c1", "RassoInvestigation", "B", 2, odd.AddDays(-1), odd, 1),
            new("c1", "RassoInvestigation", "B", 1, odd.AddDays(-1), odd, 1),
            new("c1", "RassoInvestigation", "A", 1, odd, odd, 0),
        ];
        await Store.AppendAsync("c1", 0, Events("c1", 1, 1), rows, NoAssignments, []);

        var due = await Store.FindDueAsync(odd, 10);
        Assert.Equal(new[] { ("A", 1), ("B", 1), ("B", 2) }, due.Select(d => (d.Deadline, d.Instance)));
        Assert.Equal(rows.OrderBy(r => r.Deadline, StringComparer.Ordinal).ThenBy(r => r.Instance), due);
        Assert.Empty(await Store.FindDueAsync(odd.AddTicks(-1), 10));
        Assert.Equal(odd, await Store.NextDueAsync());
        Assert.Empty(await Store.FindDueAsync(odd, 0));
    }

    [ContractFact]
    public async Task An_append_without_events_or_with_another_cases_deadlines_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("c1", 0, [], [], NoAssignments, []));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("c1", 0, Events("c1", 1, 1), [Due("c2", "A", T0)], NoAssignments, []));
        Assert.Empty(await Store.ListCasesAsync(10));
        Assert.Empty(await AuditAsync());
    }
}

public sealed class InMemoryCaseStoreContract : CaseStoreContract
{
    private InMemoryCaseStore? _store;

    protected override Task<ICaseStore> CreateStoreAsync() => Task.FromResult<ICaseStore>(_store = new InMemoryCaseStore(Keys));

    internal override StoreTampering Tampering => new InMemoryTampering(_store!);

    protected override Task<ICaseStore> OpenSameDatabaseAsync() => Task.FromResult<ICaseStore>(new SharedView(_store!));

    /// <summary>"Another instance" of an in-memory store is the same store; disposing the view leaves it alone.</summary>
    private sealed class SharedView(ICaseStore inner) : ICaseStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);
        public Task<IReadOnlyList<CaseEvent>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default) => inner.ReadCaseAsync(caseId, cancellationToken);
        public Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<CaseAppend> appends, CancellationToken cancellationToken = default) => inner.AppendBatchAsync(appends, cancellationToken);
        public Task<AppendResult> AppendAsync(string caseId, long expectedVersion, IReadOnlyList<CaseEvent> events, IReadOnlyList<DueDeadline> openDeadlines, IReadOnlyDictionary<string, string> assignments, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default) => inner.AppendAsync(caseId, expectedVersion, events, openDeadlines, assignments, audit, cancellationToken);
        public Task AppendAuditAsync(IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default) => inner.AppendAuditAsync(audit, cancellationToken);
        public IAsyncEnumerable<AuditEntry> ReadAuditAsync(string caseId, long fromPosition = 1, CancellationToken cancellationToken = default) => inner.ReadAuditAsync(caseId, fromPosition, cancellationToken);
        public Task<IReadOnlyList<ChainHead>> ReadChainHeadsAsync(CancellationToken cancellationToken = default) => inner.ReadChainHeadsAsync(cancellationToken);
        public Task<IReadOnlyDictionary<string, CaseIndexRows>> ReadIndexAsync(CancellationToken cancellationToken = default) => inner.ReadIndexAsync(cancellationToken);
        public Task<bool> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) => inner.AppendCheckpointAsync(checkpoint, cancellationToken);
        public Task<IReadOnlyList<string>> ReadCheckpointLinesAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => inner.ReadCheckpointLinesAsync(fromSequence, cancellationToken);
        public Task<IReadOnlyList<DueDeadline>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default) => inner.FindDueAsync(until, limit, cancellationToken);
        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => inner.NextDueAsync(cancellationToken);
        public Task<IReadOnlyList<DueDeadline>> ClaimDueAsync(DateTimeOffset now, int limit, string claimant, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default) => inner.ClaimDueAsync(now, limit, claimant, claimedUntil, cancellationToken);
        public Task<IReadOnlyList<string>> FindCasesAssignedToAsync(string officerId, CancellationToken cancellationToken = default) => inner.FindCasesAssignedToAsync(officerId, cancellationToken);
        public Task<IReadOnlyList<string>> ListCasesAsync(int limit, CancellationToken cancellationToken = default) => inner.ListCasesAsync(limit, cancellationToken);
        public Task<IReadOnlyList<AuditEntry>> FindAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.FindAuditAsync(query, cancellationToken);
        public Task<DueWorkPage> FindDueWorkAsync(DueWorkQuery query, CancellationToken cancellationToken = default) => inner.FindDueWorkAsync(query, cancellationToken);
        public Task<Policy.Runtime.Storage.Snapshots.CaseSnapshot?> ReadSnapshotAsync(string caseId, CancellationToken cancellationToken = default) => inner.ReadSnapshotAsync(caseId, cancellationToken);
        public Task<IReadOnlyList<CaseEvent>> ReadCaseAfterAsync(Policy.Runtime.Storage.Snapshots.CaseSnapshot snapshot, CancellationToken cancellationToken = default) => inner.ReadCaseAfterAsync(snapshot, cancellationToken);
        public Task SaveSnapshotAsync(Policy.Runtime.Storage.Snapshots.CaseSnapshot snapshot, CancellationToken cancellationToken = default) => inner.SaveSnapshotAsync(snapshot, cancellationToken);
        public Task<int> DropSnapshotsAsync(CancellationToken cancellationToken = default) => inner.DropSnapshotsAsync(cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class SqliteCaseStoreContract : CaseStoreContract, IDisposable
{
    // In memory-backed files where the machine has them: the contract is about what is written and in what order,
    // which does not depend on the disk, while 16,000 fsyncs would take minutes on a slow one. The same settings
    // (WAL, synchronous = FULL) apply; durability on a real disk is what the SIGKILL test in SqliteStoreTests proves.
    private readonly string _folder = CreateFolder();

    private static string CreateFolder()
    {
        const string MemoryBacked = "/dev/shm";
        if (Directory.Exists(MemoryBacked))
        {
            try
            {
                return Directory.CreateDirectory(Path.Combine(MemoryBacked, "policy-sqlite-" + Guid.NewGuid().ToString("N"))).FullName;
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return Directory.CreateTempSubdirectory("policy-sqlite-").FullName;
    }

    internal string DatabasePath => Path.Combine(_folder, "cases.db");

    protected override Task<ICaseStore> CreateStoreAsync() => Task.FromResult<ICaseStore>(SqliteCaseStore.ForFile(DatabasePath, Keys));

    protected override Task<ICaseStore> OpenSameDatabaseAsync() => Task.FromResult<ICaseStore>(SqliteCaseStore.ForFile(DatabasePath, Keys));

    internal override StoreTampering Tampering => new SqlTampering(async () =>
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }, "");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
