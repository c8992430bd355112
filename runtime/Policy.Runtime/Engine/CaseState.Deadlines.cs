using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;
using Policy.Runtime.Time;

namespace Policy.Runtime.Engine;

/// <summary>Opening, meeting, stopping and escalating deadline instances.</summary>
public sealed partial class CaseState
{
    /// <summary>
    /// The time the monitor must next act on an open instance: its due time until breached, then each escalation
    /// stage's time; null once every stage has happened.
    /// </summary>
    internal DateTimeOffset? NextActionAt(in DeadlineInstance open)
    {
        var deadline = _policy.Deadlines[open.Deadline];
        if (open.PausedAt is not null)
        {
            // A stopped clock neither breaches nor escalates until it resumes.
            return null;
        }

        if (open.Stage == 0)
        {
            return open.DueAt;
        }

        return open.Stage <= deadline.Escalations.Length ? EscalationAt(open, open.Stage) : null;
    }

    /// <summary>When escalation stage <paramref name="stage"/> (1-based) happens: each stage after the one before, the first after the due time.</summary>
    internal DateTimeOffset EscalationAt(in DeadlineInstance open, int stage)
    {
        var deadline = _policy.Deadlines[open.Deadline];
        var escalations = deadline.Escalations;
        var at = open.DueAt;
        for (var i = 0; i < stage; i++)
        {
            if (escalations[i].After is { } after)
            {
                at = deadline.Add(at, after);
            }
        }

        return at;
    }

    /// <summary>The open instance whose next monitor step is earliest and not after <paramref name="now"/>.</summary>
    internal bool TryFindDueStep(DateTimeOffset now, out int openIndex, out DateTimeOffset at)
    {
        openIndex = -1;
        at = default;
        for (var i = 0; i < _openCount; i++)
        {
            if (NextActionAt(_open[i]) is { } next && next <= now && (openIndex < 0 || next < at))
            {
                openIndex = i;
                at = next;
            }
        }

        return openIndex >= 0;
    }

    internal ref readonly DeadlineInstance OpenInstanceAt(int openIndex) => ref _open[openIndex];

    /// <summary>
    /// The rows of the store's due-time index: every open instance, with the role that must meet it, and the time the
    /// monitor next acts on it (null when it has no step left, or the clock is stopped), so that work pages find
    /// overdue deadlines after their last escalation too.
    /// </summary>
    internal List<DueDeadline> DueRows()
    {
        var rows = new List<DueDeadline>(_openCount);
        for (var i = 0; i < _openCount; i++)
        {
            ref readonly var open = ref _open[i];
            var deadline = _policy.Deadlines[open.Deadline];
            rows.Add(new DueDeadline(CaseId, _policy.Name, deadline.Name, open.Instance, open.DueAt, NextActionAt(open), open.Stage, deadline.RoleName));
        }

        return rows;
    }

    /// <summary>The open deadlines as a dashboard shows them at <paramref name="now"/>.</summary>
    public IReadOnlyList<DeadlineStatus> DeadlineStatuses(DateTimeOffset now)
    {
        var result = new DeadlineStatus[_openCount];
        for (var i = 0; i < _openCount; i++)
        {
            ref readonly var open = ref _open[i];
            var deadline = _policy.Deadlines[open.Deadline];
            DeadlineStatusKind status;
            if (open.PausedAt is not null)
            {
                status = DeadlineStatusKind.Paused;
            }
            else if (now >= open.DueAt)
            {
                status = DeadlineStatusKind.Overdue;
            }
            else if (deadline.WarnBefore is { } warn
                ? deadline.Add(now, warn) >= open.DueAt
                : open.DueAt - now <= (open.DueAt - open.OpenedAt) / 4)
            {
                status = DeadlineStatusKind.DueSoon;
            }
            else
            {
                status = DeadlineStatusKind.Open;
            }

            var role = _policy.Roles[deadline.Role];
            result[i] = new DeadlineStatus(
                deadline.Name,
                deadline.Title,
                open.Instance,
                role.Name,
                role.IsAssigned ? _assigned[role.Index] : null,
                deadline.ActionName,
                open.OpenedAt,
                open.DueAt,
                open.WindowStartsAt,
                open.PausedAt is not null ? open.Left : open.DueAt - now,
                status,
                open.Stage,
                deadline.Citations);
        }

        return result;
    }

    private void Enter(int state, DateTimeOffset at)
    {
        StateIndex = state;
        _lastEntered[state] = at;
        if (_policy.States[state].IsFinal)
        {
            // Nothing is owed on a closed case: its deadlines would only be cancelled at once.
            return;
        }

        foreach (var deadline in _policy.States[state].OpensOnEntering)
        {
            Open(deadline, at);
        }

        Pause(_policy.States[state].PausesOnEntering, at);
        Resume(_policy.States[state].ResumesOnEntering, at);
    }

    private void OpenTriggered(CompiledCommand command, DateTimeOffset at)
    {
        foreach (var deadline in command.StartsWhen)
        {
            if (_openPerDeadline[deadline] == 0)
            {
                Open(deadline, at);
            }
        }

        foreach (var deadline in command.StartsEach)
        {
            Open(deadline, at);
        }
    }

    /// <summary>Opens a new instance; a deadline none of whose durations applies to this case does not open.</summary>
    private void Open(int deadline, DateTimeOffset at)
    {
        if (!TryStart(deadline, at, out var started))
        {
            return;
        }

        if (_openCount == _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
        }

        _open[_openCount++] = started;
        _openPerDeadline[deadline]++;
    }

    private bool TryStart(int deadline, DateTimeOffset at, out DeadlineInstance started)
    {
        started = default;
        var compiled = _policy.Deadlines[deadline];
        if (!TryEvaluate(compiled.Within, at, out var within) || !TryAnchor(compiled, at, out var from))
        {
            return false;
        }

        DateTimeOffset? window = null;
        if (compiled.NotBefore is { } notBefore && TryEvaluate(notBefore, at, out var delay))
        {
            window = compiled.Add(from, delay);
        }

        started = new DeadlineInstance
        {
            Deadline = deadline,
            Instance = ++_lastInstance[deadline],
            OpenedAt = at,
            DueAt = compiled.DueAt(from, within),
            WindowStartsAt = window,
            Stage = 0,
        };
        _lastDueAt[deadline] = started.DueAt;
        _latestDueAt[deadline] = started.DueAt;
        return true;
    }

    /// <summary>
    /// What the due time counts from: the moment the instance opens, or its anchor, a date-time (or the start of a date)
    /// the case has recorded or the latest due time of another deadline. False when the anchor is not recorded yet.
    /// </summary>
    private bool TryAnchor(CompiledDeadline compiled, DateTimeOffset at, out DateTimeOffset from)
    {
        from = at;
        if (compiled.AnchorDeadline >= 0)
        {
            var anchor = compiled.AnchorAtLatest ? _latestDueAt[compiled.AnchorDeadline] : _lastDueAt[compiled.AnchorDeadline];
            if (anchor is not { } due)
            {
                return false;
            }

            from = due;
            return true;
        }

        if (compiled.AnchorSlot < 0)
        {
            return true;
        }

        var recorded = _record[compiled.AnchorSlot];
        if (recorded is null)
        {
            return false;
        }

        if (recorded.Kind == ValueKind.Date && OperandValue.TryRead(ValueKind.Date, recorded.Text, out var date))
        {
            from = StartOfDate(DateOnly.FromDayNumber((int)date.Scalar), compiled.Calendar);
            return true;
        }

        if (recorded.Kind == ValueKind.DateTime && OperandValue.TryRead(ValueKind.DateTime, recorded.Text, out var instant))
        {
            from = new DateTimeOffset(instant.Scalar, TimeSpan.Zero);
            return true;
        }

        return false;
    }

    /// <summary>The instant a recorded date begins on the calendar's clock (London midnight for every calendar Policy has).</summary>
    private static DateTimeOffset StartOfDate(DateOnly date, IWorkingCalendar calendar) =>
        calendar is ZonedCalendar zoned ? zoned.StartOf(date) : new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first case of a duration whose condition holds on the case record now.</summary>
    private bool TryEvaluate(CompiledDurationCase[] cases, DateTimeOffset at, out Duration duration)
    {
        var context = new EvaluationContext(this, null, default, at, null);
        foreach (var item in cases)
        {
            if (item.When is not null && !item.When.Evaluate(context))
            {
                continue;
            }

            if (item.Fixed is { } fixedDuration)
            {
                duration = fixedDuration;
                return true;
            }

            if (item.Setting >= 0 && _settingDurations[item.Setting] is { } fromSetting)
            {
                duration = fromSetting;
                return true;
            }

            // A recorded duration applies once it is recorded, and only if it is one the calendar can count.
            if (item.FieldSlot >= 0 && _record[item.FieldSlot] is { Kind: ValueKind.Duration } recorded
                && DurationText.TryParse(recorded.Text, out var fromRecord) && fromRecord.IsWithinLimit)
            {
                duration = fromRecord;
                return true;
            }
        }

        duration = default;
        return false;
    }

    private void Meet(int deadline, CompiledAction action, ReadOnlySpan<FieldValue?> values, DateTimeOffset at)
    {
        var compiled = _policy.Deadlines[deadline];
        if (compiled.MetWhere is { } condition && !condition.Evaluate(new EvaluationContext(this, action, values, at, null)))
        {
            return;
        }

        var i = 0;
        while (i < _openCount)
        {
            ref var open = ref _open[i];
            if (open.Deadline != deadline || (open.WindowStartsAt is { } window && at < window))
            {
                i++;
                continue;
            }

            _history.Add(Closed(open, at, DeadlineOutcome.Met));
            _metCount[deadline]++;
            if (compiled.IsRecurring && TryStart(deadline, at, out var restarted))
            {
                // A recurring deadline restarts from now as its next instance, so each period is breached at most once.
                open = restarted;
                i++;
            }
            else
            {
                RemoveOpenAt(i);
            }
        }
    }

    private void CancelAll(int[] deadlines, DateTimeOffset at)
    {
        foreach (var deadline in deadlines)
        {
            if (_openPerDeadline[deadline] == 0)
            {
                continue;
            }

            var i = 0;
            while (i < _openCount)
            {
                if (_open[i].Deadline == deadline)
                {
                    _history.Add(Closed(_open[i], at, DeadlineOutcome.Cancelled));
                    RemoveOpenAt(i);
                }
                else
                {
                    i++;
                }
            }
        }
    }

    /// <summary>Stops the clock of every running instance of the deadlines, keeping the time each had left.</summary>
    private void Pause(int[] deadlines, DateTimeOffset at)
    {
        foreach (var deadline in deadlines)
        {
            for (var i = 0; i < _openCount; i++)
            {
                ref var open = ref _open[i];
                if (open.Deadline == deadline && open.PausedAt is null)
                {
                    open.PausedAt = at;
                    open.Left = TimeLeft(_policy.Deadlines[deadline], at, open.DueAt);
                    if (open.Instance == _lastInstance[deadline])
                    {
                        _latestDueAt[deadline] = null;
                    }
                }
            }
        }
    }

    /// <summary>Starts the clock of every paused instance again: due the time it had left after now (elapsed time).</summary>
    private void Resume(int[] deadlines, DateTimeOffset at)
    {
        foreach (var deadline in deadlines)
        {
            for (var i = 0; i < _openCount; i++)
            {
                ref var open = ref _open[i];
                if (open.Deadline == deadline && open.PausedAt is { } pausedAt)
                {
                    var stopped = at - pausedAt;
                    open.DueAt = DueAfterResuming(_policy.Deadlines[deadline], at, open.Left, Later(open.DueAt, stopped));
                    open.WindowStartsAt = open.WindowStartsAt is { } window ? Later(window, stopped) : null;
                    open.PausedAt = null;
                    open.Left = TimeSpan.Zero;
                    if (open.Instance == _lastInstance[deadline])
                    {
                        _latestDueAt[deadline] = open.DueAt;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The time an instance has left when its clock stops: counted time, for a deadline counted on a calendar (the days
    /// it leaves out before the due time are not time left), else elapsed time; negative when it stops overdue.
    /// </summary>
    private static TimeSpan TimeLeft(CompiledDeadline compiled, DateTimeOffset at, DateTimeOffset due) =>
        compiled.IsCounted && compiled.Calendar is Time.ZonedCalendar zoned && due > at && due < Time.ZonedCalendar.EndOfTime
            ? zoned.CountedTimeBetween(at, due)
            : due - at;

    /// <summary>
    /// The due time of an instance whose clock starts again at <paramref name="at"/> with <paramref name="left"/>: on a
    /// counted calendar, that much counted time later; else <paramref name="elapsed"/> (the old due time moved on by the
    /// time the clock stood still).
    /// </summary>
    private static DateTimeOffset DueAfterResuming(CompiledDeadline compiled, DateTimeOffset at, TimeSpan left, DateTimeOffset elapsed) =>
        compiled.IsCounted && compiled.Calendar is Time.ZonedCalendar zoned && left > TimeSpan.Zero && elapsed < Time.ZonedCalendar.EndOfTime
            ? zoned.AddCountedTime(at, left)
            : elapsed;

    /// <summary><paramref name="instant"/> moved on by <paramref name="by"/>, saturating at the end of the calendar's range.</summary>
    private static DateTimeOffset Later(DateTimeOffset instant, TimeSpan by) =>
        Time.ZonedCalendar.EndOfTime - instant <= by ? Time.ZonedCalendar.EndOfTime : instant + by;

    /// <summary>Closes as excused every open instance of the deadline the action may still excuse (its window not passed).</summary>
    private void Excuse(int deadline, DateTimeOffset at)
    {
        var compiled = _policy.Deadlines[deadline];
        var i = 0;
        while (i < _openCount)
        {
            ref readonly var open = ref _open[i];
            var inWindow = compiled.ExcuseUntil is not { } until || open.PausedAt is not null || at <= compiled.Add(open.DueAt, until);
            if (open.Deadline == deadline && inWindow)
            {
                _history.Add(Closed(open, at, DeadlineOutcome.Excused));
                RemoveOpenAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void CloseEverything(DateTimeOffset at)
    {
        for (var i = 0; i < _openCount; i++)
        {
            _history.Add(Closed(_open[i], at, DeadlineOutcome.Cancelled));
            _openPerDeadline[_open[i].Deadline]--;
        }

        _openCount = 0;
    }

    private ClosedDeadline Closed(in DeadlineInstance open, DateTimeOffset at, DeadlineOutcome outcome) =>
        new(_policy.Deadlines[open.Deadline].Name, open.Instance, open.OpenedAt, open.DueAt, at, outcome, open.Stage);

    private void RemoveOpenAt(int index)
    {
        _openPerDeadline[_open[index].Deadline]--;

        // Shift rather than swap, so instances stay in the order they opened (what dashboards and replay expect).
        Array.Copy(_open, index + 1, _open, index, _openCount - index - 1);
        _openCount--;
    }
}
