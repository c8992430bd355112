using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Snapshots;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary>The contract's part for snapshots: a cache of a case's state beside its chain, never the record.</summary>
public abstract partial class CaseStoreContract
{
    [ContractFact]
    public async Task A_snapshot_is_kept_beside_the_chain_and_a_load_reads_only_the_events_after_it()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 3), [], NoAssignments, [new AuditRecord(AuditKind.Notification, T0, "c1", null, null, "{}")]);
        await Store.AppendAuditAsync([new AuditRecord(AuditKind.Read, T0, "c1", "sgt-2", "Review", "{}")]);
        await Store.AppendAsync("c1", 3, Events("c1", 4, 2), [], NoAssignments, []);
        Assert.Null(await Store.ReadSnapshotAsync("c1"));

        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 3, "P f1 x 1", "{\"at\":3}"));
        var kept = await Store.ReadSnapshotAsync("c1");
        Assert.Equal(("c1", 3L, "P f1 x 1", "{\"at\":3}"), (kept!.CaseId, kept.Version, kept.PolicyKey, kept.Content));
        Assert.Equal([4L, 5], (await Store.ReadCaseAfterAsync(kept)).Select(e => e.Version));

        // An older one never replaces a newer; a newer one does; one past the case's last event is not kept.
        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 5, "P f1 x 1", "{\"at\":5}"));
        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 4, "P f1 x 1", "{\"at\":4}"));
        Assert.Equal("{\"at\":5}", (await Store.ReadSnapshotAsync("c1"))!.Content);
        Assert.Empty(await Store.ReadCaseAfterAsync((await Store.ReadSnapshotAsync("c1"))!));
        await Store.SaveSnapshotAsync(new CaseSnapshot("c2", 1, "P f1 x 1", "{}"));
        Assert.Null(await Store.ReadSnapshotAsync("c2"));

        // Another policy key replaces it whatever its version (the policy in force is what counts).
        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 2, "P f1 y 2", "{\"at\":2}"));
        Assert.Equal(("P f1 y 2", 2L), ((await Store.ReadSnapshotAsync("c1"))!.PolicyKey, (await Store.ReadSnapshotAsync("c1"))!.Version));
        Assert.Equal([3L, 4, 5], (await Store.ReadCaseAfterAsync((await Store.ReadSnapshotAsync("c1"))!)).Select(e => e.Version));

        // Not the record: the chain has no entry for it, and verification does not see it.
        Assert.Equal(9, (await ReadChainAsync(Store, "c1")).Count);
        Assert.True((await new AuditVerifier(Store, Keys).VerifyAsync()).IsClean);

        Assert.Equal(1, await Store.DropSnapshotsAsync());
        Assert.Null(await Store.ReadSnapshotAsync("c1"));
        Assert.Equal(0, await Store.DropSnapshotsAsync());
    }

    [ContractFact]
    public async Task A_snapshot_that_does_not_belong_to_its_chain_or_was_not_sealed_with_the_key_is_not_given_back()
    {
        await Store.AppendAsync("c1", 0, Events("c1", 1, 3), [], NoAssignments, []);
        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 2, "P f1 x 1", "{\"at\":2}"));
        Assert.NotNull(await Store.ReadSnapshotAsync("c1"));

        // Its content edited behind the application's back: the seal no longer matches.
        await Tampering.RewriteSnapshotAsync("c1", "{\"at\":9}");
        Assert.Null(await Store.ReadSnapshotAsync("c1"));

        // Sealed, but the chain entry it was taken after was replaced: it belongs to another history.
        await Store.SaveSnapshotAsync(new CaseSnapshot("c1", 3, "P f1 x 1", "{\"at\":3}"));
        Assert.NotNull(await Store.ReadSnapshotAsync("c1"));
        var entry = (await ReadChainAsync(Store, "c1"))[2];
        await Tampering.ReplaceEntryAsync(entry with { Hash = new string('f', 64) });
        Assert.Null(await Store.ReadSnapshotAsync("c1"));
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static CompiledPolicy GeneralInvestigation(string version = "2025.01", string interval = "14 days")
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "general-investigation.policy"))
            .Replace("version \"2025.01\"", $"version \"{version}\"", StringComparison.Ordinal)
            .Replace("duration = 14 days", $"duration = {interval}", StringComparison.Ordinal);
        var compiled = global::Policy.Language.PolicyCompiler.Compile("general-investigation.policy", text);
        return CompiledPolicy.Compile(compiled.Definition ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics)));
    }

    private static readonly Actor Supervisor = new("sgt-1", "Supervisor");
    private static readonly Actor CrimeManager = new("di-1", "CrimeManager");

    /// <summary>
    /// A general investigation four months long: allocated, met, a setting overridden, reviews now and then, the monitor
    /// recording the breaches of the reviews missed in between. Returns its case id.
    /// </summary>
    private static async Task<string> RunInvestigationAsync(CaseService service, Clock clock)
    {
        const string CaseId = "gi-1";
        Assert.True((await service.OpenAsync("GeneralInvestigation", CaseId, Supervisor)).IsAccepted);
        Assert.True((await service.PerformAsync(CaseId, Supervisor, "Allocate", new Dictionary<string, FieldValue> { ["oic"] = FieldValues.Officer("dc-1")! })).IsAccepted);
        clock.Now = clock.Now.AddDays(3);
        Assert.True((await service.PerformAsync(CaseId, Supervisor, "HoldFirstMeeting", new Dictionary<string, FieldValue> { ["discussion"] = FieldValues.Text("Lines of enquiry")! })).IsAccepted);
        Assert.True((await service.OverrideSettingAsync(CaseId, CrimeManager, "SupervisionInterval", new FieldValue(ValueKind.Duration, "7 days"))).IsAccepted);
        var monitor = new DeadlineMonitor(service);
        for (var day = 0; day < 120; day += 2)
        {
            clock.Now = clock.Now.AddDays(2).AddMinutes(17);
            await monitor.RunOnceAsync();
            if (day % 10 == 0)
            {
                var review = await service.PerformAsync(CaseId, Supervisor, "ReviewInvestigation", new Dictionary<string, FieldValue> { ["review"] = FieldValues.Text($"Review on day {day}")!, ["feedback"] = FieldValues.Text("Carry on")! });
                Assert.True(review.IsAccepted, review.Refusal?.Message);
            }
        }

        return CaseId;
    }

    /// <summary>
    /// The case as the service loads it: as a snapshot's content (every field of its state), and as the public views
    /// show it (so that a field both writing and restoring a snapshot left out would still show).
    /// </summary>
    private static async Task<string> StateAsync(CaseService service, string caseId)
    {
        var read = await service.ReadAsync(caseId, Supervisor, "Supervisor review");
        Assert.Equal(CaseReadStatus.Read, read.Status);
        var workflow = read.Workflow!;
        var state = workflow.Case;
        var now = service.TimeProvider.GetUtcNow();
        return string.Join(
            "\n",
            EveryField(state),
            $"{state.CaseId} v{state.Version} {state.StateName} opened {state.OpenedAt:O} last {state.LastEventAt:O}",
            string.Join("; ", state.Assignments.OrderBy(a => a.Key, StringComparer.Ordinal)),
            string.Join("; ", state.OpenDeadlines),
            string.Join("; ", state.DeadlineHistory),
            string.Join("; ", state.DeadlineStatuses(now)),
            string.Join("; ", workflow.DueDeadlineRows()),
            string.Join("; ", state.Policy.Definition.Settings.Select(setting => $"{setting.Name}={state.SettingValue(setting.Name)}")),
            string.Join("; ", state.Policy.Definition.Actions.SelectMany(a => a.Fields).Select(f => $"{f.Name}={state.Recorded(f.Name)?.Text}")));
    }

    /// <summary>
    /// Every field of a case's state, read by reflection rather than through the snapshot's own writer: a field the
    /// snapshot leaves out (one added to the engine later, say) shows as a difference from a replayed state.
    /// </summary>
    private static string EveryField(CaseState state)
    {
        var fields = typeof(CaseState).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
        var openCount = (int)typeof(CaseState).GetField("_openCount", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(state)!;
        return string.Join("\n", fields
            .Where(f => f.FieldType != typeof(CompiledPolicy) && f.Name != "_replayScratch")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f =>
            {
                var value = f.GetValue(state);
                // Only the open instances count; the array's spare room holds whatever was removed last.
                return f.Name + "=" + (f.Name == "_open" ? Dump(((Array)value!).Cast<object>().Take(openCount)) : Dump(value));
            }));
    }

    private static string Dump(object? value) => value switch
    {
        null => "~",
        string text => '"' + text + '"',
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        FieldValue field => $"{field.Kind}:{field.Text}" + (field.Fields is null ? "" : "{" + string.Join(",", field.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + Dump(f.Value))) + "}"),
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Dump)) + "]",
        IFormattable formattable when value.GetType().IsPrimitive || value is Enum or decimal or TimeSpan => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        bool flag => flag.ToString(),
        _ => value.GetType().Name + "{" + string.Join(",", value.GetType()
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.Name + "=" + Dump(f.GetValue(value)))) + "}",
    };

    [ContractFact]
    public async Task Dropping_every_snapshot_changes_nothing_but_how_much_a_load_replays()
    {
        var policy = GeneralInvestigation();
        var clock = new Clock(T0);
        var withSnapshots = new CaseService(Store, new PolicyCatalog([policy]), clock) { SnapshotEvery = 5 };
        var caseId = await RunInvestigationAsync(withSnapshots, clock);
        var events = await Store.ReadCaseAsync(caseId);
        Assert.True(events.Count > 30, $"Only {events.Count} events.");
        Assert.Contains(events, e => e.Kind == CaseEventKind.DeadlineBreached);

        var snapshot = await Store.ReadSnapshotAsync(caseId);
        Assert.NotNull(snapshot);
        // At most the 5 events a load may replay before it keeps a snapshot, plus what the change after that load added.
        Assert.InRange(events.Count - snapshot.Version, 0, 10);
        Assert.Equal(events.Count - snapshot.Version, (await Store.ReadCaseAfterAsync(snapshot)).Count);

        // The same state from the snapshot and its tail, from every event with snapshots off, and after they are dropped.
        var fromSnapshot = await StateAsync(withSnapshots, caseId);
        var replayed = await StateAsync(new CaseService(Store, new PolicyCatalog([policy]), clock) { SnapshotEvery = 0 }, caseId);
        Assert.Equal(replayed, fromSnapshot);
        Assert.True(await Store.DropSnapshotsAsync() > 0);
        Assert.Equal(replayed, await StateAsync(withSnapshots, caseId));

        // And the same decisions: the next review and the monitor's next breach, with snapshots and without.
        clock.Now = clock.Now.AddDays(9);
        Assert.True((await withSnapshots.PerformAsync(caseId, Supervisor, "ReviewInvestigation", new Dictionary<string, FieldValue> { ["review"] = FieldValues.Text("Late review")!, ["feedback"] = FieldValues.Text("Noted")! })).IsAccepted);
        Assert.NotNull(await Store.ReadSnapshotAsync(caseId));
        Assert.Equal(await StateAsync(new CaseService(Store, new PolicyCatalog([policy]), clock) { SnapshotEvery = 0 }, caseId), await StateAsync(withSnapshots, caseId));
    }

    [ContractFact]
    public async Task A_snapshot_built_under_another_version_of_the_policy_is_not_used()
    {
        var clock = new Clock(T0);
        var first = new CaseService(Store, new PolicyCatalog([GeneralInvestigation()]), clock) { SnapshotEvery = 5 };
        var caseId = await RunInvestigationAsync(first, clock);
        var before = (await Store.ReadSnapshotAsync(caseId))!;
        Assert.EndsWith(" 2025.01", before.PolicyKey, StringComparison.Ordinal);

        // Version 2025.02 gives the supervisor 10 days by default: the case is replayed under it, not restored from a state
        // version 2025.01 built, and a snapshot of the new version takes the old one's place.
        var changed = GeneralInvestigation("2025.02", "10 days");
        var second = new CaseService(Store, new PolicyCatalog([changed]), clock) { SnapshotEvery = 5 };
        var state = await StateAsync(second, caseId);
        Assert.Equal(await StateAsync(new CaseService(Store, new PolicyCatalog([changed]), clock) { SnapshotEvery = 0 }, caseId), state);
        var after = (await Store.ReadSnapshotAsync(caseId))!;
        Assert.EndsWith(" 2025.02", after.PolicyKey, StringComparison.Ordinal);

        // A policy changed without a new version label is another policy too: its fingerprint differs.
        Assert.NotEqual(CaseSnapshots.KeyOf(GeneralInvestigation()), CaseSnapshots.KeyOf(GeneralInvestigation(interval: "15 days")));
        Assert.Equal(CaseSnapshots.KeyOf(GeneralInvestigation()), CaseSnapshots.KeyOf(GeneralInvestigation()));
    }
}
