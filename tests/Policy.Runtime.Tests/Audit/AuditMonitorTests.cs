using Microsoft.Extensions.Time.Testing;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Tests.Audit;

public sealed class AuditMonitorTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditKeyRing Keys = AuditKeyRing.Parse(AuditKey.NewKeyLine("k1"), "test");

    private static CaseEvent Opened(string caseId) =>
        new(caseId, 1, CaseEventKind.Opened, "Open", Start, "dc-1", null, new Dictionary<string, FieldValue>(), "P", "1");

    [Fact]
    public async Task It_checkpoints_what_verifies_runs_incrementally_between_full_runs_and_reports_tampering_without_signing_over_it()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryCaseStore(Keys);
        await store.AppendAsync("c1", 0, [Opened("c1")], [], new Dictionary<string, string>(), []);
        var monitor = new AuditMonitor(store, Keys, new AuditMonitorOptions(), time);
        Assert.False(monitor.Status.IsClean);

        var first = await monitor.RunOnceAsync();
        Assert.True(first.IsClean);
        Assert.False(first.Report!.Incremental);
        Assert.Equal(1L, first.LastCheckpoint!.Sequence);

        await store.AppendAsync("c2", 0, [Opened("c2")], [], new Dictionary<string, string>(), []);
        time.Advance(TimeSpan.FromMinutes(15));
        var second = await monitor.RunOnceAsync();
        Assert.True(second.Report!.Incremental);
        Assert.Equal((1, 2L), (second.Report.CasesChecked, second.LastCheckpoint!.Sequence));

        // An entry forged into c1 with a correct hash but no seal: found, logged, and no checkpoint signed over it.
        var head = (await store.ReadChainHeadsAsync())[0];
        var forged = AuditChain.Seal(head.HeadHash, head.Count + 1, new AuditRecord(AuditKind.Read, Start, "c1", "x", "p", "{}"));
        store.Tamper((chains, _, _, _) => chains["c1"].Add(forged));
        time.Advance(TimeSpan.FromMinutes(15));
        var third = await monitor.RunOnceAsync();
        Assert.False(third.IsClean);
        Assert.Equal(("c1", head.Count + 1), (third.Report!.Problems[0].CaseId, third.Report.Problems[0].Position!.Value));
        Assert.Equal(2L, third.LastCheckpoint!.Sequence);
        Assert.Equal(2, (await store.ReadCheckpointLinesAsync()).Count);
    }
}
