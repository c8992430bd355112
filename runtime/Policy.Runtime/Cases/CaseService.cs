using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Diagnostics;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>
/// Cases kept in an <see cref="ICaseStore"/>: opens them, reads them for a stated purpose (audited), performs actions
/// and signals and saves them with optimistic concurrency, sends notifications once saved, and turns confirmed officer
/// absences into the policies' absence signals.
/// </summary>
public sealed partial class CaseService
{
    /// <summary>How many times a system-driven change (monitor, absence) is decided again after losing a race.</summary>
    private const int MaxAttempts = 10;

    private readonly ICaseStore _store;
    private readonly PolicyCatalog _policies;
    private readonly INotificationSink? _notifications;
    private readonly ILogger _logger;
    private readonly CaseSnapshots _snapshots;

    public CaseService(
        ICaseStore store,
        PolicyCatalog policies,
        TimeProvider? timeProvider = null,
        IAbsenceRegister? absences = null,
        INotificationSink? notifications = null,
        ILogger<CaseService>? logger = null,
        PolicyMetrics? metrics = null,
        IOfficerRoles? officerRoles = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policies);
        _store = store;
        _policies = policies;
        _notifications = notifications;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Absences = absences ?? new AbsenceRegister();
        OfficerRoles = officerRoles;
        Metrics = metrics ?? PolicyMetrics.Shared;
        _snapshots = new CaseSnapshots(store, policies, _logger);
    }

    /// <summary>
    /// How many events a load may replay before it keeps a snapshot of the case, so that later loads replay only what
    /// follows it (default 20); 0 keeps none and replays every case whole. Snapshots are a cache: see docs/architecture.md.
    /// </summary>
    public int SnapshotEvery
    {
        get => _snapshots.Every;
        set => _snapshots.Every = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "SnapshotEvery must be 0 (no snapshots) or more.");
    }

    /// <summary>Where the service counts and times what it does (see docs/operations.md).</summary>
    public PolicyMetrics Metrics { get; }

    /// <summary>Where saved notifications are handed; null when the application registered none.</summary>
    internal INotificationSink? NotificationSink => _notifications;

    /// <summary>Where cases are kept.</summary>
    public ICaseStore Store => _store;

    /// <summary>The policies cases run under.</summary>
    public PolicyCatalog Policies => _policies;

    /// <summary>Where "now" comes from.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The absence register; it also answers the policies' <c>is available</c>.</summary>
    public IAbsenceRegister Absences { get; }

    /// <summary>
    /// Which roles officers other than the actor hold in the force (a policy's <c>assign SOIT = soit</c> and
    /// <c>is a SOIT</c>); null counts every officer as holding any role.
    /// </summary>
    public IOfficerRoles? OfficerRoles { get; }

    /// <summary>Told of every saved due time, so a sleeping <see cref="DeadlineMonitor"/> wakes for an earlier one.</summary>
    public DeadlineWakeup DueTimes { get; } = new();

    /// <summary>Opens a new case under the named policy, in its initial state.</summary>
    public async Task<CaseResult> OpenAsync(string policyName, string caseId, Actor openedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openedBy);
        using var activity = PolicyDiagnostics.StartCaseActivity("policy.case.open", caseId, policyName);
        var workflow = Prepare(new PolicyWorkflow(_policies.Get(policyName)));
        workflow.OpenCase(caseId, openedBy.Id);
        return Traced(activity, await SaveChangeAsync(workflow, ActionResult.Accepted(workflow.PendingEvents[0]), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Opens a new case under a generated workflow's policy.</summary>
    public async Task<CaseResult> OpenAsync<TWorkflow>(string caseId, Actor openedBy, CancellationToken cancellationToken = default)
        where TWorkflow : PolicyWorkflow, new()
    {
        ArgumentNullException.ThrowIfNull(openedBy);
        var workflow = Prepare(new TWorkflow());
        using var activity = PolicyDiagnostics.StartCaseActivity("policy.case.open", caseId, workflow.CompiledPolicy.Name);
        _policies.Get(workflow.CompiledPolicy.Name);
        workflow.OpenCase(caseId, openedBy.Id);
        return Traced(activity, await SaveChangeAsync(workflow, ActionResult.Accepted(workflow.PendingEvents[0]), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads a case for a stated purpose. Every read is audited with who, when and why (Data Protection Act 2018,
    /// s.62); a read without a purpose is refused and nothing is read.
    /// </summary>
    public Task<CaseRead<PolicyWorkflow>> ReadAsync(string caseId, Actor reader, string? purpose, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(caseId, reader, purpose, static policy => new PolicyWorkflow(policy), cancellationToken);

    /// <summary>Reads a case as its generated workflow, for a stated purpose (audited).</summary>
    public Task<CaseRead<TWorkflow>> ReadAsync<TWorkflow>(string caseId, Actor reader, string? purpose, CancellationToken cancellationToken = default)
        where TWorkflow : PolicyWorkflow, new() =>
        ReadCoreAsync(caseId, reader, purpose, static _ => new TWorkflow(), cancellationToken);

    /// <summary>Performs an action by name and saves it.</summary>
    public Task<CaseResult> PerformAsync(string caseId, Actor actor, string action, IReadOnlyDictionary<string, FieldValue>? fields = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeAsync(caseId, static policy => new PolicyWorkflow(policy), workflow => workflow.Perform(action, actor, fields), cancellationToken);
    }

    /// <summary>
    /// Loads the case as its generated workflow, lets <paramref name="change"/> call one of its typed methods, and saves
    /// the result. Where the policy reads officers' caseloads, <paramref name="change"/> may be called more than once, each
    /// time on a freshly loaded workflow, until every caseload it asks about has been read: keep it free of other effects.
    /// </summary>
    public Task<CaseResult> ExecuteAsync<TWorkflow>(string caseId, Func<TWorkflow, ActionResult> change, CancellationToken cancellationToken = default)
        where TWorkflow : PolicyWorkflow, new()
    {
        ArgumentNullException.ThrowIfNull(change);
        return ChangeAsync(caseId, static _ => new TWorkflow(), change, cancellationToken);
    }

    /// <summary>Records that a signal happened on a case.</summary>
    public Task<CaseResult> RaiseSignalAsync(string caseId, string signal, IReadOnlyDictionary<string, FieldValue>? fields = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, static policy => new PolicyWorkflow(policy), workflow => workflow.RaiseSignal(signal, fields), cancellationToken);

    /// <summary>Overrides a setting for one case.</summary>
    public Task<CaseResult> OverrideSettingAsync(string caseId, Actor actor, string setting, FieldValue value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeAsync(caseId, static policy => new PolicyWorkflow(policy), workflow => workflow.OverrideSetting(setting, actor, value), cancellationToken);
    }

    /// <summary>
    /// Saves a workflow's pending events with the version it was loaded at, then sends its notifications. On a
    /// conflict nothing is written but its audit records of refusals; reload the case and decide again.
    /// </summary>
    public async Task<SaveResult> SaveAsync(PolicyWorkflow workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.PendingEvents.Count == 0)
        {
            if (workflow.PendingAudit.Count > 0)
            {
                await _store.AppendAuditAsync(workflow.PendingAudit.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            workflow.MarkSaved();
            return new SaveResult(true, workflow.Version);
        }

        using var activity = PolicyDiagnostics.StartCaseActivity("policy.case.save", workflow.CaseId, workflow.CompiledPolicy.Name);
        var rows = workflow.DueDeadlineRows();
        var events = workflow.PendingEvents.ToArray();
        var notifications = workflow.PendingNotifications.ToArray();
        var outbox = UsesOutbox;
        var now = TimeProvider.GetUtcNow();
        var started = PolicyMetrics.Start();
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(
                new CaseAppend(workflow.CaseId, workflow.SavedVersion, events, rows, workflow.AssignmentRows(), workflow.PendingAudit.ToArray())
                {
                    Caseload = workflow.CompiledPolicy.CaseloadWeight(workflow.Case, now),
                    Notifications = outbox ? notifications : [],
                    NotifyFrom = now + OutboxGrace,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Metrics.Appended(PolicyMetrics.Since(started), "failed");
            PolicyDiagnostics.Failed(activity, exception);
            throw;
        }

        Metrics.Appended(PolicyMetrics.Since(started), appended.IsConflict ? "conflict" : "appended");
        activity?.SetTag(PolicyDiagnostics.Tags.Outcome, appended.IsConflict ? "conflict" : "appended");
        if (appended.IsConflict)
        {
            // The refused attempts still happened; the rest is left on the workflow for the caller to inspect.
            if (workflow.PendingAudit.Count > 0)
            {
                await _store.AppendAuditAsync(workflow.PendingAudit.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            return new SaveResult(false, appended.CurrentVersion);
        }

        workflow.MarkSaved();
        Metrics.EventsSaved(events);
        WakeMonitorFor(rows);
        await SendAsync(notifications, outbox, cancellationToken).ConfigureAwait(false);
        return new SaveResult(true, appended.CurrentVersion);
    }

    /// <summary>
    /// Fills in the caseload index for cases saved before the store kept caseload weights: each is replayed, its weight
    /// worked out by its policy and written with a CaseIndex entry, unless it was saved meanwhile (which wrote it).
    /// Until then their officers' caseloads are unknown, and a caseload limit does not pass. Run once after upgrading;
    /// <see cref="Hosting.CaseloadIndexer"/> does it as the host starts. Returns how many cases it filled in.
    /// </summary>
    public async Task<int> IndexCaseloadsAsync(CancellationToken cancellationToken = default)
    {
        var filled = 0;
        string? after = null;
        while (await _store.FindCasesWithoutCaseloadAsync(after, 500, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
        {
            foreach (var caseId in page)
            {
                PolicyWorkflow? workflow;
                try
                {
                    workflow = await LoadAsync(caseId, static policy => new PolicyWorkflow(policy), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
                {
                    // A case its policy cannot replay (a policy no longer registered, damaged events) keeps an unknown
                    // weight; it is not the end of the run, and verification is what reports the damage.
                    _logger.LogWarning(exception, "Could not work out the caseload weight of case {CaseId}: its officers' caseloads stay unknown until it is saved.", caseId);
                    continue;
                }

                var now = TimeProvider.GetUtcNow();
                if (workflow is not null
                    && await _store.IndexCaseloadAsync(caseId, workflow.Version, workflow.CompiledPolicy.CaseloadWeight(workflow.Case, now), now, cancellationToken).ConfigureAwait(false))
                {
                    filled++;
                }
            }

            after = page[^1];
        }

        return filled;
    }

    /// <summary>
    /// Records the breaches and escalations of a case that have fallen due, exactly once: if another monitor or a user
    /// saves first, the case is reloaded and what is still due is decided again. Returns the number of events saved.
    /// </summary>
    public async Task<int> RecordDueDeadlinesAsync(string caseId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var workflow = await LoadAsync(caseId, static policy => new PolicyWorkflow(policy), cancellationToken).ConfigureAwait(false);
            if (workflow is null)
            {
                return 0;
            }

            var due = workflow.RecordDueDeadlines();
            if (due.Count == 0)
            {
                return 0;
            }

            var saved = await SaveAsync(workflow, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                return due.Count;
            }
        }

        _logger.LogWarning("Gave up recording due deadlines of case {CaseId} after {Attempts} conflicting attempts.", caseId, MaxAttempts);
        return 0;
    }

    /// <summary>
    /// Records an officer's absence. A confirmed absence raises, on every case where the officer holds an assigned
    /// role, each signal the policy raises for that role's absence (typically starting a reallocation deadline).
    /// </summary>
    public async Task<IReadOnlyList<AbsenceSignal>> RecordAbsenceAsync(OfficerAbsence absence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(absence);
        await Absences.RecordAsync(absence, cancellationToken).ConfigureAwait(false);
        if (!absence.IsConfirmed)
        {
            return [];
        }

        var raised = new List<AbsenceSignal>();
        var caseIds = await _store.FindCasesAssignedToAsync(absence.OfficerId, cancellationToken).ConfigureAwait(false);
        foreach (var caseId in caseIds)
        {
            raised.AddRange(await RaiseAbsenceSignalsAsync(caseId, absence, cancellationToken).ConfigureAwait(false));
        }

        return raised;
    }

    private async Task<List<AbsenceSignal>> RaiseAbsenceSignalsAsync(string caseId, OfficerAbsence absence, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var workflow = await LoadAsync(caseId, static policy => new PolicyWorkflow(policy), cancellationToken).ConfigureAwait(false);
            var raised = new List<(string Role, string Signal, ActionResult Result)>();
            if (workflow is null)
            {
                return [];
            }

            var policy = workflow.CompiledPolicy;
            foreach (var signal in policy.Signals)
            {
                if (signal.AbsenceOfRole >= 0 && workflow.Case.AssignedOfficerAt(signal.AbsenceOfRole) == absence.OfficerId)
                {
                    raised.Add((policy.RoleName(signal.AbsenceOfRole), signal.Name, workflow.RaiseSignal(signal.Name, AbsenceSignalFields.For(signal.Definition, absence))));
                }
            }

            var saved = await SaveAsync(workflow, cancellationToken).ConfigureAwait(false);
            if (saved.IsConflict)
            {
                continue;
            }

            var results = new List<AbsenceSignal>(raised.Count);
            foreach (var (role, signal, result) in raised)
            {
                Metrics.ActionSaved(policy.Name, result);
                results.Add(new AbsenceSignal(caseId, role, signal, ToCaseResult(caseId, result, saved.Version)));
            }

            return results;
        }

        _logger.LogWarning("Gave up raising absence signals on case {CaseId} after {Attempts} conflicting attempts.", caseId, MaxAttempts);
        return [];
    }

    /// <summary>The longest purpose a read may give, in UTF-16 code units: a sentence or two, not a document.</summary>
    public const int MaximumPurposeLength = 500;

    private async Task<CaseRead<TWorkflow>> ReadCoreAsync<TWorkflow>(string caseId, Actor reader, string? purpose, Func<CompiledPolicy, TWorkflow> create, CancellationToken cancellationToken)
        where TWorkflow : PolicyWorkflow
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (string.IsNullOrWhiteSpace(purpose))
        {
            Metrics.ReadFlagged("purpose_required");
            return new CaseRead<TWorkflow>(CaseReadStatus.PurposeRequired, null);
        }

        // The purpose goes into the permanent record: it must say something, be of a reasonable length, and be storable.
        if (purpose.Length > MaximumPurposeLength || !StoredText.IsValid(purpose) || !StoredText.HasVisibleText(purpose))
        {
            Metrics.ReadFlagged("purpose_invalid");
            return new CaseRead<TWorkflow>(CaseReadStatus.PurposeInvalid, null);
        }

        var workflow = await LoadAsync(caseId, create, cancellationToken).ConfigureAwait(false);
        if (workflow is null)
        {
            return new CaseRead<TWorkflow>(CaseReadStatus.NotFound, null);
        }

        // The policy's access rules decide who may read, and why; a refused read returns nothing and is kept.
        var now = TimeProvider.GetUtcNow();
        var decision = workflow.CompiledPolicy.Access?.Decide(workflow, reader, purpose);
        if (decision is { Allowed: false })
        {
            await _store.AppendAuditAsync([CaseReads.Refused(workflow, reader, purpose, decision, now)], cancellationToken).ConfigureAwait(false);
            Metrics.ReadFlagged("refused");
            return new CaseRead<TWorkflow>(CaseReadStatus.Refused, null, decision.Message);
        }

        // Audited before the caller sees anything, so no read goes unrecorded; a flagged read is flagged in the same append.
        var entry = new AuditRecord(AuditKind.Read, now, caseId, reader.Id, purpose, AuditContent.Read(workflow.CompiledPolicy.Name, workflow.Version));
        if (decision is { IsFlagged: true })
        {
            var absent = !Absences.IsAvailable(reader.Id, now);
            var flag = CaseReads.Flag(workflow, reader, purpose, decision, absent, now);
            var notification = CaseReads.FlagNotification(workflow, reader, purpose, decision, absent, now);
            var outbox = UsesOutbox;
            await _store.AppendAuditAsync([entry, flag], outbox ? [notification] : [], cancellationToken).ConfigureAwait(false);
            Metrics.ReadFlagged("flagged");
            Metrics.Read(workflow.CompiledPolicy.Name);
            await SendAsync([notification], outbox, cancellationToken).ConfigureAwait(false);
            return new CaseRead<TWorkflow>(CaseReadStatus.Read, workflow, null, decision.FlaggedTo);
        }

        await _store.AppendAuditAsync([entry], cancellationToken).ConfigureAwait(false);
        Metrics.Read(workflow.CompiledPolicy.Name);
        return new CaseRead<TWorkflow>(CaseReadStatus.Read, workflow);
    }

    private async Task<CaseResult> ChangeAsync<TWorkflow>(string caseId, Func<CompiledPolicy, TWorkflow> create, Func<TWorkflow, ActionResult> change, CancellationToken cancellationToken)
        where TWorkflow : PolicyWorkflow
    {
        using var activity = PolicyDiagnostics.StartCaseActivity("policy.case.perform", caseId);
        var workflow = await LoadAsync(caseId, create, cancellationToken).ConfigureAwait(false);
        if (workflow is null)
        {
            return Traced(activity, new CaseResult(caseId, CaseResultStatus.NotFound, 0, []));
        }

        var policy = workflow.CompiledPolicy.Name;
        activity?.SetTag(PolicyDiagnostics.Tags.Policy, policy);
        var started = PolicyMetrics.Start();
        // The officers whose caseloads a decision reads are known only once it is made (a field names them), so it is
        // made, the caseloads it asked for are read from the store's caseload index, and it is made again on a fresh
        // load until it asks for none it has not been given. Each round adds officers, so this ends; the bound only
        // guards against a policy that names officers without end (past it, what is still unread stays unknown and a
        // condition that reads it does not hold).
        var caseloads = workflow.CompiledPolicy.UsesCaseloads ? new CaseloadAnswers() : null;
        workflow.Caseloads = caseloads;
        var decided = change(workflow);
        for (var round = 1; caseloads is { Unread.Count: > 0 } && round < CaseloadAnswers.MaxRounds; round++)
        {
            var unread = caseloads.Unread.ToArray();
            caseloads.Add(unread, await _store.FindCaseloadsAsync(unread, caseId, cancellationToken).ConfigureAwait(false));
            workflow = await LoadAsync(caseId, create, cancellationToken).ConfigureAwait(false);
            if (workflow is null)
            {
                return Traced(activity, new CaseResult(caseId, CaseResultStatus.NotFound, 0, []));
            }

            workflow.Caseloads = caseloads;
            decided = change(workflow);
        }

        Metrics.ActionDecided(policy, PolicyMetrics.Since(started));
        activity?.SetTag(PolicyDiagnostics.Tags.Action, decided.Event?.Name ?? decided.Refusal?.Subject);
        var result = await SaveChangeAsync(workflow, decided, cancellationToken).ConfigureAwait(false);
        if (!result.IsConflict)
        {
            Metrics.ActionSaved(policy, decided);
        }

        return Traced(activity, result);
    }

    /// <summary>Puts the outcome on the activity: accepted, refused (with its kind), conflict or not found.</summary>
    private static CaseResult Traced(Activity? activity, CaseResult result)
    {
        if (activity is not null)
        {
            activity.SetTag(PolicyDiagnostics.Tags.Outcome, result.Status.ToString());
            if (result.Refusal is { } refusal)
            {
                activity.SetTag(PolicyDiagnostics.Tags.RefusalKind, refusal.Kind.ToString());
            }
        }

        return result;
    }

    private async Task<CaseResult> SaveChangeAsync(PolicyWorkflow workflow, ActionResult result, CancellationToken cancellationToken)
    {
        var events = workflow.PendingEvents.ToArray();
        var saved = await SaveAsync(workflow, cancellationToken).ConfigureAwait(false);
        if (saved.IsConflict)
        {
            return new CaseResult(workflow.CaseId, CaseResultStatus.Conflict, saved.Version, []);
        }

        return result.IsAccepted
            ? new CaseResult(workflow.CaseId, CaseResultStatus.Accepted, saved.Version, events)
            : ToCaseResult(workflow.CaseId, result, saved.Version);
    }

    private static CaseResult ToCaseResult(string caseId, ActionResult result, long version) =>
        result.IsAccepted
            ? new CaseResult(caseId, CaseResultStatus.Accepted, version, [result.Event!])
            : new CaseResult(caseId, CaseResultStatus.Refused, version, [], result.Refusal);

    private async Task<TWorkflow?> LoadAsync<TWorkflow>(string caseId, Func<CompiledPolicy, TWorkflow> create, CancellationToken cancellationToken)
        where TWorkflow : PolicyWorkflow
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        using var activity = PolicyDiagnostics.StartCaseActivity("policy.case.load", caseId);
        var started = PolicyMetrics.Start();
        try
        {
            var workflow = await _snapshots.LoadAsync(caseId, create, Prepare, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(PolicyDiagnostics.Tags.Policy, workflow?.CompiledPolicy.Name);
            return workflow;
        }
        catch (Exception exception)
        {
            PolicyDiagnostics.Failed(activity, exception);
            throw;
        }
        finally
        {
            Metrics.Loaded(PolicyMetrics.Since(started));
        }
    }

    private TWorkflow Prepare<TWorkflow>(TWorkflow workflow)
        where TWorkflow : PolicyWorkflow
    {
        workflow.TimeProvider = TimeProvider;
        if (workflow.Versions is null && _policies.TryGet(workflow.ApiPolicy.Name, out _))
        {
            // Opens under the version in force, replays under the case's own.
            workflow.Versions = _policies.VersionsOf(workflow.ApiPolicy.Name);
        }

        workflow.Availability = Absences;
        workflow.OfficerRoles = OfficerRoles;
        return workflow;
    }

    private void WakeMonitorFor(IReadOnlyList<DueDeadline> rows)
    {
        DateTimeOffset? earliest = null;
        foreach (var row in rows)
        {
            if (row.NextActionAt is { } next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }

        if (earliest is { } at)
        {
            DueTimes.DueAt(at);
        }
    }

    /// <summary>How long the outbox leaves a saved notification to this service before a dispatcher may send it.</summary>
    internal static TimeSpan OutboxGrace => Storage.Sql.SqlCaseStoreCore.OutboxGrace;

    /// <summary>True when saved notifications go through the store's outbox: there is a sink, and the store keeps one.</summary>
    private bool UsesOutbox => _notifications is not null && _store.KeepsOutbox;

    /// <summary>
    /// Hands saved notifications to the sink. Through the outbox, each one sent is removed from it with its
    /// <see cref="AuditKind.Notification"/> entry, and one that fails stays there, its attempt recorded, for the
    /// <see cref="OutboxDispatcher"/> to retry; without an outbox, a failure is logged and the
    /// notification is not sent again.
    /// </summary>
    private async Task SendAsync(Notification[] notifications, bool outbox, CancellationToken cancellationToken)
    {
        if (_notifications is null || notifications.Length == 0)
        {
            return;
        }

        if (!outbox)
        {
            await SendAsync(notifications, cancellationToken).ConfigureAwait(false);
            return;
        }

        var entries = notifications.Select(notification =>
        {
            var content = OutboxContent.Serialize(notification);
            return (new OutboxEntry(notification.CaseId, OutboxContent.KeyOf(content), content, 0, null), notification);
        }).ToArray();
        await OutboxDelivery.DeliverAsync(_store, _notifications, entries, TimeProvider, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(Notification[] notifications, CancellationToken cancellationToken)
    {
        if (_notifications is null || notifications.Length == 0)
        {
            return;
        }

        var sent = new List<AuditRecord>(notifications.Length);
        foreach (var notification in notifications)
        {
            try
            {
                await _notifications.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
                sent.Add(new AuditRecord(AuditKind.Notification, TimeProvider.GetUtcNow(), notification.CaseId, notification.OfficerId, null, AuditContent.Notification(notification)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The events are saved whatever happens to delivery; a failed delivery is logged, not retried blindly.
                _logger.LogError(exception, "Could not deliver a {Kind} notification for case {CaseId} to {Role}.", notification.Kind, notification.CaseId, notification.Role);
            }
        }

        if (sent.Count > 0)
        {
            await _store.AppendAuditAsync(sent, cancellationToken).ConfigureAwait(false);
        }
    }
}
