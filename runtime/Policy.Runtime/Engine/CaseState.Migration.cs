using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Versions;

namespace Policy.Runtime.Engine;

/// <summary>Moving a case to another version of its policy: what a <see cref="CaseEventKind.Migrated"/> event does.</summary>
public sealed partial class CaseState
{
    /// <summary>
    /// The case as it continues under <paramref name="target"/> after <paramref name="migrated"/>: everything it has
    /// recorded carried over by name, the state the event names, and each open deadline kept, restarted, recomputed or
    /// closed as the event's fields say (see <see cref="MigrationDecision"/>). Only the event is read, never a plan, so
    /// replay gives the same case whatever has become of the plan since.
    /// </summary>
    internal CaseState Migrated(CompiledPolicy target, CaseEvent migrated)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IsOpened || IsClosed)
        {
            throw Unexplained(migrated, "a move of an open case");
        }

        var stateName = migrated.Fields.TryGetValue(MigrationDecision.StateField, out var state) ? state.Text : null;
        var stateIndex = stateName is null ? -1 : target.IndexOfState(stateName);
        if (stateIndex < 0)
        {
            throw Unexplained(migrated, $"a state of version '{target.Version}'");
        }

        var next = new CaseState(target) { CaseId = CaseId, OpenedAt = OpenedAt };
        next.Version = Version;
        next.Advance(migrated);
        next.StateIndex = stateIndex;
        next._actors.UnionWith(_actors);
        next._history.AddRange(_history);
        CarryOver(next, target);

        var at = migrated.At;
        foreach (var open in OpenInstances)
        {
            var name = _policy.Deadlines[open.Deadline].Name;
            var into = target.IndexOfDeadline(name);
            var choice = migrated.Fields.TryGetValue(MigrationDecision.DeadlineField(name), out var recorded) && MigrationDecision.TryParseChoice(recorded.Text, out var parsed)
                ? parsed
                : into < 0 ? DeadlineMigration.Close : DeadlineMigration.Keep;
            if (into < 0 && choice != DeadlineMigration.Close)
            {
                throw Unexplained(migrated, $"what becomes of deadline '{name}', which version '{target.Version}' does not have");
            }

            switch (choice)
            {
                case DeadlineMigration.Keep:
                    next.Place(open with { Deadline = into });
                    break;
                case DeadlineMigration.Recompute:
                    next.Place(Recomputed(open, next, into));
                    break;
                case DeadlineMigration.Restart:
                    next._history.Add(Closed(open, at, DeadlineOutcome.Cancelled));
                    next.Open(into, at);
                    break;
                default:
                    next._history.Add(Closed(open, at, DeadlineOutcome.Cancelled));
                    break;
            }
        }

        foreach (var (field, value) in migrated.Fields)
        {
            if (field.StartsWith(MigrationDecision.OpenPrefix, StringComparison.Ordinal) && target.IndexOfDeadline(field[MigrationDecision.OpenPrefix.Length..]) is var opened and >= 0
                && string.Equals(value.Text, MigrationDecision.OpenValue, StringComparison.Ordinal) && next._openPerDeadline[opened] == 0)
            {
                next.Open(opened, at);
            }
        }

        if (next.IsClosed)
        {
            next.CloseEverything(at);
        }

        return next;
    }

    /// <summary>What the case has recorded, by name, into the same names of <paramref name="target"/>; what it has no name for is left behind.</summary>
    private void CarryOver(CaseState next, CompiledPolicy target)
    {
        for (var i = 0; i < _assigned.Length; i++)
        {
            if (_assigned[i] is { } officer && target.IndexOfRole(_policy.Roles[i].Name) is var role and >= 0)
            {
                next._assigned[role] = officer;
            }
        }

        for (var i = 0; i < _record.Length; i++)
        {
            if (_record[i] is { } value && target.SlotOf(_policy.RecordSlots[i]) is var slot and >= 0)
            {
                next._record[slot] = value;
            }
        }

        for (var i = 0; i < _lastEntered.Length; i++)
        {
            if (target.IndexOfState(_policy.States[i].Name) is var s and >= 0)
            {
                next._lastEntered[s] = _lastEntered[i];
            }
        }

        for (var i = 0; i < _lastPerformed.Length; i++)
        {
            if (target.IndexOfAction(_policy.Actions[i].Name) is var a and >= 0)
            {
                next._lastPerformed[a] = _lastPerformed[i];
                next._performedCount[a] = _performedCount[i];
            }
        }

        for (var i = 0; i < _settingOverrides.Length; i++)
        {
            // An override is kept where the new version has the setting with the same kind of value; else its default applies.
            if (_settingOverrides[i] is { } value && target.IndexOfSetting(_policy.Settings[i].Name) is var s and >= 0
                && target.Settings[s].Type.Kind == _policy.Settings[i].Type.Kind)
            {
                next.SetOverride(s, value);
            }
        }

        for (var i = 0; i < _lastInstance.Length; i++)
        {
            if (target.IndexOfDeadline(_policy.Deadlines[i].Name) is var d and >= 0)
            {
                next._lastInstance[d] = _lastInstance[i];
                next._lastDueAt[d] = _lastDueAt[i];
                next._latestDueAt[d] = _latestDueAt[i];
                next._breachCount[d] = _breachCount[i];
                next._metCount[d] = _metCount[i];
            }
        }
    }

    /// <summary>
    /// An open instance under the new rule: due where <paramref name="next"/>'s deadline puts it, counted from the same
    /// start (its opening, or its anchor), moved on by any time its clock has stood still. An instance the new rule
    /// cannot place (no duration applies, the anchor is not recorded) keeps its due time.
    /// </summary>
    private DeadlineInstance Recomputed(in DeadlineInstance open, CaseState next, int into)
    {
        if (!TryDueFrom(open.Deadline, open.OpenedAt, out var before) || !next.TryDueFrom(into, open.OpenedAt, out var after))
        {
            return open with { Deadline = into };
        }

        var change = after - before;
        var moved = open with { Deadline = into, DueAt = Shift(open.DueAt, change) };
        if (open.PausedAt is not null)
        {
            moved.Left = open.Left + change;
        }

        if (moved.Instance == next._lastInstance[into])
        {
            next._lastDueAt[into] = Shift(next._lastDueAt[into] ?? open.DueAt, change);
            next._latestDueAt[into] = open.PausedAt is null ? moved.DueAt : null;
        }

        return moved;
    }

    /// <summary>The due time an instance of <paramref name="deadline"/> opened at <paramref name="at"/> would have, from this case's record.</summary>
    private bool TryDueFrom(int deadline, DateTimeOffset at, out DateTimeOffset due)
    {
        due = default;
        var compiled = _policy.Deadlines[deadline];
        if (!TryEvaluate(compiled.Within, at, out var within) || !TryAnchor(compiled, at, out var from))
        {
            return false;
        }

        due = compiled.DueAt(from, within);
        return true;
    }

    private static DateTimeOffset Shift(DateTimeOffset instant, TimeSpan by)
    {
        if (by >= TimeSpan.Zero)
        {
            return Later(instant, by);
        }

        return instant - DateTimeOffset.MinValue <= -by ? DateTimeOffset.MinValue : instant + by;
    }

    /// <summary>Puts an instance carried over from the old version among the open ones.</summary>
    private void Place(in DeadlineInstance instance)
    {
        if (_openCount == _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
        }

        _open[_openCount++] = instance;
        _openPerDeadline[instance.Deadline]++;
    }
}
