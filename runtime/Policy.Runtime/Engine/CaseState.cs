using System.Globalization;
using System.Text;
using Policy.Definitions;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>
/// Everything the policy needs to know about one case, rebuilt by replaying its <see cref="CaseEvent"/>s: the state,
/// the officers assigned, the latest value of each recorded field, when each state was entered and each action
/// performed, the open deadlines and their history, and the settings overridden for the case.
/// Live changes go through the same apply methods as replay, so the two cannot differ.
/// </summary>
public sealed partial class CaseState
{
    private readonly CompiledPolicy _policy;
    private readonly string?[] _assigned;
    private readonly FieldValue?[] _record;
    private readonly DateTimeOffset?[] _lastEntered;
    private readonly DateTimeOffset?[] _lastPerformed;
    private readonly FieldValue?[] _settingOverrides;
    private readonly OperandValue[] _settingValues;
    private readonly Duration?[] _settingDurations;
    private readonly int[] _openPerDeadline;
    private readonly int[] _lastInstance;
    private readonly DateTimeOffset?[] _lastDueAt;

    // The latest instance's due time with the time its clock stood still added; null while that instance is paused.
    private readonly DateTimeOffset?[] _latestDueAt;
    private readonly int[] _performedCount;
    private readonly int[] _breachCount;
    private readonly int[] _metCount;
    private readonly List<ClosedDeadline> _history = [];

    // Every officer who has performed an action, recorded a signal or changed a setting on the case: "has acted before".
    private readonly HashSet<string> _actors = new(StringComparer.Ordinal);
    private DeadlineInstance[] _open = new DeadlineInstance[4];
    private int _openCount;
    private FieldValue?[]? _replayScratch;

    public CaseState(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _assigned = new string?[policy.RoleCount];
        _record = new FieldValue?[policy.RecordSlots.Length];
        _lastEntered = new DateTimeOffset?[policy.StateCount];
        _lastPerformed = new DateTimeOffset?[policy.ActionCount];
        _settingOverrides = new FieldValue?[policy.SettingCount];
        _settingValues = new OperandValue[policy.SettingCount];
        _settingDurations = new Duration?[policy.SettingCount];
        for (var i = 0; i < policy.SettingCount; i++)
        {
            _settingValues[i] = policy.Settings[i].DefaultOperand;
            _settingDurations[i] = policy.Settings[i].DefaultDuration;
        }

        _openPerDeadline = new int[policy.DeadlineCount];
        _lastInstance = new int[policy.DeadlineCount];
        _lastDueAt = new DateTimeOffset?[policy.DeadlineCount];
        _latestDueAt = new DateTimeOffset?[policy.DeadlineCount];
        _performedCount = new int[policy.ActionCount];
        _breachCount = new int[policy.DeadlineCount];
        _metCount = new int[policy.DeadlineCount];
    }

    /// <summary>The policy the case runs under.</summary>
    public CompiledPolicy Policy => _policy;

    /// <summary>The case's identifier; empty until it is opened.</summary>
    public string CaseId { get; private set; } = string.Empty;

    /// <summary>The version of the last event applied; 0 before the case is opened.</summary>
    public long Version { get; private set; }

    /// <summary>True once the <see cref="CaseEventKind.Opened"/> event has been applied.</summary>
    public bool IsOpened => Version > 0;

    /// <summary>The index of the current state; -1 before the case is opened.</summary>
    public int StateIndex { get; private set; } = -1;

    /// <summary>The current state's name; empty before the case is opened.</summary>
    public string StateName => StateIndex < 0 ? string.Empty : _policy.States[StateIndex].Name;

    /// <summary>True when the case is in a final state: nothing more can be done on it.</summary>
    public bool IsClosed => StateIndex >= 0 && _policy.States[StateIndex].IsFinal;

    /// <summary>When the case was opened.</summary>
    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>When the last event happened.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    /// <summary>The officer assigned to <paramref name="role"/> on this case, or null.</summary>
    public string? AssignedOfficer(string role) => _policy.IndexOfRole(role) is var i and >= 0 ? _assigned[i] : null;

    /// <summary>The latest value recorded for <paramref name="field"/> by any action or signal, or null.</summary>
    public FieldValue? Recorded(string field) => _policy.SlotOf(field) is var slot and >= 0 ? _record[slot] : null;

    /// <summary>When the case last entered <paramref name="state"/>, or null if it never has.</summary>
    public DateTimeOffset? LastEntered(string state) => _policy.IndexOfState(state) is var i and >= 0 ? _lastEntered[i] : null;

    /// <summary>When <paramref name="action"/> was last performed on the case, or null if never.</summary>
    public DateTimeOffset? LastPerformed(string action) => _policy.IndexOfAction(action) is var i and >= 0 ? _lastPerformed[i] : null;

    /// <summary>The value overriding <paramref name="setting"/> on this case, or null when the default applies.</summary>
    public FieldValue? SettingOverride(string setting) => _policy.IndexOfSetting(setting) is var i and >= 0 ? _settingOverrides[i] : null;

    /// <summary>The value of <paramref name="setting"/> on this case: its override, else the policy's default.</summary>
    public FieldValue SettingValue(string setting)
    {
        var i = _policy.IndexOfSetting(setting);
        if (i < 0)
        {
            throw new ArgumentException($"Policy '{_policy.Name}' has no setting '{setting}'.", nameof(setting));
        }

        return SettingValueAtIndex(i);
    }

    /// <summary>True when an instance of <paramref name="deadline"/> is open.</summary>
    public bool IsDeadlineOpen(string deadline) => _policy.IndexOfDeadline(deadline) is var i and >= 0 && _openPerDeadline[i] > 0;

    /// <summary>The open deadline instances, in the order they opened.</summary>
    public IReadOnlyList<OpenDeadline> OpenDeadlines
    {
        get
        {
            var result = new OpenDeadline[_openCount];
            for (var i = 0; i < _openCount; i++)
            {
                ref readonly var open = ref _open[i];
                result[i] = new OpenDeadline(_policy.Deadlines[open.Deadline].Name, open.Instance, open.OpenedAt, open.DueAt, open.WindowStartsAt, open.Stage);
            }

            return result;
        }
    }

    /// <summary>Deadline instances that were met or cancelled, in the order they closed.</summary>
    public IReadOnlyList<ClosedDeadline> DeadlineHistory => _history;

    /// <summary>The officer assigned to each assigned role that has one, by role name.</summary>
    public IReadOnlyDictionary<string, string> Assignments
    {
        get
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < _assigned.Length; i++)
            {
                if (_assigned[i] is { } officer)
                {
                    result[_policy.Roles[i].Name] = officer;
                }
            }

            return result;
        }
    }

    internal ReadOnlySpan<DeadlineInstance> OpenInstances => _open.AsSpan(0, _openCount);

    internal string? AssignedOfficerAt(int role) => _assigned[role];

    /// <summary>True when the officer has performed an action, recorded a signal or changed a setting on this case.</summary>
    public bool HasActed(string officerId) => _actors.Contains(officerId);

    /// <summary>True when the officer holds an assigned role on this case or has acted on it.</summary>
    public bool IsInvolved(string officerId)
    {
        foreach (var assigned in _assigned)
        {
            if (string.Equals(assigned, officerId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return _actors.Contains(officerId);
    }

    internal FieldValue? RecordedAt(int slot) => _record[slot];

    internal DateTimeOffset? LastEnteredAt(int state) => _lastEntered[state];

    internal DateTimeOffset? LastPerformedAt(int action) => _lastPerformed[action];

    internal bool IsDeadlineOpen(int deadline) => _openPerDeadline[deadline] > 0;

    /// <summary>True when an open instance of the deadline is past its due time at <paramref name="now"/>.</summary>
    internal bool IsDeadlineOverdue(int deadline, DateTimeOffset now)
    {
        for (var i = 0; i < _openCount; i++)
        {
            if (_open[i].Deadline == deadline && _open[i].DueAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many instances of the deadline have been breached on this case.</summary>
    internal int BreachCount(int deadline) => _breachCount[deadline];

    /// <summary>How many instances of the deadline have been met on this case.</summary>
    internal int MetCount(int deadline) => _metCount[deadline];

    /// <summary>How many times the action has been performed on this case.</summary>
    internal int PerformedCount(int action) => _performedCount[action];

    internal OperandValue SettingValueAt(int setting) => _settingValues[setting];

    internal Duration? SettingDurationAt(int setting) => _settingDurations[setting];

    internal FieldValue SettingValueAtIndex(int setting) => _settingOverrides[setting] ?? _policy.Settings[setting].DefaultValue;

    /// <summary>
    /// Applies a stored event. Events must come in version order for this case; an event the policy cannot explain
    /// (an unknown action, a version out of order) means the store or the policy is wrong, and throws.
    /// </summary>
    public void Apply(CaseEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        switch (recorded.Kind)
        {
            case CaseEventKind.Opened:
                ApplyOpened(recorded);
                break;
            case CaseEventKind.ActionPerformed:
            {
                var index = _policy.IndexOfAction(recorded.Name);
                if (index < 0)
                {
                    throw Unexplained(recorded, "an action");
                }

                var action = _policy.Actions[index];
                ApplyAction(recorded, action, ValuesOf(action, recorded.Fields));
                break;
            }

            case CaseEventKind.SignalRaised:
            {
                var index = _policy.IndexOfSignal(recorded.Name);
                if (index < 0)
                {
                    throw Unexplained(recorded, "a signal");
                }

                var signal = _policy.Signals[index];
                ApplySignal(recorded, signal, ValuesOf(signal, recorded.Fields));
                break;
            }

            case CaseEventKind.SettingOverridden:
            {
                var index = _policy.IndexOfSetting(recorded.Name);
                if (index < 0 || !recorded.Fields.TryGetValue("value", out var value))
                {
                    throw Unexplained(recorded, "a setting");
                }

                ApplySettingOverride(recorded, index, value);
                break;
            }

            case CaseEventKind.DeadlineBreached:
            case CaseEventKind.DeadlineEscalated:
            {
                var index = _policy.IndexOfDeadline(recorded.Name);
                if (index < 0)
                {
                    throw Unexplained(recorded, "a deadline");
                }

                ApplyDeadlineStep(recorded, index);
                break;
            }

            case CaseEventKind.Migrated:
                // The case continues in another state object, under another version: the workflow replays it.
                throw new InvalidOperationException($"Event {recorded.Version} of case '{recorded.CaseId}' moves it to version '{recorded.Name}'; replay it through a PolicyWorkflow, which changes the version.");
            default:
                throw Unexplained(recorded, "a known kind of event");
        }
    }

    internal void ApplyOpened(CaseEvent recorded)
    {
        if (Version != 0 || recorded.Version != 1)
        {
            throw new InvalidOperationException($"Case '{recorded.CaseId}' can only be opened once, by its first event.");
        }

        CaseId = recorded.CaseId;
        Advance(recorded);
        OpenedAt = recorded.At;
        Enter(_policy.InitialState, recorded.At);
    }

    internal void ApplyAction(CaseEvent recorded, CompiledAction action, ReadOnlySpan<FieldValue?> values)
    {
        Advance(recorded);
        var at = recorded.At;
        Record(action, values);
        _lastPerformed[action.Index] = at;
        _performedCount[action.Index]++;

        // Assign first, so deadlines this action opens already know who holds their role.
        foreach (var (role, position) in action.Assignments)
        {
            if (values[position] is { } officer)
            {
                _assigned[role] = officer.Text;
            }
        }

        // Meet before moving or opening anything, so an action never meets a deadline it has just started.
        foreach (var deadline in action.Meets)
        {
            if (_openPerDeadline[deadline] > 0)
            {
                Meet(deadline, action, values, at);
            }
        }

        foreach (var deadline in action.Excuses)
        {
            if (_openPerDeadline[deadline] > 0)
            {
                Excuse(deadline, at);
            }
        }

        CancelAll(action.Stops, at);
        Pause(action.Pauses, at);
        Resume(action.Resumes, at);

        if (action.ToState >= 0)
        {
            var leaving = _policy.States[StateIndex];
            CancelAll(leaving.StopsOnLeaving, at);
            Pause(leaving.PausesOnLeaving, at);
            Resume(leaving.ResumesOnLeaving, at);
            Enter(action.ToState, at);
        }

        if (IsClosed)
        {
            CloseEverything(at);
            return;
        }

        OpenTriggered(action, at);
    }

    internal void ApplySignal(CaseEvent recorded, CompiledSignal signal, ReadOnlySpan<FieldValue?> values)
    {
        Advance(recorded);
        Record(signal, values);
        CancelAll(signal.Stops, recorded.At);
        Pause(signal.Pauses, recorded.At);
        Resume(signal.Resumes, recorded.At);
        if (!IsClosed)
        {
            OpenTriggered(signal, recorded.At);
        }
    }

    internal void ApplySettingOverride(CaseEvent recorded, int setting, FieldValue value)
    {
        Advance(recorded);
        SetOverride(setting, value);
    }

    /// <summary>Overrides a setting, and works out the operand and duration conditions and deadlines read it as.</summary>
    private void SetOverride(int setting, FieldValue value)
    {
        var kind = _policy.Settings[setting].Type.Kind;
        _settingOverrides[setting] = value;
        _settingValues[setting] = OperandValue.From(value, kind);
        _settingDurations[setting] = kind == ValueKind.Duration && DurationText.TryParse(value.Text, out var duration)
            ? duration
            : _policy.Settings[setting].DefaultDuration;
    }

    internal void ApplyDeadlineStep(CaseEvent recorded, int deadline)
    {
        Advance(recorded);
        for (var i = 0; i < _openCount; i++)
        {
            ref var open = ref _open[i];
            if (open.Deadline == deadline && open.Instance == recorded.Instance)
            {
                if (recorded.Kind == CaseEventKind.DeadlineBreached && open.Stage == 0)
                {
                    _breachCount[deadline]++;
                }

                open.Stage = recorded.Kind == CaseEventKind.DeadlineBreached ? Math.Max(open.Stage, 1) : open.Stage + 1;
                return;
            }
        }
    }

    private void Advance(CaseEvent recorded)
    {
        if (recorded.Version != Version + 1)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Event {recorded.Version} of case '{recorded.CaseId}' does not follow version {Version}."));
        }

        // Deadline steps are the monitor's and migrations the administrator's, not an officer's work on the case; every
        // other event with an actor is that officer acting.
        if (recorded.ActorId is { Length: > 0 } actor && recorded.Kind is not (CaseEventKind.DeadlineBreached or CaseEventKind.DeadlineEscalated or CaseEventKind.Migrated))
        {
            _actors.Add(actor);
        }

        if (Version > 0 && !string.Equals(recorded.CaseId, CaseId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"An event of case '{recorded.CaseId}' cannot be applied to case '{CaseId}'.");
        }

        Version = recorded.Version;
        LastEventAt = recorded.At;
    }

    private void Record(CompiledCommand command, ReadOnlySpan<FieldValue?> values)
    {
        var fields = command.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (values[i] is { } value)
            {
                _record[fields[i].Slot] = value;
            }
        }
    }

    /// <summary>An event's fields by the command's field positions; live events carry them so, stored ones by name.</summary>
    private ReadOnlySpan<FieldValue?> ValuesOf(CompiledCommand command, IReadOnlyDictionary<string, FieldValue> fields)
    {
        if (fields is RecordedFields recorded && ReferenceEquals(recorded.Names, command.FieldNames))
        {
            return recorded.ByPosition;
        }

        _replayScratch ??= new FieldValue?[Math.Max(1, _policy.MaxFieldCount)];
        var values = _replayScratch.AsSpan(0, command.Fields.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = fields.TryGetValue(command.FieldNames[i], out var value) ? value : null;
        }

        return values;
    }

    private static InvalidOperationException Unexplained(CaseEvent recorded, string what) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Event {recorded.Version} of case '{recorded.CaseId}' ({recorded.Kind} '{recorded.Name}') does not name {what} of policy '{recorded.PolicyName}'."));

    /// <summary>Everything in the state, written out in a fixed order: two states are the same exactly when these are equal.</summary>
    internal string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"case={CaseId} version={Version} state={StateName} opened={OpenedAt:O} last={LastEventAt:O}\n");
        for (var i = 0; i < _assigned.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"assigned {_policy.Roles[i].Name}={_assigned[i]}\n");
        }

        for (var i = 0; i < _record.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"record {_policy.RecordSlots[i]}={DescribeValue(_record[i])}\n");
        }

        for (var i = 0; i < _lastEntered.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"entered {_policy.States[i].Name}={_lastEntered[i]:O}\n");
        }

        for (var i = 0; i < _lastPerformed.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"performed {_policy.Actions[i].Name}={_lastPerformed[i]:O} times={_performedCount[i]}\n");
        }

        for (var i = 0; i < _settingOverrides.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"setting {_policy.Settings[i].Name}={DescribeValue(_settingOverrides[i])}\n");
        }

        for (var i = 0; i < _openCount; i++)
        {
            var open = _open[i];
            text.Append(CultureInfo.InvariantCulture, $"open {_policy.Deadlines[open.Deadline].Name}#{open.Instance} {open.OpenedAt:O} {open.DueAt:O} {open.WindowStartsAt:O} stage={open.Stage} paused={open.PausedAt:O} left={open.Left.Ticks}\n");
        }

        for (var i = 0; i < _lastInstance.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"instances {_policy.Deadlines[i].Name}={_lastInstance[i]} open={_openPerDeadline[i]} lastDue={_lastDueAt[i]?.UtcTicks} latestDue={_latestDueAt[i]?.UtcTicks} breached={_breachCount[i]} met={_metCount[i]}\n");
        }

        foreach (var closed in _history)
        {
            text.Append(CultureInfo.InvariantCulture, $"closed {closed}\n");
        }

        foreach (var actor in _actors.Order(StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"acted {actor}\n");
        }

        return text.ToString();
    }

    private static string DescribeValue(FieldValue? value)
    {
        if (value is null)
        {
            return "-";
        }

        if (value.Fields is null || value.Fields.Count == 0)
        {
            return $"{value.Kind}:{value.Text}";
        }

        var parts = new List<string>();
        foreach (var (name, inner) in value.Fields)
        {
            parts.Add(name + "=" + DescribeValue(inner));
        }

        parts.Sort(StringComparer.Ordinal);
        return $"{value.Kind}:{value.Text}({string.Join(",", parts)})";
    }
}
