using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Storage.Snapshots;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>
/// Loads through snapshots: a case's kept state, if it was built by the same policy in the same form, and then only the
/// events after it; otherwise every event. A snapshot is saved once a load has replayed <see cref="Every"/> events or
/// more. Anything wrong with a snapshot (another policy version, another form, content that does not restore, a tail
/// that does not follow it) means a whole replay, never a failed load: the snapshot is a cache, the chain the record.
/// </summary>
internal sealed class CaseSnapshots(ICaseStore store, PolicyCatalog policies, ILogger logger)
{
    private static readonly ConditionalWeakTable<CompiledPolicy, string> Keys = new();

    /// <summary>
    /// The default of <see cref="Every"/>: a load replays at most this many events after a snapshot, so an action on a
    /// long case costs about what one on a new case does, for one snapshot write every this many events.
    /// </summary>
    public const int DefaultEvery = 20;

    /// <summary>How many replayed events make a load save a snapshot; 0 turns snapshots off (every load replays every event).</summary>
    public int Every { get; set; } = DefaultEvery;

    /// <summary>The case as a workflow: restored from its snapshot and the events after it when one is usable, else replayed from every event; null when it does not exist.</summary>
    public async Task<TWorkflow?> LoadAsync<TWorkflow>(string caseId, Func<CompiledPolicy, TWorkflow> create, Func<TWorkflow, TWorkflow> prepare, CancellationToken cancellationToken)
        where TWorkflow : PolicyWorkflow
    {
        if (Every > 0 && await store.ReadSnapshotAsync(caseId, cancellationToken).ConfigureAwait(false) is { } snapshot
            && await FromSnapshotAsync(snapshot, create, prepare, cancellationToken).ConfigureAwait(false) is { } restored)
        {
            await SaveIfDueAsync(restored, snapshot.Version, cancellationToken).ConfigureAwait(false);
            return restored;
        }

        var events = await store.ReadCaseAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return null;
        }

        var workflow = Create(caseId, events[0].PolicyName, create, prepare);
        workflow.Replay(events);
        if (workflow.MissingVersion is { } missing)
        {
            logger.LogWarning(
                "Case {CaseId} was opened under version {Version} of {Policy}, which this application does not hold; it is decided under version {Instead}. Keep that version's .policy file until its cases are migrated (docs/versions.md).",
                caseId, missing, workflow.CompiledPolicy.Name, workflow.CompiledPolicy.Version);
        }

        await SaveIfDueAsync(workflow, 0, cancellationToken).ConfigureAwait(false);
        return workflow;
    }

    /// <summary>What a snapshot built by <paramref name="policy"/> is keyed by: its name, version, the snapshot form and a fingerprint of its whole definition.</summary>
    public static string KeyOf(CompiledPolicy policy) => Keys.GetValue(policy, static p => string.Join(
        ' ',
        p.Name,
        "f" + CaseState.SnapshotFormat.ToString(CultureInfo.InvariantCulture),
        PolicyFingerprint.Of(p),
        p.Version));

    private TWorkflow Create<TWorkflow>(string caseId, string policyName, Func<CompiledPolicy, TWorkflow> create, Func<TWorkflow, TWorkflow> prepare)
        where TWorkflow : PolicyWorkflow
    {
        var policy = policies.Get(policyName);
        var workflow = prepare(create(policy));
        if (!ReferenceEquals(workflow.CompiledPolicy, policy) && workflow.CompiledPolicy.Name != policy.Name)
        {
            throw new InvalidOperationException($"Case '{caseId}' runs under policy '{policy.Name}', not '{workflow.CompiledPolicy.Name}'.");
        }

        return workflow;
    }

    private async Task<TWorkflow?> FromSnapshotAsync<TWorkflow>(CaseSnapshot snapshot, Func<CompiledPolicy, TWorkflow> create, Func<TWorkflow, TWorkflow> prepare, CancellationToken cancellationToken)
        where TWorkflow : PolicyWorkflow
    {
        var name = snapshot.PolicyKey.Split(' ', 2)[0];
        var policy = policies.TryGet(name, out _)
            ? policies.VersionsOf(name).All.FirstOrDefault(v => string.Equals(KeyOf(v), snapshot.PolicyKey, StringComparison.Ordinal))
            : null;
        if (policy is null)
        {
            // Built by a version of the policy this application does not hold (or another form of snapshot): what it
            // holds may not be what the versions it holds would build from the same events.
            return null;
        }

        var workflow = Create(snapshot.CaseId, name, create, prepare);
        try
        {
            workflow.UseVersion(policy);
            workflow.Case.RestoreSnapshot(snapshot.Content);
            if (workflow.CaseId != snapshot.CaseId || workflow.Version != snapshot.Version)
            {
                throw new FormatException($"The snapshot holds case '{workflow.CaseId}' at version {workflow.Version}.");
            }

            workflow.Replay(await store.ReadCaseAfterAsync(snapshot, cancellationToken).ConfigureAwait(false));
            return workflow;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            logger.LogWarning(exception, "The snapshot of case {CaseId} at version {Version} was not used; the case is replayed from its chain.", snapshot.CaseId, snapshot.Version);
            return null;
        }
    }

    private async Task SaveIfDueAsync(PolicyWorkflow workflow, long snapshotVersion, CancellationToken cancellationToken)
    {
        if (Every <= 0 || workflow.Version - snapshotVersion < Every)
        {
            return;
        }

        try
        {
            await store.SaveSnapshotAsync(new CaseSnapshot(workflow.CaseId, workflow.Version, KeyOf(workflow.CompiledPolicy), workflow.Case.WriteSnapshot()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A cache that could not be written costs the next load time, nothing else.
            logger.LogWarning(exception, "Could not keep a snapshot of case {CaseId} at version {Version}.", workflow.CaseId, workflow.Version);
        }
    }

    /// <summary>
    /// A hash of everything a compiled policy is made of (its definition's whole tree, and the calendar it counts on),
    /// so that a policy changed without a new version label still never meets a snapshot another one built.
    /// </summary>
    private static class PolicyFingerprint
    {
        public static string Of(CompiledPolicy policy)
        {
            var text = new StringBuilder();
            DefinitionText.Write(text, policy.Definition, 0);
            text.Append('|').Append(policy.Calendar.GetType().FullName);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }
}
