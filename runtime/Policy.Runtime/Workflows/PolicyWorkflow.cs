using System.Collections.ObjectModel;
using System.Globalization;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;
using Policy.Runtime.Versions;

namespace Policy.Runtime.Workflows;

/// <summary>
/// One case under one policy: decides and applies actions, signals and setting overrides, and keeps what must be
/// saved (events, audit records of refusals, notifications) until the caller saves it. Generated workflows derive
/// from <see cref="PolicyWorkflow{TState}"/>; this untyped form serves callers that work by names.
/// Not thread-safe: one request at a time works on an instance.
/// </summary>
public class PolicyWorkflow
{
    private static readonly IReadOnlyDictionary<string, FieldValue> NoFields = ReadOnlyDictionary<string, FieldValue>.Empty;

    private CaseState _case;
    private readonly List<CaseEvent> _pendingEvents = [];
    private readonly List<AuditRecord> _pendingAudit = [];
    private readonly List<Notification> _pendingNotifications = [];

    public PolicyWorkflow(CompiledPolicy compiledPolicy)
    {
        ArgumentNullException.ThrowIfNull(compiledPolicy);
        CompiledPolicy = compiledPolicy;
        ApiPolicy = compiledPolicy;
        _case = new CaseState(compiledPolicy);
    }

    /// <summary>
    /// A workflow for a policy with several versions: a new case opens under the version in force on its opening day,
    /// a stored case is replayed under the version it was opened (or last migrated) under.
    /// </summary>
    public PolicyWorkflow(PolicyVersions versions)
        : this((versions ?? throw new ArgumentNullException(nameof(versions))).Newest)
    {
        Versions = versions;
    }

    /// <summary>The version of the policy this case runs under: the one it opened under, or was last migrated to.</summary>
    public CompiledPolicy CompiledPolicy { get; private set; }

    /// <summary>
    /// The version whose indexes the typed API (a generated workflow's methods) uses: the newest. When the case runs
    /// under another version, actions, signals and settings are matched to it by name.
    /// </summary>
    public CompiledPolicy ApiPolicy { get; }

    /// <summary>
    /// Every version of the policy the application holds, or null when it holds one. Set it (the case service does)
    /// before opening or replaying, so that cases open under the version in force and replay under their own.
    /// </summary>
    public PolicyVersions? Versions { get; set; }

    /// <summary>Where "now" comes from; nothing in the runtime reads the wall clock directly.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Answers <c>is available</c> conditions; null treats every officer as available.</summary>
    public IOfficerAvailability? Availability { get; set; }

    /// <summary>Answers which roles officers other than the actor hold (<c>assign</c>, <c>is a SOIT</c>); null counts every officer as holding any role.</summary>
    public IOfficerRoles? OfficerRoles { get; set; }

    /// <summary>Answers <c>caseload of</c>; null leaves every caseload unknown, so a condition that reads one does not hold.</summary>
    public IOfficerCaseloads? Caseloads { get; set; }

    internal DecisionServices Services => new(Availability, OfficerRoles, Caseloads);

    /// <summary>The case's state as replayed from its events.</summary>
    public CaseState Case => _case;

    /// <summary>The case's identifier; empty until opened or replayed.</summary>
    public string CaseId => _case.CaseId;

    /// <summary>The version of the last event, saved or pending.</summary>
    public long Version => _case.Version;

    /// <summary>The version the store holds: what to pass as the expected version when saving the pending events.</summary>
    public long SavedVersion => _case.Version - _pendingEvents.Count;

    public bool IsOpened => _case.IsOpened;

    /// <summary>True in a final state.</summary>
    public bool IsClosed => _case.IsClosed;

    /// <summary>The current state's index in the policy (the generated state enum's value); -1 before opening.</summary>
    public int StateIndex => _case.StateIndex;

    public string StateName => _case.StateName;

    /// <summary>The open deadlines with their status now.</summary>
    public IReadOnlyList<DeadlineStatus> OpenDeadlines => _case.DeadlineStatuses(Now);

    /// <summary>Deadline instances met or cancelled, in the order they closed.</summary>
    public IReadOnlyList<ClosedDeadline> DeadlineHistory => _case.DeadlineHistory;

    /// <summary>The case's settings: overrides, else the policy's defaults.</summary>
    public CaseSettings Settings => new(_case);

    /// <summary>Events accepted since the case was loaded or last saved, oldest first.</summary>
    public IReadOnlyList<CaseEvent> PendingEvents => _pendingEvents;

    /// <summary>Audit records to save with the case even when no event was written (refusals for role or assignment).</summary>
    public IReadOnlyList<AuditRecord> PendingAudit => _pendingAudit;

    /// <summary>Notifications to send once the pending events are saved.</summary>
    public IReadOnlyList<Notification> PendingNotifications => _pendingNotifications;

    protected DateTimeOffset Now => TimeProvider.GetUtcNow();

    /// <summary>The officer assigned to <paramref name="role"/> on this case, or null.</summary>
    public string? AssignedOfficer(string role) => _case.AssignedOfficer(role);

    /// <summary>The latest value recorded for <paramref name="field"/>, or null.</summary>
    public FieldValue? Recorded(string field) => _case.Recorded(field);

    /// <summary>Rebuilds a workflow of type <typeparamref name="TWorkflow"/> from a case's stored events.</summary>
    public static TWorkflow Rehydrate<TWorkflow>(IEnumerable<CaseEvent> events)
        where TWorkflow : PolicyWorkflow, new()
    {
        var workflow = new TWorkflow();
        workflow.Replay(events);
        return workflow;
    }

    /// <summary>Opens a new case in the policy's initial state, starting that state's deadlines.</summary>
    public CaseEvent OpenCase(string caseId, string? openedBy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        if (_case.IsOpened)
        {
            throw new InvalidOperationException($"This workflow already holds case '{CaseId}'.");
        }

        if (Versions is { } versions)
        {
            UseVersion(versions.InForceAt(Now));
        }

        var opened = new CaseEvent(caseId, 1, CaseEventKind.Opened, CompiledPolicy.StateName(CompiledPolicy.InitialState), Now, openedBy, null, NoFields, CompiledPolicy.Name, CompiledPolicy.Version);
        _case.ApplyOpened(opened);
        _pendingEvents.Add(opened);
        return opened;
    }

    /// <summary>Applies stored events (already saved) in version order, e.g. to load a case.</summary>
    public void Replay(IEnumerable<CaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var stored in events)
        {
            if (stored.Kind == CaseEventKind.Opened && !_case.IsOpened)
            {
                if (Versions?.Find(stored.PolicyVersion) is { } openedUnder)
                {
                    // A case decides under the version it opened under.
                    UseVersion(openedUnder);
                }
                else if (!string.Equals(stored.PolicyVersion, CompiledPolicy.Version, StringComparison.Ordinal))
                {
                    // Without that version, under the one this workflow has: said, so that it is not silent.
                    MissingVersion = stored.PolicyVersion;
                }
            }

            if (stored.Kind == CaseEventKind.Migrated)
            {
                ApplyMigration(stored);
                continue;
            }

            _case.Apply(stored);
        }
    }

    /// <summary>
    /// The version the case was opened under when the application does not hold it (its file was removed before the
    /// case was migrated): the case is then decided under <see cref="CompiledPolicy"/> instead. Null when the case runs
    /// under its own version.
    /// </summary>
    public string? MissingVersion { get; private set; }

    /// <summary>
    /// Starts an unopened workflow on another version of its policy (e.g. to restore a snapshot that version built).
    /// </summary>
    internal void UseVersion(CompiledPolicy version)
    {
        if (ReferenceEquals(version, CompiledPolicy))
        {
            return;
        }

        if (_case.IsOpened)
        {
            throw new InvalidOperationException($"Case '{CaseId}' is open under version '{CompiledPolicy.Version}'; only a migration moves it to another.");
        }

        if (!string.Equals(version.Name, ApiPolicy.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{version.Name}' is not a version of policy '{ApiPolicy.Name}'.", nameof(version));
        }

        CompiledPolicy = version;
        _case = new CaseState(version);
    }

    /// <summary>Applies a stored migration: the case continues under the version the event names.</summary>
    private void ApplyMigration(CaseEvent migrated)
    {
        var target = Versions?.Find(migrated.Name)
            ?? (string.Equals(ApiPolicy.Version, migrated.Name, StringComparison.Ordinal) ? ApiPolicy : null)
            ?? throw new InvalidOperationException($"Event {migrated.Version} of case '{migrated.CaseId}' moves it to version '{migrated.Name}' of policy '{migrated.PolicyName}', which this application does not hold.");
        _case = _case.Migrated(target, migrated);
        CompiledPolicy = target;
    }

    /// <summary>
    /// Moves the case to another version of its policy as <paramref name="plan"/> says: one <see cref="CaseEventKind.Migrated"/>
    /// event (pending until saved) that records each choice the plan made for this case, so replay needs nothing but it.
    /// Refused when the plan has no state for the case's state, or the case is closed, or not under the plan's version.
    /// </summary>
    public ActionResult Migrate(MigrationPlan plan, CompiledPolicy target, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(actor);
        EnsureOpened();
        var decided = MigrationDecision.For(plan, this, target);
        if (decided.Refusal is { } refusal)
        {
            return ActionResult.Refused(refusal);
        }

        if (_case.LastEventAt is { } last && Now < last)
        {
            return ActionResult.Refused(new Refusal(RefusalKind.State, $"The case has events after {Now:yyyy-MM-dd HH:mm} UTC; a move cannot be dated before them.", Array.Empty<Citation>(), "migrate to " + plan.To));
        }

        var migrated = new CaseEvent(CaseId, Version + 1, CaseEventKind.Migrated, target.Version, Now, actor.Id, null, decided.Fields, target.Name, target.Version);
        _case = _case.Migrated(target, migrated);
        CompiledPolicy = target;
        _pendingEvents.Add(migrated);
        return ActionResult.Accepted(migrated);
    }

    /// <summary>Forgets the pending events, audit records and notifications once the caller has saved and sent them.</summary>
    public void MarkSaved()
    {
        _pendingEvents.Clear();
        _pendingAudit.Clear();
        _pendingNotifications.Clear();
    }

    /// <summary>Performs an action by name with fields by name; unknown names are refused as invalid input.</summary>
    public ActionResult Perform(string action, Actor actor, IReadOnlyDictionary<string, FieldValue>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var index = CompiledPolicy.IndexOfAction(action);
        if (index < 0)
        {
            return Audited(Unknown("action", action), actor);
        }

        var values = ByPosition(CompiledPolicy.Actions[index], fields, out var unknown);
        if (unknown is not null)
        {
            return Audited(unknown.Value, actor);
        }

        return PerformAt(index, actor, values);
    }

    /// <summary>Whether <paramref name="actor"/> may perform the named action now (not checking values not yet given).</summary>
    public bool Can(string action, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var index = CompiledPolicy.IndexOfAction(action);
        return index >= 0 && _case.IsOpened && CanAt(index, actor);
    }

    /// <summary>Records that a signal happened, by name with fields by name.</summary>
    public ActionResult RaiseSignal(string signal, IReadOnlyDictionary<string, FieldValue>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var index = CompiledPolicy.IndexOfSignal(signal);
        if (index < 0)
        {
            return Unknown("signal", signal);
        }

        var values = ByPosition(CompiledPolicy.Signals[index], fields, out var unknown);
        EnsureOpened();
        return unknown ?? SignalAt(index, values);
    }

    /// <summary>Overrides a setting for this case, by name.</summary>
    public ActionResult OverrideSetting(string setting, Actor actor, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var index = CompiledPolicy.IndexOfSetting(setting);
        if (index < 0)
        {
            return Audited(Unknown("setting", setting), actor);
        }

        EnsureOpened();
        return OverrideSettingAt(index, actor, value);
    }

    /// <summary>
    /// Records every breach and escalation that has fallen due by now, in time order, each with the time it was
    /// scheduled for; returns the events (also pending). What the deadline monitor does for each due case.
    /// </summary>
    public IReadOnlyList<CaseEvent> RecordDueDeadlines()
    {
        EnsureOpened();
        var now = Now;
        var recorded = new List<CaseEvent>();
        HashSet<(int Deadline, int Instance)>? performedFor = null;
        while (_case.TryFindDueStep(now, out var openIndex, out var at))
        {
            var open = _case.OpenInstanceAt(openIndex);
            var deadline = CompiledPolicy.Deadlines[open.Deadline];
            var breach = open.Stage == 0;
            if (breach && deadline.AutomaticActions.Length > 0 && (performedFor ??= []).Add((open.Deadline, open.Instance))
                && TryPerformAutomatically(deadline, at) is { } moved)
            {
                // Due: the system moves the case by itself (an order expires), before any breach at the same moment,
                // which the move usually makes moot. The instance is then looked at again, breached if still open.
                recorded.Add(moved);
                continue;
            }

            var role = breach ? deadline.Role : deadline.Escalations[open.Stage - 1].Role;
            var roleName = CompiledPolicy.RoleName(role);
            var step = new CaseEvent(
                CaseId,
                Version + 1,
                breach ? CaseEventKind.DeadlineBreached : CaseEventKind.DeadlineEscalated,
                deadline.Name,
                at,
                null,
                roleName,
                NoFields,
                CompiledPolicy.Name,
                CompiledPolicy.Version,
                open.Instance);
            var message = breach
                ? string.Create(CultureInfo.InvariantCulture, $"{Title(deadline)} was due at {open.DueAt:yyyy-MM-dd HH:mm} UTC and has not been met: {deadline.RoleName} must {deadline.ActionName}.")
                : string.Create(CultureInfo.InvariantCulture, $"{Title(deadline)} was due at {open.DueAt:yyyy-MM-dd HH:mm} UTC and is still not met: escalated to {roleName}.");
            _pendingNotifications.Add(new Notification(
                breach ? NotificationKind.DeadlineBreached : NotificationKind.DeadlineEscalated,
                CaseId,
                CompiledPolicy.Name,
                deadline.Name,
                open.Instance,
                null,
                roleName,
                HolderOf(role),
                message,
                deadline.Citations,
                at));
            _case.ApplyDeadlineStep(step, deadline.Index);
            _pendingEvents.Add(step);
            recorded.Add(step);
        }

        return recorded;
    }

    /// <summary>
    /// Performs, as the system, the first action that happens by itself when <paramref name="deadline"/> falls due and may
    /// be performed in the case's state: recorded like any action, by the actor <see cref="SystemActorId"/>. Rules and
    /// requirements do not apply: the law ends the order, not an officer.
    /// </summary>
    private CaseEvent? TryPerformAutomatically(CompiledDeadline deadline, DateTimeOffset at)
    {
        foreach (var index in deadline.AutomaticActions)
        {
            var action = CompiledPolicy.Actions[index];
            if (_case.IsClosed || !action.Definition.FromStates.Contains(_case.StateName))
            {
                continue;
            }

            var fields = new FieldValue?[action.Fields.Length];
            var performed = new CaseEvent(
                CaseId,
                Version + 1,
                CaseEventKind.ActionPerformed,
                action.Name,
                at,
                SystemActorId,
                SystemActorId,
                action.EmptyFields,
                CompiledPolicy.Name,
                CompiledPolicy.Version);
            _case.ApplyAction(performed, action, fields);
            _pendingEvents.Add(performed);
            foreach (var (notifyRole, message) in action.Notifications)
            {
                _pendingNotifications.Add(new Notification(
                    NotificationKind.Action, CaseId, CompiledPolicy.Name, deadline.Name, 0, action.Name, CompiledPolicy.RoleName(notifyRole), HolderOf(notifyRole), message, action.Citations, at));
            }

            return performed;
        }

        return null;
    }

    /// <summary>The actor and role recorded for what the system does by itself (<c>by system ... when D is due</c>).</summary>
    public const string SystemActorId = "system";

    /// <summary>The rows of the store's due-time index for this case (what <see cref="ICaseStore.AppendAsync(CaseAppend, CancellationToken)"/> takes).</summary>
    public IReadOnlyList<DueDeadline> DueDeadlineRows() => _case.DueRows();

    /// <summary>
    /// The assignments to store for this case: role to officer. A closed case holds nobody, so it is not found when an
    /// officer's open cases are looked for.
    /// </summary>
    public IReadOnlyDictionary<string, string> AssignmentRows() =>
        _case.IsClosed ? ReadOnlyDictionary<string, string>.Empty : _case.Assignments;

    /// <summary>Performs action <paramref name="actionIndex"/> with its fields in declaration order (null = not recorded).</summary>
    protected ActionResult Perform(int actionIndex, Actor actor, ReadOnlySpan<FieldValue?> fields)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureOpened();
        if (!ReferenceEquals(CompiledPolicy, ApiPolicy))
        {
            // The typed API is the newest version's; this case runs under another, which may differ: match by name.
            var api = ApiPolicy.Actions[actionIndex];
            return CompiledPolicy.IndexOfAction(api.Name) < 0
                ? Audited(NotInVersion("action", api.Name), actor)
                : Perform(api.Name, actor, ByName(api, fields));
        }

        return PerformAt(actionIndex, actor, fields);
    }

    /// <summary>Performs action <paramref name="actionIndex"/> of the version the case runs under.</summary>
    private ActionResult PerformAt(int actionIndex, Actor actor, ReadOnlySpan<FieldValue?> fields)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureOpened();
        var action = CompiledPolicy.Actions[actionIndex];
        var now = Now;
        var refusal = ActionDecider.Decide(_case, action, actor, fields, now, Services, checkInput: true, out var role);
        if (refusal is not null)
        {
            // What was attempted and refused is kept, whatever refused it (role, assignment, state, a rule, a
            // requirement, the values given), though nothing changed: a premature closure is in the case's history.
            return Audited(ActionResult.Refused(refusal), actor);
        }

        var recordedFields = action.Fields.Length == 0 ? action.EmptyFields : new RecordedFields(action.FieldNames, fields.ToArray());
        var performed = new CaseEvent(
            CaseId,
            Version + 1,
            CaseEventKind.ActionPerformed,
            action.Name,
            now,
            actor.Id,
            CompiledPolicy.RoleName(role),
            recordedFields,
            CompiledPolicy.Name,
            CompiledPolicy.Version);
        _case.ApplyAction(performed, action, fields);
        _pendingEvents.Add(performed);
        foreach (var (notifyRole, message) in action.Notifications)
        {
            _pendingNotifications.Add(new Notification(
                NotificationKind.Action, CaseId, CompiledPolicy.Name, null, 0, action.Name, CompiledPolicy.RoleName(notifyRole), HolderOf(notifyRole), message, action.Citations, now));
        }

        return ActionResult.Accepted(performed);
    }

    /// <summary>Whether <paramref name="actor"/> may perform action <paramref name="actionIndex"/> now: role, assignment, state, and the requirements and rules that do not read its values.</summary>
    protected bool Can(int actionIndex, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!_case.IsOpened)
        {
            return false;
        }

        if (!ReferenceEquals(CompiledPolicy, ApiPolicy))
        {
            var index = CompiledPolicy.IndexOfAction(ApiPolicy.Actions[actionIndex].Name);
            return index >= 0 && CanAt(index, actor);
        }

        return CanAt(actionIndex, actor);
    }

    private bool CanAt(int actionIndex, Actor actor) =>
        ActionDecider.Decide(_case, CompiledPolicy.Actions[actionIndex], actor, default, Now, Services, checkInput: false, out _) is null;

    /// <summary>Records signal <paramref name="signalIndex"/> with its fields in declaration order.</summary>
    protected ActionResult Signal(int signalIndex, ReadOnlySpan<FieldValue?> fields)
    {
        EnsureOpened();
        if (!ReferenceEquals(CompiledPolicy, ApiPolicy))
        {
            var api = ApiPolicy.Signals[signalIndex];
            return CompiledPolicy.IndexOfSignal(api.Name) < 0 ? NotInVersion("signal", api.Name) : RaiseSignal(api.Name, ByName(api, fields));
        }

        return SignalAt(signalIndex, fields);
    }

    private ActionResult SignalAt(int signalIndex, ReadOnlySpan<FieldValue?> fields)
    {
        var signal = CompiledPolicy.Signals[signalIndex];
        if (InputValidator.Validate(signal, fields) is { } invalid)
        {
            return ActionResult.Refused(invalid);
        }

        if (_case.IsClosed)
        {
            return ActionResult.Refused(signal.ClosedRefusal);
        }

        var recordedFields = signal.Fields.Length == 0 ? signal.EmptyFields : new RecordedFields(signal.FieldNames, fields.ToArray());
        var raised = new CaseEvent(CaseId, Version + 1, CaseEventKind.SignalRaised, signal.Name, Now, null, null, recordedFields, CompiledPolicy.Name, CompiledPolicy.Version);
        _case.ApplySignal(raised, signal, fields);
        _pendingEvents.Add(raised);
        return ActionResult.Accepted(raised);
    }

    /// <summary>Overrides setting <paramref name="settingIndex"/> for this case from now on (deadlines already open keep their due times).</summary>
    protected ActionResult OverrideSetting(int settingIndex, Actor actor, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureOpened();
        if (!ReferenceEquals(CompiledPolicy, ApiPolicy))
        {
            var name = ApiPolicy.Settings[settingIndex].Name;
            return CompiledPolicy.IndexOfSetting(name) is var index and >= 0
                ? OverrideSettingAt(index, actor, value)
                : Audited(NotInVersion("setting", name), actor);
        }

        return OverrideSettingAt(settingIndex, actor, value);
    }

    private ActionResult OverrideSettingAt(int settingIndex, Actor actor, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var setting = CompiledPolicy.Settings[settingIndex];
        if ((actor.RoleMaskFor(CompiledPolicy) & setting.RoleMask) == 0)
        {
            // Changing a setting changes what a case owes: a refused change is kept, like an action's.
            return Audited(ActionResult.Refused(setting.RoleRefusal), actor);
        }

        if (InputValidator.ProblemWith(setting.Type.Kind, setting.Type, false, setting.Choice, value, setting.Name) is { } problem)
        {
            return Audited(ActionResult.Refused(new Refusal(RefusalKind.InvalidInput, problem, setting.Definition.Citations, setting.Name, Field: "value")), actor);
        }

        if (_case.IsClosed)
        {
            return Audited(ActionResult.Refused(new Refusal(RefusalKind.State, $"The case is closed, so {setting.Name} can no longer be changed.", setting.Definition.Citations, setting.Name)), actor);
        }

        var fields = new Dictionary<string, FieldValue>(1, StringComparer.Ordinal) { ["value"] = value };
        var overridden = new CaseEvent(CaseId, Version + 1, CaseEventKind.SettingOverridden, setting.Name, Now, actor.Id, null, fields, CompiledPolicy.Name, CompiledPolicy.Version);
        _case.ApplySettingOverride(overridden, settingIndex, value);
        _pendingEvents.Add(overridden);
        return ActionResult.Accepted(overridden);
    }

    private static string Title(CompiledDeadline deadline) => deadline.Title.Length == 0 ? deadline.Name : $"{deadline.Name} ({deadline.Title})";

    private string? HolderOf(int role) => CompiledPolicy.Roles[role].IsAssigned ? _case.AssignedOfficerAt(role) : null;

    private void EnsureOpened()
    {
        if (!_case.IsOpened)
        {
            throw new InvalidOperationException("Open the case or replay its events first.");
        }
    }

    /// <summary>Keeps a refused attempt by <paramref name="actor"/> in the case's record (saved with the case's next save).</summary>
    private ActionResult Audited(ActionResult refused, Actor actor)
    {
        var refusal = refused.Refusal!;
        if (!_case.IsOpened)
        {
            // Nothing to attach it to: a workflow that is not a case yet has no record.
            return refused;
        }

        _pendingAudit.Add(new AuditRecord(AuditKind.Refusal, Now, CaseId, actor.Id, null, AuditContent.Refusal(CompiledPolicy.Name, refusal, actor)));
        return refused;
    }

    private static ActionResult Unknown(string what, string name) =>
        ActionResult.Refused(new Refusal(RefusalKind.InvalidInput, $"The policy has no {what} '{name}'.", Array.Empty<Citation>(), name));

    private ActionResult NotInVersion(string what, string name) =>
        ActionResult.Refused(new Refusal(
            RefusalKind.State,
            $"This case runs under version {CompiledPolicy.Version} of {CompiledPolicy.Name}, which has no {what} '{name}'; it is in version {ApiPolicy.Version}. Migrate the case to use it.",
            Array.Empty<Citation>(),
            name));

    /// <summary>Values given in a command's field order, by field name (those not given left out).</summary>
    private static Dictionary<string, FieldValue> ByName(CompiledCommand command, ReadOnlySpan<FieldValue?> fields)
    {
        var byName = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length && i < command.FieldNames.Length; i++)
        {
            if (fields[i] is { } value)
            {
                byName[command.FieldNames[i]] = value;
            }
        }

        return byName;
    }

    private static FieldValue?[] ByPosition(CompiledCommand command, IReadOnlyDictionary<string, FieldValue>? fields, out ActionResult? unknown)
    {
        unknown = null;
        var values = new FieldValue?[command.Fields.Length];
        if (fields is null)
        {
            return values;
        }

        foreach (var (name, value) in fields)
        {
            var position = command.IndexOfField(name);
            if (position < 0)
            {
                unknown = ActionResult.Refused(new Refusal(RefusalKind.InvalidInput, $"{command.Name} does not record '{name}'.", command.Citations, command.Name, Field: name));
                return values;
            }

            values[position] = value;
        }

        return values;
    }
}
