using System.Globalization;
using Policy.Definitions;
using Policy.Runtime.Availability;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;
using Policy.Runtime.Explanations;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Cli.Scenarios;

/// <summary>
/// Runs a scenario on the real runtime with a simulated clock: opens a case, lets time pass so that deadlines
/// breach and escalate at their scheduled times, performs the steps, and checks the expectations as it reaches them.
/// </summary>
internal sealed class ScenarioRunner
{
    private readonly Scenario _scenario;
    private PolicyDefinition _policy;
    private readonly SimulatedClock _clock;
    private readonly AbsenceRegister _absences = new();
    private readonly PolicyWorkflow _workflow;
    private readonly List<TimelineEntry> _timeline = new();
    private AccessDecision? _lastRead;
    private readonly List<CaseEvent> _events = new();
    private readonly List<ScenarioFailure> _failures = new();
    private readonly List<ScenarioDiagnostic> _errors = new();
    private readonly Dictionary<string, OfficerDeclaration> _officers;
    private readonly ScenarioOfficers _register;
    private HashSet<(string Deadline, int Instance)> _open = new();
    private HashSet<(string Deadline, int Instance)> _paused = new();
    private DateTimeOffset _now;
    private ActionResult? _last;
    private int _stepsNotRun;

    private ScenarioRunner(Scenario scenario, PolicyDefinition policy)
    {
        _scenario = scenario;
        _policy = policy;
        _now = scenario.StartInstant;
        _clock = new SimulatedClock(_now);
        _officers = scenario.Officers.GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _register = new ScenarioOfficers(_officers);
        _workflow = new PolicyWorkflow(CompiledPolicy.Compile(policy)) { TimeProvider = _clock, Availability = _absences, OfficerRoles = _register, Caseloads = _register };
    }

    public static ScenarioOutcome Run(Scenario scenario, PolicyDefinition policy)
    {
        var runner = new ScenarioRunner(scenario, policy);
        runner.RunAll();
        return new ScenarioOutcome(scenario, runner._timeline, runner._failures, runner._errors, runner._stepsNotRun);
    }

    private void RunAll()
    {
        _workflow.OpenCase("scenario");
        Collect();
        foreach (var setting in _scenario.Settings)
        {
            var definition = _policy.Settings.FirstOrDefault(s => s.Name == setting.Name);
            if (definition is null)
            {
                Error(setting.Position, "SCN0010", $"The policy has no setting named '{setting.Name}'. Its settings: {Names(_policy.Settings.Select(s => s.Name))}.");
                continue;
            }

            if (Convert(setting.Value, definition.Type, setting.Position) is { } value)
            {
                // The scenario changes the setting as the policy allows: in the roles that may change it (refused if none may).
                Record(_workflow.OverrideSetting(setting.Name, new Actor("scenario", definition.ChangedBy.ToArray()), value), $"setting {setting.Name} = {setting.Value.Text}");
            }
        }

        for (var index = 0; index < _scenario.Steps.Count; index++)
        {
            if (_failures.Count > 0 || _errors.Count > 0)
            {
                // The first failing step ends the story: what follows it would be told of a case that has gone wrong.
                _stepsNotRun = _scenario.Steps.Count - index;
                _timeline.Add(new TimelineEntry(_clock.GetUtcNow(), "stopped", $"the scenario stopped at its first failure: {_stepsNotRun} later step(s) not run"));
                return;
            }

            var step = _scenario.Steps[index];
            if (step is ExpectStep expect)
            {
                Check(expect);
                continue;
            }

            var time = step switch
            {
                ActionStep a => a.Time,
                SignalStep s => s.Time,
                AbsenceStep a => a.Time,
                ReadStep r => r.Time,
                CaseloadStep c => c.Time,
                MigrateStep m => m.Time,
                WaitStep w => w.Time,
                _ => throw new InvalidOperationException("Unknown step."),
            };
            if (!AdvanceTo(time, step.Position))
            {
                continue;
            }

            switch (step)
            {
                case ActionStep action:
                    Perform(action);
                    break;
                case SignalStep signal:
                    Raise(signal);
                    break;
                case AbsenceStep absence:
                    Absent(absence);
                    break;
                case ReadStep read:
                    Read(read);
                    break;
                case MigrateStep migrate:
                    Migrate(migrate);
                    break;
                case CaseloadStep caseload:
                    _register.Caseloads[caseload.Officer] = caseload.Caseload;
                    _timeline.Add(new TimelineEntry(_clock.GetUtcNow(), "caseload", $"{caseload.Officer} holds a caseload of {caseload.Caseload.ToString(CultureInfo.InvariantCulture)} on other open cases", caseload.Officer));
                    break;
            }
        }
    }

    // ---- Time -------------------------------------------------------------------------------------------------

    private bool AdvanceTo(ScenarioTime time, ScenarioPosition position)
    {
        var target = time.Resolve(_scenario.StartLocal, _now);
        if (target < _now)
        {
            Error(position, "SCN0012", $"{time} is {Describe(target)}, before the previous step at {Describe(_now)}. Steps must not go back in time.");
            return false;
        }

        _now = target;
        _clock.MoveTo(target);
        _workflow.RecordDueDeadlines();
        Collect();
        return true;
    }

    private static string Describe(DateTimeOffset instant) => Commands.ScenarioLoading.Local(instant);

    /// <summary>
    /// Why the open instance is due when it is, from the runtime's own account (<see cref="DeadlineExplanations"/>, the
    /// one the applications show): what started it, the duration and where it came from, what it counts from, the
    /// calendar and the days it skipped, and the clause.
    /// </summary>
    private string Why(string deadline, int instance)
    {
        var status = _workflow.Case.DeadlineStatuses(_clock.GetUtcNow()).FirstOrDefault(s => s.Deadline == deadline && s.Instance == instance);
        if (status is null || DeadlineExplanations.Explain(_workflow.CompiledPolicy, _events, status, _workflow.Versions) is not { } why)
        {
            return string.Empty;
        }

        var start = why.Start;
        var by = start.ActorId is null ? string.Empty : $" by {start.ActorId}";
        var started = start.Trigger switch
        {
            TriggerKind.OnEntering => $"on entering {start.Name}" + (start.EventName is null || start.EventName == start.Name ? by : $" ({start.EventName}{by})"),
            TriggerKind.Recurring => "as it recurs",
            _ => $"when {start.Name} happened{by}",
        };
        var text = new System.Text.StringBuilder($"; why: it started {started} at {Describe(start.At)}; within {why.Within}");
        if (why.WithinSetting is { } setting)
        {
            text.Append($" (the setting {setting})");
        }
        else if (why.WithinField is { } field)
        {
            text.Append($" (as recorded in {field})");
        }

        if (why.WithinCondition is not null)
        {
            text.Append(" (the duration whose 'when' held)");
        }

        if (why.Anchor is { } anchor)
        {
            text.Append(anchor.Kind == AnchorKind.Field ? $" from {anchor.Name}" : $" from {anchor.Name}'s due time");
            text.Append($", {Describe(why.CountedFrom)}");
        }

        text.Append(why.FromDay switch
        {
            DayBoundary.Start => ", beginning with the day",
            DayBoundary.End => ", from the end of the day",
            _ => string.Empty,
        });
        text.Append($", counted on {why.Calendar}");
        if (why.SkipsDays && why.SkippedDays.Count > 0)
        {
            const int Listed = 6;
            var days = why.SkippedDays.Take(Listed).Select(d => $"{d.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)} ({d.Reason})");
            text.Append(", skipping ").Append(string.Join(", ", days));
            if (why.SkippedDays.Count > Listed)
            {
                text.Append(CultureInfo.InvariantCulture, $" and {why.SkippedDays.Count - Listed} more");
            }
        }

        if (why.PausedFor > TimeSpan.Zero)
        {
            text.Append(CultureInfo.InvariantCulture, $"; its clock has stood still for {why.PausedFor}");
        }

        foreach (var citation in why.Citations)
        {
            text.Append($"; {citation.SourceId} \"{citation.Clause}\"");
        }

        return text.ToString();
    }

    // ---- Steps ------------------------------------------------------------------------------------------------

    private void Perform(ActionStep step)
    {
        var action = _policy.Actions.FirstOrDefault(a => a.Name == step.Action);
        if (action is null)
        {
            Error(step.Position, "SCN0010", $"The policy has no action named '{step.Action}'. Its actions: {Names(_policy.Actions.Select(a => a.Name))}.");
            return;
        }

        if (!_officers.TryGetValue(step.Officer, out var officer))
        {
            return;
        }

        if (Fields(step.Fields, action.Fields, step.Position) is not { } fields)
        {
            return;
        }

        var roles = step.AsRole is null ? officer.Roles : new[] { step.AsRole };
        var who = step.AsRole is null ? officer.Name : $"{officer.Name} as {step.AsRole}";
        Record(_workflow.Perform(action.Name, new Actor(officer.Name, roles), fields), $"{who} does {action.Name}");
    }

    /// <summary>A read of the case, decided by the policy's access rules as the runtime's CaseService decides it.</summary>
    private void Read(ReadStep step)
    {
        if (!_officers.TryGetValue(step.Officer, out var officer))
        {
            return;
        }

        var reader = new Actor(officer.Name, officer.Roles);
        var at = _clock.GetUtcNow();
        var decision = _workflow.CompiledPolicy.Access?.Decide(_workflow, reader, step.Purpose) ?? new AccessDecision(true, -1, null, null, null);
        _lastRead = decision;
        var absent = !_absences.IsAvailable(officer.Name, at) ? ", while recorded as absent," : string.Empty;
        var text = decision switch
        {
            { Allowed: false } => $"{officer.Name} tried to read the case for \"{step.Purpose}\": refused: {decision.Message}",
            { IsFlagged: true } => $"{officer.Name}{absent} read the case for \"{step.Purpose}\": flagged to the {decision.FlaggedTo}",
            _ => $"{officer.Name} read the case for \"{step.Purpose}\"",
        };
        _timeline.Add(new TimelineEntry(at, decision.Allowed ? "read" : "refused", text, officer.Name, decision.Allowed ? decision.FlaggedTo : "Access"));
    }

    private void Raise(SignalStep step)
    {
        var signal = _policy.Signals.FirstOrDefault(s => s.Name == step.Signal);
        if (signal is null)
        {
            Error(step.Position, "SCN0010", $"The policy has no signal named '{step.Signal}'. Its signals: {Names(_policy.Signals.Select(s => s.Name))}.");
            return;
        }

        if (Fields(step.Fields, signal.Fields, step.Position) is { } fields)
        {
            Record(_workflow.RaiseSignal(signal.Name, fields), $"signal {signal.Name}");
        }
    }

    private void Absent(AbsenceStep step)
    {
        var from = _clock.GetUtcNow();
        DateTimeOffset? until = step.Until is null ? null : step.Until.Resolve(_scenario.StartLocal, _now);
        var absence = new OfficerAbsence(step.Officer, from, until, IsConfirmed: true, Reason: "scenario");
        _absences.RecordAsync(absence).GetAwaiter().GetResult();
        _timeline.Add(new TimelineEntry(from, "absence", $"{step.Officer} is absent" + (until is { } u ? $" until {Describe(u)}" : string.Empty), step.Officer));

        // The runtime's case service raises these on every case the officer holds a role in; here there is one case.
        foreach (var signal in _policy.Signals.Where(s => s.AbsenceOfRole is { } role && _workflow.AssignedOfficer(role) == step.Officer))
        {
            Record(_workflow.RaiseSignal(signal.Name, AbsenceSignalFields.For(signal, absence)), $"signal {signal.Name} (absence of the {signal.AbsenceOfRole})");
        }
    }

    /// <summary>
    /// Moves the case to the version in <see cref="MigrateStep.PolicyPath"/> as the plan says, as an administrator would
    /// with <c>policy migrate apply</c>: the same decision, recorded as the same event.
    /// </summary>
    private void Migrate(MigrateStep step)
    {
        var folder = Path.GetDirectoryName(_scenario.Path) ?? ".";
        var policyPath = Path.Combine(folder, step.PolicyPath);
        var planPath = Path.Combine(folder, step.PlanPath);
        if (!File.Exists(policyPath) || !File.Exists(planPath))
        {
            Error(step.Position, "SCN0013", $"'{(File.Exists(policyPath) ? step.PlanPath : step.PolicyPath)}' does not exist (paths are relative to the scenario). Write the plan with 'policy migrate plan'.");
            return;
        }

        var compilation = Language.PolicyCompiler.Compile(policyPath, File.ReadAllText(policyPath));
        if (compilation.Definition is not { } definition)
        {
            Error(step.Position, "SCN0013", $"{step.PolicyPath} has errors; fix them first (see 'policy check {step.PolicyPath}').");
            return;
        }

        var plan = MigrationPlan.Parse(File.ReadAllText(planPath), out var problems);
        var target = CompiledPolicy.Compile(definition);
        var misfits = plan?.Validate(_workflow.CompiledPolicy, target) ?? [];
        if (plan is null || misfits.Count > 0)
        {
            Error(step.Position, "SCN0013", string.Join(" ", problems.Concat(misfits).Select(p => p.Format(step.PlanPath))));
            return;
        }

        try
        {
            _workflow.Versions = new PolicyVersions([_workflow.CompiledPolicy, target]);
        }
        catch (ArgumentException exception)
        {
            Error(step.Position, "SCN0013", $"{step.PolicyPath} is not another version of {_policy.Name}: {exception.Message}");
            return;
        }

        var result = _workflow.Migrate(plan, target, new Actor("migration", "Migration"));
        Record(result, $"migrate to {target.Version}");
        if (result.IsAccepted)
        {
            _policy = definition;
        }
    }

    private void Record(ActionResult result, string what)
    {
        _last = result;
        if (result.Refusal is { } refusal)
        {
            var rule = refusal.RuleName is null ? string.Empty : $" by rule {refusal.RuleName}";
            _timeline.Add(new TimelineEntry(_clock.GetUtcNow(), "refused", $"{what}: refused{rule} ({refusal.Kind}): {refusal.Message}", refusal.RuleName, refusal.Kind.ToString()));
        }

        Collect();
    }

    /// <summary>Moves the workflow's new events into the timeline, with the deadlines they opened and closed.</summary>
    private void Collect()
    {
        foreach (var e in _workflow.PendingEvents)
        {
            _events.Add(e);
            _timeline.Add(e.Kind switch
            {
                CaseEventKind.Opened => new TimelineEntry(e.At, "opened", $"case opened in {e.Name}", e.Name),
                CaseEventKind.ActionPerformed => new TimelineEntry(e.At, "action", $"{e.ActorId} ({e.Role}) did {e.Name}{FieldsText(e.Fields)}", e.Name, e.Role),
                CaseEventKind.SignalRaised => new TimelineEntry(e.At, "signal", $"signal {e.Name}{FieldsText(e.Fields)}", e.Name),
                CaseEventKind.DeadlineBreached => new TimelineEntry(e.At, "breached", $"deadline {e.Name} breached", e.Name),
                CaseEventKind.DeadlineEscalated => new TimelineEntry(e.At, "escalated", $"deadline {e.Name} escalated to the {e.Role}", e.Name, e.Role),
                CaseEventKind.SettingOverridden => new TimelineEntry(e.At, "setting", $"setting {e.Name} overridden{FieldsText(e.Fields)}", e.Name),
                CaseEventKind.Migrated => new TimelineEntry(e.At, "migrated", $"case moved from version {e.Fields["from"].Text} to {e.Name}, in {e.Fields["state"].Text}", e.Name),
                _ => new TimelineEntry(e.At, e.Kind.ToString(), e.Name, e.Name),
            });
        }

        var open = _workflow.OpenDeadlines.ToDictionary(d => (d.Deadline, d.Instance));
        foreach (var key in open.Keys.Where(k => !_open.Contains(k)))
        {
            var d = open[key];
            _timeline.Add(new TimelineEntry(d.OpenedAt, "deadline opened", $"deadline {d.Deadline} opened: the {d.Role} must {d.Action} by {Describe(d.DueAt)}{Why(d.Deadline, d.Instance)}", d.Deadline));
        }

        foreach (var closed in _workflow.DeadlineHistory.Where(c => _open.Contains((c.Deadline, c.Instance))))
        {
            var how = closed.Outcome switch
            {
                DeadlineOutcome.Met => closed.WasLate ? "met late" : "met",
                DeadlineOutcome.Excused => "excused",
                _ => "cancelled",
            };
            _timeline.Add(new TimelineEntry(closed.ClosedAt, "deadline " + (closed.Outcome == DeadlineOutcome.Met ? "met" : how), $"deadline {closed.Deadline} {how}", closed.Deadline));
        }

        // A clock that stopped or started again since the last look: paused, or resumed with its new due time.
        foreach (var (key, d) in open)
        {
            var paused = d.Status == DeadlineStatusKind.Paused;
            if (_paused.Contains(key) != paused)
            {
                _timeline.Add(new TimelineEntry(_clock.GetUtcNow(), paused ? "deadline paused" : "deadline resumed", paused
                    ? $"deadline {d.Deadline} paused with {Left(d.Remaining)} left"
                    : $"deadline {d.Deadline} resumed: due {Describe(d.DueAt)}", d.Deadline));
            }
        }

        _paused = new HashSet<(string, int)>(open.Where(o => o.Value.Status == DeadlineStatusKind.Paused).Select(o => o.Key));
        _open = new HashSet<(string, int)>(open.Keys);
        _workflow.MarkSaved();
    }

    private static string Left(TimeSpan left) =>
        left < TimeSpan.Zero ? "none (it was overdue)" : left.TotalHours >= 48 ? $"{left.TotalDays:0.#} days" : left.TotalMinutes >= 120 ? $"{left.TotalHours:0.#} hours" : $"{left.TotalMinutes:0} minutes";

    private static string FieldsText(IReadOnlyDictionary<string, FieldValue>? fields) =>
        fields is null || fields.Count == 0
            ? string.Empty
            : " (" + string.Join(", ", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} = {ValueText(f.Value)}")) + ")";

    /// <summary>A recorded value as a policy owner reads it: date-times in London time, a choice with its option's fields.</summary>
    private static string ValueText(FieldValue value) => value.Kind switch
    {
        ValueKind.DateTime when DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            => Describe(at),
        ValueKind.Choice => value.Text + FieldsText(value.Fields),
        _ => value.Text,
    };

    // ---- Values -----------------------------------------------------------------------------------------------

    private Dictionary<string, FieldValue>? Fields(IReadOnlyList<FieldAssignment> given, IReadOnlyList<FieldDefinition> declared, ScenarioPosition position)
    {
        var result = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var ok = true;
        foreach (var assignment in given)
        {
            var field = declared.FirstOrDefault(f => f.Name == assignment.Field);
            if (field is null)
            {
                Error(assignment.Position, "SCN0010", $"'{assignment.Field}' is not recorded here. The fields are: {Names(declared.Select(f => f.Name))}.");
                ok = false;
                continue;
            }

            if (Convert(assignment.Value, field.Type, assignment.Position) is { } value)
            {
                result[field.Name] = value;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private FieldValue? Convert(ScenarioValue value, Definitions.ValueType type, ScenarioPosition position)
    {
        FieldValue? Mismatch()
        {
            Error(position, "SCN0011", $"'{value.Text}' is not a {type} value. {Example(type)}");
            return null;
        }

        switch (type.Kind)
        {
            case ValueKind.Text:
                return value.Kind == ScenarioValueKind.Text ? FieldValues.Text(value.Text) : Mismatch();
            case ValueKind.Number:
                return value.Kind == ScenarioValueKind.Number && decimal.TryParse(value.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ? FieldValues.Number(number) : Mismatch();
            case ValueKind.YesNo:
                return value.Kind == ScenarioValueKind.Name && value.Text is "yes" or "no" ? FieldValues.YesNo(value.Text == "yes") : Mismatch();
            case ValueKind.Date:
                return value.Kind == ScenarioValueKind.Date && DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? FieldValues.Date(date) : Mismatch();
            case ValueKind.DateTime:
                return value.Kind == ScenarioValueKind.DateTime && DateTime.TryParseExact(value.Text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? FieldValues.DateTime(LondonTime.ToInstant(local)) : Mismatch();
            case ValueKind.Duration:
                return value.Kind == ScenarioValueKind.Duration && FieldValues.TryParseDuration(value.Text, out var duration) ? FieldValues.Duration(duration) : Mismatch();
            case ValueKind.Officer:
                if (value.Kind != ScenarioValueKind.Name)
                {
                    return Mismatch();
                }

                if (!_officers.ContainsKey(value.Text))
                {
                    Error(position, "SCN0004", $"No officer is declared as '{value.Text}'. Add a line such as: officer {value.Text} \"Name\" is OIC");
                    return null;
                }

                return FieldValues.Officer(value.Text);
            default:
                var choice = _policy.Choices.First(c => c.Name == type.ChoiceName);
                var option = choice.Options.FirstOrDefault(o => o.Name == value.Text);
                if (value.Kind != ScenarioValueKind.Name || option is null)
                {
                    Error(position, "SCN0010", $"'{value.Text}' is not an option of {choice.Name}. Its options: {Names(choice.Options.Select(o => o.Name))}.");
                    return null;
                }

                if (option.Fields.Count == 0)
                {
                    return FieldValues.Choice(option.Name);
                }

                var inner = Fields(value.Fields ?? Array.Empty<FieldAssignment>(), option.Fields, position);
                return inner is null ? null : FieldValues.Choice(option.Name, inner);
        }
    }

    private static string Example(Definitions.ValueType type) => type.Kind switch
    {
        ValueKind.Text => "Write text in quotes.",
        ValueKind.Number => "Write a number such as 3 or 2.5.",
        ValueKind.YesNo => "Write yes or no.",
        ValueKind.Date => "Write a date such as 2025-03-05.",
        ValueKind.DateTime => "Write a date and time such as 2025-03-05 10:00.",
        ValueKind.Duration => "Write a duration such as 7 days or 1 working day.",
        _ => "Write the name of one of its options.",
    };

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private void Error(ScenarioPosition position, string id, string message) => _errors.Add(new ScenarioDiagnostic(id, position, message));

    // ---- Expectations -------------------------------------------------------------------------------------------

    private void Check(ExpectStep step)
    {
        switch (step.Expectation)
        {
            case StateExpectation state:
                if (_policy.States.All(s => s.Name != state.State))
                {
                    Error(step.Position, "SCN0010", $"The policy has no state named '{state.State}'. Its states: {Names(_policy.States.Select(s => s.Name))}.");
                    return;
                }

                Expect(step, _workflow.StateName == state.State, $"the case to be {state.State}", $"it is {_workflow.StateName}");
                break;
            case AcceptedExpectation:
                Expect(step, _last is { IsAccepted: true }, "the last step to be accepted", _last?.Refusal is { } r ? $"it was refused ({r.Kind}): {r.Message}" : "there was no step");
                break;
            case RefusedExpectation refused:
                CheckRefused(step, refused);
                break;
            case ReadExpectation read:
                CheckRead(step, read);
                break;
            case DeadlineStatusExpectation status:
                if (KnownDeadline(step, status.Deadline))
                {
                    CheckStatus(step, status);
                }

                break;
            case DeadlineDueExpectation due:
                if (KnownDeadline(step, due.Deadline))
                {
                    var at = due.At.Resolve(_scenario.StartLocal, _now);
                    var open = _workflow.OpenDeadlines.Where(d => d.Deadline == due.Deadline).ToList();
                    Expect(step, open.Any(d => d.DueAt == at), $"deadline {due.Deadline} to be due at {Describe(at)}", open.Count == 0 ? "it is not open" : "it is due at " + string.Join(" and ", open.Select(d => Describe(d.DueAt))));
                }

                break;
            case DeadlineBreachedExpectation breached:
                if (KnownDeadline(step, breached.Deadline) && PassTo(breached.At, step.Position) is { } breachAt)
                {
                    var events = _events.Where(e => e.Kind == CaseEventKind.DeadlineBreached && e.Name == breached.Deadline).ToList();
                    Expect(step, events.Any(e => e.At == breachAt), $"deadline {breached.Deadline} to be breached at {Describe(breachAt)}", events.Count == 0 ? "it was not breached" : "it was breached at " + string.Join(" and ", events.Select(e => Describe(e.At))));
                }

                break;
            case DeadlineEscalatedExpectation escalated:
                if (KnownDeadline(step, escalated.Deadline) && PassTo(escalated.At, step.Position) is { } escalatedAt)
                {
                    var events = _events.Where(e => e.Kind == CaseEventKind.DeadlineEscalated && e.Name == escalated.Deadline).ToList();
                    Expect(
                        step,
                        events.Any(e => e.At == escalatedAt && e.Role == escalated.Role),
                        $"deadline {escalated.Deadline} to be escalated to the {escalated.Role} at {Describe(escalatedAt)}",
                        events.Count == 0 ? "it was not escalated" : "it was escalated " + string.Join(" and ", events.Select(e => $"to the {e.Role} at {Describe(e.At)}")));
                }

                break;
        }
    }

    /// <summary>Lets time pass to the expectation's time when it is later than now; returns that instant.</summary>
    private DateTimeOffset? PassTo(ScenarioTime time, ScenarioPosition position)
    {
        var target = time.Resolve(_scenario.StartLocal, _now);
        if (target > _now && !AdvanceTo(time, position))
        {
            return null;
        }

        return target;
    }

    private bool KnownDeadline(ExpectStep step, string name)
    {
        if (_policy.Deadlines.Any(d => d.Name == name))
        {
            return true;
        }

        Error(step.Position, "SCN0010", $"The policy has no deadline named '{name}'. Its deadlines: {Names(_policy.Deadlines.Select(d => d.Name))}.");
        return false;
    }

    private void CheckRead(ExpectStep step, ReadExpectation expected)
    {
        if (_lastRead is not { } read)
        {
            Expect(step, false, $"the last read to be {expected.Outcome}", "no officer has read the case");
            return;
        }

        var actual = read switch
        {
            { Allowed: false } => $"it was refused: \"{read.Message}\"",
            { IsFlagged: true } => $"it was allowed and flagged to the {read.FlaggedTo}",
            _ => "it was allowed and not flagged",
        };
        var holds = expected.Outcome switch
        {
            "allowed" => read.Allowed && !read.IsFlagged,
            "flagged" => read.IsFlagged && read.FlaggedTo == expected.FlaggedTo,
            _ => !read.Allowed && (expected.MessageContains is null || read.Message!.Contains(expected.MessageContains, StringComparison.Ordinal)),
        };
        var wanted = expected.Outcome switch
        {
            "flagged" => $"the last read to be flagged to the {expected.FlaggedTo}",
            "refused" when expected.MessageContains is { } words => $"the last read to be refused saying \"{words}\"",
            _ => $"the last read to be {expected.Outcome}",
        };
        Expect(step, holds, wanted, actual);
    }

    private void CheckRefused(ExpectStep step, RefusedExpectation expected)
    {
        if (_last?.Refusal is not { } refusal)
        {
            Expect(step, false, "the last step to be refused", _last is null ? "there was no step" : "it was accepted");
            return;
        }

        var kind = refusal.Kind switch
        {
            RefusalKind.Role => "role",
            RefusalKind.NotAssigned => "assignment",
            RefusalKind.State => "state",
            RefusalKind.Rule => "rule",
            RefusalKind.Precondition => "requirement",
            RefusalKind.Qualification => "qualification",
            _ => "input",
        };
        var actual = $"it was refused by {kind}{(refusal.RuleName is null ? string.Empty : " " + refusal.RuleName)}: \"{refusal.Message}\"";
        if (expected.Kind is not null && expected.Kind != kind)
        {
            Expect(step, false, $"a refusal by {expected.Kind}", actual);
        }
        else if (expected.Rule is not null && expected.Rule != refusal.RuleName)
        {
            Expect(step, false, $"a refusal by rule {expected.Rule}", actual);
        }
        else if (expected.MessageContains is not null && !refusal.Message.Contains(expected.MessageContains, StringComparison.OrdinalIgnoreCase))
        {
            Expect(step, false, $"a refusal saying \"{expected.MessageContains}\"", actual);
        }
        else
        {
            Expect(step, true, "the last step to be refused" + (expected.Kind is null ? string.Empty : $" by {expected.Kind}{(expected.Rule is null ? string.Empty : " " + expected.Rule)}"), actual);
        }
    }

    private void CheckStatus(ExpectStep step, DeadlineStatusExpectation expected)
    {
        var open = _workflow.OpenDeadlines.Where(d => d.Deadline == expected.Deadline).ToList();
        var closed = _workflow.DeadlineHistory.Where(d => d.Deadline == expected.Deadline).ToList();
        var breached = _events.Any(e => e.Kind == CaseEventKind.DeadlineBreached && e.Name == expected.Deadline);
        var holds = expected.Status switch
        {
            "met in time" => closed.Any(d => d.Outcome == DeadlineOutcome.Met && !d.WasLate) && !breached,
            "open" => open.Count > 0,
            "due soon" => open.Any(d => d.Status == DeadlineStatusKind.DueSoon),
            "overdue" => open.Any(d => d.Status == DeadlineStatusKind.Overdue),
            "met" => closed.Any(d => d.Outcome == DeadlineOutcome.Met),
            "cancelled" => closed.Any(d => d.Outcome == DeadlineOutcome.Cancelled),
            "excused" => closed.Any(d => d.Outcome == DeadlineOutcome.Excused),
            "paused" => open.Any(d => d.Status == DeadlineStatusKind.Paused),
            "closed" => open.Count == 0,
            _ => breached,
        };
        var actual = open.Count > 0
            ? "it is " + string.Join(" and ", open.Select(d => $"{Status(d.Status)}, due {Describe(d.DueAt)}"))
            : closed.Count > 0 ? "it was " + string.Join(" and ", closed.Select(d => d.Outcome.ToString().ToLowerInvariant())) : "it never opened";
        if (breached && expected.Status is "breached" or "met in time")
        {
            actual += " (it was breached)";
        }

        Expect(
            step,
            holds != expected.Negated,
            expected.Status == "met in time" ? $"deadline {expected.Deadline} to be met in time" : $"deadline {expected.Deadline} {(expected.Negated ? "not " : string.Empty)}to be {expected.Status}",
            actual);
    }

    private static string Status(DeadlineStatusKind status) => status switch
    {
        DeadlineStatusKind.DueSoon => "due soon",
        DeadlineStatusKind.Overdue => "overdue",
        DeadlineStatusKind.Paused => "paused",
        _ => "open",
    };

    private void Expect(ExpectStep step, bool holds, string expected, string actual)
    {
        _timeline.Add(new TimelineEntry(_clock.GetUtcNow(), holds ? "expect ok" : "expect failed", (holds ? "as expected: " : "NOT as expected: ") + expected + (holds ? string.Empty : "; " + actual)));
        if (!holds)
        {
            _failures.Add(new ScenarioFailure(step.Position, expected, actual));
        }
    }
}

/// <summary>
/// The scenario's officers as the application's registers would give them: the roles on each officer line, and the caseloads
/// that <c>has caseload</c> lines set (0 until one does); an officer the scenario does not declare holds no role.
/// </summary>
internal sealed class ScenarioOfficers(IReadOnlyDictionary<string, OfficerDeclaration> officers) : IOfficerRoles, IOfficerCaseloads
{
    public Dictionary<string, decimal> Caseloads { get; } = new(StringComparer.Ordinal);

    public bool HoldsRole(string officerId, string role) => officers.TryGetValue(officerId, out var officer) && officer.Roles.Contains(role, StringComparer.Ordinal);

    public decimal? CaseloadOf(string officerId) =>
        Caseloads.TryGetValue(officerId, out var caseload) ? caseload : officers.ContainsKey(officerId) ? 0m : null;
}
