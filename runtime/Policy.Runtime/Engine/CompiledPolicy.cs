using System.Globalization;
using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>
/// A <see cref="PolicyDefinition"/> prepared for enforcement, built once and shared by every case: every name is an
/// index, each action knows its roles, states, rules and deadlines, conditions are bound, refusals are prebuilt.
/// </summary>
public sealed class CompiledPolicy
{
    private readonly Dictionary<string, int> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _deadlines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledChoice> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeclaredCalendar> _calendars = new(StringComparer.Ordinal);

    private CompiledPolicy(PolicyDefinition definition, IWorkingCalendar? calendar)
    {
        Definition = definition;
        foreach (var declared in definition.Calendars)
        {
            _calendars[declared.Name] = new DeclaredCalendar(declared);
        }

        Calendar = calendar ?? CalendarNamed(definition.Calendar);
        Name = definition.Name;
        Version = definition.Version;

        if (definition.Roles.Count > 64)
        {
            throw new ArgumentException($"Policy '{definition.Name}' has {definition.Roles.Count} roles; the runtime supports at most 64.", nameof(definition));
        }

        States = Index(definition.States, _states, s => s.Name, (i, s) => new CompiledState(i, s));
        Roles = Index(definition.Roles, _roles, r => r.Name, (i, r) => new CompiledRole(i, r));
        Index(definition.Settings, _settings, s => s.Name, (i, _) => i);
        Index(definition.Deadlines, _deadlines, d => d.Name, (i, _) => i);
        Index(definition.Actions, _actions, a => a.Name, (i, _) => i);
        Index(definition.Signals, _signals, s => s.Name, (i, _) => i);

        InitialState = -1;
        foreach (var state in States)
        {
            if (state.Definition.IsInitial)
            {
                InitialState = state.Index;
                break;
            }
        }

        if (InitialState < 0)
        {
            throw new ArgumentException($"Policy '{definition.Name}' has no initial state.", nameof(definition));
        }

        CompileChoices();

        // Every top-level field name of an action or signal gets one slot of the case record.
        var slotNames = new List<string>();
        foreach (var action in definition.Actions)
        {
            AddSlots(action.Fields, slotNames);
        }

        foreach (var signal in definition.Signals)
        {
            AddSlots(signal.Fields, slotNames);
        }

        RecordSlots = slotNames.ToArray();

        Settings = new CompiledSetting[definition.Settings.Count];
        for (var i = 0; i < Settings.Length; i++)
        {
            Settings[i] = CompileSetting(i, definition.Settings[i]);
        }

        Actions = new CompiledAction[definition.Actions.Count];
        for (var i = 0; i < Actions.Length; i++)
        {
            Actions[i] = new CompiledAction(i, definition.Actions[i], CompileFields(definition.Actions[i].Fields), RecordSlots.Length);
        }

        Signals = new CompiledSignal[definition.Signals.Count];
        for (var i = 0; i < Signals.Length; i++)
        {
            Signals[i] = new CompiledSignal(i, definition.Signals[i], CompileFields(definition.Signals[i].Fields), RecordSlots.Length);
        }

        Deadlines = new CompiledDeadline[definition.Deadlines.Count];
        for (var i = 0; i < Deadlines.Length; i++)
        {
            Deadlines[i] = CompileDeadline(i, definition.Deadlines[i]);
        }

        foreach (var action in Actions)
        {
            CompileAction(action);
        }

        foreach (var deadline in Deadlines)
        {
            deadline.AutomaticActions = Actions.Where(a => a.Definition.WhenDue == deadline.Name).Select(a => a.Index).ToArray();
        }

        foreach (var action in Actions.Where(a => a.Definition.WhenDue is { } due && !_deadlines.ContainsKey(due)))
        {
            throw new ArgumentException($"Action '{action.Name}' happens when deadline '{action.Definition.WhenDue}' is due, but the policy declares no such deadline.", nameof(definition));
        }

        foreach (var signal in Signals)
        {
            CompileCommandDeadlines(signal);
            signal.AbsenceOfRole = signal.Definition.AbsenceOfRole is { } role ? RequireIndex(_roles, role, "role") : -1;
            signal.ClosedRefusal = new Refusal(
                RefusalKind.State,
                $"The case is closed, so the signal {signal.Name} can no longer be raised on it.",
                Array.Empty<Citation>(),
                signal.Name);
        }

        foreach (var state in States)
        {
            var opens = new List<int>();
            var stops = new List<int>();
            foreach (var deadline in Deadlines)
            {
                var trigger = deadline.Definition.Trigger;
                if (trigger.Kind is TriggerKind.OnEntering or TriggerKind.Recurring && trigger.Name == state.Name)
                {
                    opens.Add(deadline.Index);
                }

                // A recurring deadline lives only while its state does, whether or not the compiler wrote that down.
                if (deadline.Definition.StopsOnLeaving == state.Name || (trigger.Kind == TriggerKind.Recurring && trigger.Name == state.Name))
                {
                    stops.Add(deadline.Index);
                }
            }

            state.OpensOnEntering = opens.ToArray();
            state.StopsOnLeaving = stops.ToArray();
            state.PausesOnEntering = ClockDeadlines(c => c.Pauses, ClockEventKind.Entering, state.Name);
            state.ResumesOnEntering = ClockDeadlines(c => c.Resumes, ClockEventKind.Entering, state.Name);
            state.PausesOnLeaving = ClockDeadlines(c => c.Pauses, ClockEventKind.Leaving, state.Name);
            state.ResumesOnLeaving = ClockDeadlines(c => c.Resumes, ClockEventKind.Leaving, state.Name);
        }

        foreach (var rule in definition.Rules)
        {
            var condition = Bind(rule.Condition);
            foreach (var forbidden in rule.Forbidden)
            {
                var action = Actions[RequireIndex(_actions, forbidden, "action")];
                var refusal = new Refusal(RefusalKind.Rule, rule.Message, rule.Citations, action.Name, rule.Name);
                action.Rules = [.. action.Rules, new CompiledRule(rule, condition, refusal, ReadsFieldOf(rule.Condition, action))];
            }
        }

        Access = definition.Access is { } access ? CaseAccess.Compile(access, this) : null;
        if (definition.Caseload is { } caseload)
        {
            _caseloadWeights = caseload.Cases.Select(c => (c.Weight, c.When is null ? null : Bind(c.When))).ToArray();
        }

        UsesCaseloads = definition.Actions.Any(a => a.Requirements.Any(r => ReadsCaseload(r.Condition))) || definition.Rules.Any(r => ReadsCaseload(r.Condition));

        foreach (var action in Actions)
        {
            MaxFieldCount = Math.Max(MaxFieldCount, action.Fields.Length);
        }

        foreach (var signal in Signals)
        {
            MaxFieldCount = Math.Max(MaxFieldCount, signal.Fields.Length);
        }
    }

    /// <summary>The policy as written.</summary>
    public PolicyDefinition Definition { get; }

    private readonly (decimal Weight, CompiledCondition? When)[]? _caseloadWeights;

    /// <summary>True when some requirement or rule reads <c>caseload of</c>: deciding its actions needs officers' caseloads.</summary>
    public bool UsesCaseloads { get; }

    /// <summary>
    /// What the case weighs in the caseload of each officer assigned a role on it: 0 once it is closed (or before it opens),
    /// otherwise the first of the policy's <c>caseload weight</c> cases that holds on the case's latest values (1 without one).
    /// </summary>
    public decimal CaseloadWeight(CaseState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsOpened || state.IsClosed)
        {
            return 0;
        }

        if (_caseloadWeights is null)
        {
            return 1;
        }

        var context = new EvaluationContext(state, null, default, now, null);
        foreach (var (weight, when) in _caseloadWeights)
        {
            if (when is null || when.Evaluate(context))
            {
                return weight;
            }
        }

        // The checker requires a last case without a condition, so this is reached only by a definition written by hand.
        return 1;
    }

    private static bool ReadsCaseload(Condition condition) => AnyOperand(condition, static operand => operand is CaseloadOperand);

    /// <summary>Who may read the policy's cases and why (its <c>access</c> block); null when the policy says nothing, and anyone may read giving a purpose.</summary>
    public CaseAccess? Access { get; }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The policy's version label.</summary>
    public string Version { get; }

    /// <summary>The calendar durations are added on.</summary>
    public IWorkingCalendar Calendar { get; }

    /// <summary>The calendars the policy declares (<c>calendar PaceDays { counts … }</c>), by name: those its deadlines are counted on.</summary>
    public IReadOnlyDictionary<string, DeclaredCalendar> DeclaredCalendars => _calendars;

    /// <summary>The index of the initial state.</summary>
    public int InitialState { get; }

    public int StateCount => States.Length;

    public int ActionCount => Actions.Length;

    public int RoleCount => Roles.Length;

    public int SignalCount => Signals.Length;

    public int SettingCount => Settings.Length;

    public int DeadlineCount => Deadlines.Length;

    internal CompiledState[] States { get; }
    internal CompiledRole[] Roles { get; }
    internal CompiledAction[] Actions { get; }
    internal CompiledSignal[] Signals { get; }
    internal CompiledSetting[] Settings { get; }
    internal CompiledDeadline[] Deadlines { get; }

    /// <summary>The field names of the case record, by slot.</summary>
    internal string[] RecordSlots { get; }

    /// <summary>The most fields any action or signal records; sizes scratch buffers for replay.</summary>
    internal int MaxFieldCount { get; }

    /// <summary>
    /// Prepares a policy. <paramref name="calendar"/> overrides the calendar the policy names (for tests and
    /// simulations); without it the policy's calendar comes from <see cref="WorkingCalendars"/>, and a policy that names
    /// none counts calendar days only.
    /// </summary>
    /// <exception cref="ArgumentException">The definition names something it does not declare, or an unknown calendar.</exception>
    public static CompiledPolicy Compile(PolicyDefinition definition, IWorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new CompiledPolicy(definition, calendar);
    }

    public int IndexOfState(string name) => _states.TryGetValue(name, out var i) ? i : -1;

    public int IndexOfAction(string name) => _actions.TryGetValue(name, out var i) ? i : -1;

    public int IndexOfRole(string name) => _roles.TryGetValue(name, out var i) ? i : -1;

    public int IndexOfSignal(string name) => _signals.TryGetValue(name, out var i) ? i : -1;

    public int IndexOfSetting(string name) => _settings.TryGetValue(name, out var i) ? i : -1;

    public int IndexOfDeadline(string name) => _deadlines.TryGetValue(name, out var i) ? i : -1;

    public string StateName(int index) => States[index].Name;

    public string ActionName(int index) => Actions[index].Name;

    public string RoleName(int index) => Roles[index].Name;

    public string SignalName(int index) => Signals[index].Name;

    public string SettingName(int index) => Settings[index].Name;

    public string DeadlineName(int index) => Deadlines[index].Name;

    public override string ToString() => Version.Length == 0 ? Name : $"{Name} {Version}";

    internal int SlotOf(string field) => _slots.TryGetValue(field, out var slot) ? slot : -1;

    private static T[] Index<TDefinition, T>(IReadOnlyList<TDefinition> items, Dictionary<string, int> map, Func<TDefinition, string> name, Func<int, TDefinition, T> create)
    {
        var result = new T[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!map.TryAdd(name(items[i]), i))
            {
                throw new ArgumentException($"The name '{name(items[i])}' is declared twice.", nameof(items));
            }

            result[i] = create(i, items[i]);
        }

        return result;
    }

    private int RequireIndex(Dictionary<string, int> map, string name, string what) =>
        map.TryGetValue(name, out var index)
            ? index
            : throw new ArgumentException($"Policy '{Definition.Name}' names the {what} '{name}', which it does not declare.");

    private void AddSlots(IReadOnlyList<FieldDefinition> fields, List<string> slotNames)
    {
        foreach (var field in fields)
        {
            if (_slots.TryAdd(field.Name, slotNames.Count))
            {
                slotNames.Add(field.Name);
            }
        }
    }

    private void CompileChoices()
    {
        // Options may carry fields of other choices, so create every choice before binding option fields.
        var pending = new List<(ChoiceDefinition Definition, CompiledOption[] Options)>();
        foreach (var choice in Definition.Choices)
        {
            var options = new CompiledOption[choice.Options.Count];
            _choices[choice.Name] = new CompiledChoice(choice.Name, options);
            pending.Add((choice, options));
        }

        foreach (var (choice, options) in pending)
        {
            for (var i = 0; i < options.Length; i++)
            {
                var option = choice.Options[i];
                var fields = new CompiledField[option.Fields.Count];
                for (var f = 0; f < fields.Length; f++)
                {
                    fields[f] = new CompiledField(option.Fields[f], -1, ChoiceOf(option.Fields[f].Type));
                }

                options[i] = new CompiledOption(option.Name, fields);
            }
        }
    }

    private CompiledChoice? ChoiceOf(Definitions.ValueType type)
    {
        if (type.Kind != ValueKind.Choice)
        {
            return null;
        }

        return type.ChoiceName is not null && _choices.TryGetValue(type.ChoiceName, out var choice)
            ? choice
            : throw new ArgumentException($"Policy '{Definition.Name}' uses the choice '{type.ChoiceName}', which it does not declare.");
    }

    private CompiledField[] CompileFields(IReadOnlyList<FieldDefinition> fields)
    {
        var result = new CompiledField[fields.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new CompiledField(fields[i], _slots[fields[i].Name], ChoiceOf(fields[i].Type));
        }

        return result;
    }

    private CompiledSetting CompileSetting(int index, SettingDefinition setting)
    {
        var value = setting.DefaultValue;
        var kind = setting.Type.Kind;
        FieldValue recorded = kind switch
        {
            ValueKind.Duration when value.Duration is { } d => FieldValues.Duration(d)!,
            ValueKind.DateTime when OperandValue.TryRead(kind, value.Text, out var instant) =>
                FieldValues.DateTime(new DateTimeOffset(instant.Scalar, TimeSpan.Zero))!,
            ValueKind.Choice => FieldValues.Choice(value.Text),
            _ => new FieldValue(kind, value.Text),
        };
        var operand = OperandValue.From(recorded, kind);
        Duration? duration = kind == ValueKind.Duration && DurationText.TryParse(recorded.Text, out var parsed) ? parsed : null;
        var mask = 0UL;
        foreach (var role in setting.ChangedBy)
        {
            mask |= 1UL << RequireIndex(_roles, role, "role");
        }

        var refusal = setting.ChangedBy.Count == 0
            ? $"{setting.Name} is fixed by the policy: no role may change it on a case."
            : $"Only {string.Join(" or ", setting.ChangedBy)} may change {setting.Name}.";
        return new CompiledSetting(index, setting, recorded, operand, duration)
        {
            Choice = ChoiceOf(setting.Type),
            RoleMask = mask,
            RoleRefusal = new Refusal(RefusalKind.Role, refusal, setting.Citations, setting.Name),
        };
    }

    /// <summary>A calendar the policy declares, else a built-in one; null gives the calendar of a policy that names none.</summary>
    private IWorkingCalendar CalendarNamed(string? name) =>
        name is not null && _calendars.TryGetValue(name, out var declared) ? declared : WorkingCalendars.Get(name);

    private CompiledDeadline CompileDeadline(int index, DeadlineDefinition definition)
    {
        var deadline = new CompiledDeadline(index, definition)
        {
            Role = RequireIndex(_roles, definition.Role, "role"),
            Action = RequireIndex(_actions, definition.Action, "action"),
            MetWhere = definition.MetWhere is null ? null : Bind(definition.MetWhere),
            Within = BindDuration(definition.Within),
            NotBefore = definition.NotBefore is null ? null : BindDuration(definition.NotBefore),
            Calendar = definition.CountedOn is { } countedOn ? CalendarNamed(countedOn) : Calendar,
            IsCounted = definition.CountedOn is not null,
        };
        var escalations = new CompiledEscalation[definition.Escalations.Count];
        for (var i = 0; i < escalations.Length; i++)
        {
            var stage = definition.Escalations[i];
            escalations[i] = new CompiledEscalation(RequireIndex(_roles, stage.Role, "role"), stage.Role, stage.After);
        }

        deadline.Escalations = escalations;
        if (definition.From is { } from)
        {
            if (from.Kind == AnchorKind.Field)
            {
                deadline.AnchorSlot = RequireIndex(_slots, from.Name, "recorded date or date-time");
            }
            else
            {
                deadline.AnchorDeadline = RequireIndex(_deadlines, from.Name, "deadline");
            }
        }

        return deadline;
    }

    private CompiledDurationCase[] BindDuration(DurationExpression expression)
    {
        var cases = new CompiledDurationCase[expression.Cases.Count];
        for (var i = 0; i < cases.Length; i++)
        {
            var item = expression.Cases[i];
            cases[i] = new CompiledDurationCase(
                item.Fixed,
                item.Setting is null ? -1 : RequireIndex(_settings, item.Setting, "setting"),
                item.When is null ? null : Bind(item.When),
                item.Field is null ? -1 : RequireIndex(_slots, item.Field, "recorded duration"));
        }

        return cases;
    }

    private void CompileAction(CompiledAction action)
    {
        var definition = action.Definition;
        var roles = new int[definition.Roles.Count];
        var mask = 0UL;
        var assignedRoles = new List<string>();
        for (var i = 0; i < roles.Length; i++)
        {
            roles[i] = RequireIndex(_roles, definition.Roles[i], "role");
            mask |= 1UL << roles[i];
            if (Roles[roles[i]].IsAssigned)
            {
                assignedRoles.Add(definition.Roles[i]);
            }
        }

        action.Roles = roles;
        action.RoleMask = mask;

        var allowed = new bool[States.Length];
        foreach (var from in definition.FromStates)
        {
            allowed[RequireIndex(_states, from, "state")] = true;
        }

        action.AllowedFrom = allowed;
        action.ToState = definition.ToState is null ? -1 : RequireIndex(_states, definition.ToState, "state");

        var requirements = new CompiledCondition[definition.Requirements.Count];
        var requirementRefusals = new Refusal[requirements.Length];
        for (var i = 0; i < requirements.Length; i++)
        {
            var requirement = definition.Requirements[i];
            requirements[i] = Bind(requirement.Condition);
            requirementRefusals[i] = new Refusal(RefusalKind.Precondition, requirement.Message, requirement.Citations, action.Name);
        }

        action.Requirements = requirements;
        action.RequirementRefusals = requirementRefusals;
        action.RequirementReadsInput = new bool[requirements.Length];
        for (var i = 0; i < requirements.Length; i++)
        {
            action.RequirementReadsInput[i] = ReadsFieldOf(definition.Requirements[i].Condition, action);
        }

        var assignments = new (int, int)[definition.Assignments.Count];
        for (var i = 0; i < assignments.Length; i++)
        {
            var assignment = definition.Assignments[i];
            var position = action.IndexOfField(assignment.Field);
            if (position < 0)
            {
                throw new ArgumentException($"Action '{action.Name}' assigns {assignment.Role} from '{assignment.Field}', which it does not record.");
            }

            assignments[i] = (RequireIndex(_roles, assignment.Role, "role"), position);
        }

        action.Assignments = assignments;
        action.AssignmentRefusals = new Refusal[assignments.Length];
        for (var i = 0; i < assignments.Length; i++)
        {
            var assignment = definition.Assignments[i];
            var role = Roles[assignments[i].Item1];
            var message = assignment.Message
                ?? $"The officer recorded as {assignment.Field} does not hold the role {role.Name} ({role.Definition.Title}), so cannot be made this case's {role.Name}. Choose an officer who holds it.";
            action.AssignmentRefusals[i] = new Refusal(RefusalKind.Qualification, message, assignment.Citations ?? [], action.Name, Field: assignment.Field);
        }

        var notifications = new (int, string)[definition.Notifications.Count];
        for (var i = 0; i < notifications.Length; i++)
        {
            notifications[i] = (RequireIndex(_roles, definition.Notifications[i].Role, "role"), definition.Notifications[i].Message);
        }

        action.Notifications = notifications;

        var meets = new List<int>();
        foreach (var deadline in Deadlines)
        {
            if (deadline.Action == action.Index)
            {
                meets.Add(deadline.Index);
            }
        }

        action.Meets = meets.ToArray();
        CompileCommandDeadlines(action);

        var byRoles = string.Join(" or ", definition.Roles);
        var assigned = string.Join(" or ", assignedRoles);
        action.RoleRefusal = definition.WhenDue is { } due
            ? new Refusal(RefusalKind.Role, $"{action.Name} happens by itself when {due} is due: no one performs it.", definition.Citations, action.Name)
            : new Refusal(RefusalKind.Role, $"Only {byRoles} may perform {action.Name}.", definition.Citations, action.Name);
        action.NotAssignedRefusal = new Refusal(
            RefusalKind.NotAssigned,
            $"Only the officer assigned to this case as {assigned} may perform {action.Name}.",
            definition.Citations,
            action.Name);
        action.NobodyAssignedRefusal = new Refusal(
            RefusalKind.NotAssigned,
            $"No officer is assigned to this case as {assigned} yet, so {action.Name} cannot be performed in that role.",
            definition.Citations,
            action.Name);

        var stateRefusals = new Refusal?[States.Length];
        var fromStates = string.Join(" or ", definition.FromStates);
        for (var s = 0; s < States.Length; s++)
        {
            if (allowed[s])
            {
                continue;
            }

            var message = States[s].IsFinal
                ? $"The case is closed ({States[s].Name}), so {action.Name} can no longer be performed."
                : $"{action.Name} cannot be performed while the case is {States[s].Name}; it is allowed only in {fromStates}.";
            stateRefusals[s] = new Refusal(RefusalKind.State, message, definition.Citations, action.Name);
        }

        action.StateRefusals = stateRefusals;
    }

    private void CompileCommandDeadlines(CompiledCommand command)
    {
        var stops = new List<int>();
        var startsWhen = new List<int>();
        var startsEach = new List<int>();
        foreach (var deadline in Deadlines)
        {
            var definition = deadline.Definition;
            if (Contains(definition.StopsWhen, command.Name))
            {
                stops.Add(deadline.Index);
            }

            if (definition.Trigger.Name == command.Name)
            {
                if (definition.Trigger.Kind == TriggerKind.When)
                {
                    startsWhen.Add(deadline.Index);
                }
                else if (definition.Trigger.Kind == TriggerKind.Each)
                {
                    startsEach.Add(deadline.Index);
                }
            }
        }

        command.Stops = stops.ToArray();
        command.StartsWhen = startsWhen.ToArray();
        command.StartsEach = startsEach.ToArray();
        command.Pauses = ClockDeadlines(c => c.Pauses, ClockEventKind.When, command.Name);
        command.Resumes = ClockDeadlines(c => c.Resumes, ClockEventKind.When, command.Name);
        command.Excuses = command is CompiledAction
            ? Deadlines.Where(d => d.Definition.Clock?.ExcusedBy == command.Name).Select(d => d.Index).ToArray()
            : [];
    }

    /// <summary>The deadlines whose clock lines (<paramref name="events"/>) name <paramref name="name"/> with <paramref name="kind"/>.</summary>
    private int[] ClockDeadlines(Func<ClockStops, IReadOnlyList<ClockEvent>> events, ClockEventKind kind, string name) =>
        Deadlines.Where(d => d.Definition.Clock is { } clock && events(clock).Any(e => e.Kind == kind && e.Name == name)).Select(d => d.Index).ToArray();

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (candidate == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the condition reads a field the command itself records.</summary>
    private static bool ReadsFieldOf(Condition condition, CompiledCommand command) => AnyOperand(condition, operand => Reads(operand, command));

    /// <summary>True when <paramref name="reads"/> holds for an operand that one of the condition's tests reads.</summary>
    private static bool AnyOperand(Condition condition, Func<Operand, bool> reads) => condition switch
    {
        AndCondition and => AnyOperand(and.Operands, reads),
        OrCondition or => AnyOperand(or.Operands, reads),
        NotCondition not => AnyOperand(not.Operand, reads),
        TruthCondition truth => reads(truth.Operand),
        IsOptionCondition option => reads(option.Operand),
        IsSetCondition set => reads(set.Operand),
        IsAvailableCondition available => reads(available.Officer),
        HoldsRoleCondition holds => reads(holds.Officer),
        InvolvedCondition involved => reads(involved.Officer),
        ActedBeforeCondition acted => reads(acted.Officer),
        CompareCondition compare => reads(compare.Left) || reads(compare.Right),
        _ => false,
    };

    private static bool AnyOperand(IReadOnlyList<Condition> conditions, Func<Operand, bool> reads)
    {
        foreach (var condition in conditions)
        {
            if (AnyOperand(condition, reads))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Reads(Operand operand, CompiledCommand command) => operand switch
    {
        FieldOperand field => command.IndexOfField(field.Name) >= 0,
        CaseloadOperand caseload => Reads(caseload.Officer, command),
        OffsetOperand offset => Reads(offset.Base, command),
        _ => false,
    };

    /// <summary>Binds a condition's names to indices once, so evaluating it looks nothing up by name.</summary>
    private CompiledCondition Bind(Condition condition) => condition switch
    {
        AndCondition and => new AndCompiled(BindAll(and.Operands)),
        OrCondition or => new OrCompiled(BindAll(or.Operands)),
        NotCondition not => new NotCompiled(Bind(not.Operand)),
        TruthCondition truth when truth.Operand is LiteralOperand literal => new ConstantCompiled(literal.Value.Text == "yes"),
        TruthCondition truth => new TruthCompiled(Bind(truth.Operand)),
        IsOptionCondition option => new IsOptionCompiled(Bind(option.Operand), option.Option),
        IsSetCondition set => new IsSetCompiled(Bind(set.Operand)),
        IsAvailableCondition available => new IsAvailableCompiled(Bind(available.Officer)),
        DeadlineOpenCondition open => new DeadlineOpenCompiled(RequireIndex(_deadlines, open.Deadline, "deadline")),
        HappenedSinceCondition since => new HappenedSinceCompiled(
            RequireIndex(_actions, since.Action, "action"),
            since.SinceEntering is null ? -1 : RequireIndex(_states, since.SinceEntering, "state")),
        CompareCondition compare => new CompareCompiled(Bind(compare.Left), compare.Operator, Bind(compare.Right)),
        DeadlineStatusCondition status => new DeadlineStatusCompiled(RequireIndex(_deadlines, status.Deadline, "deadline"), status.Status),
        HappenedCountCondition count => new HappenedCountCompiled(RequireIndex(_actions, count.Action, "action"), count.Operator, count.Count),
        HoldsRoleCondition holds => new HoldsRoleCompiled(Bind(holds.Officer), RequireIndex(_roles, holds.Role, "role"), holds.Role, holds.OnThisCase),
        InvolvedCondition involved => new InvolvedCompiled(Bind(involved.Officer)),
        ActedBeforeCondition acted => new ActedBeforeCompiled(Bind(acted.Officer)),
        _ => throw new ArgumentException($"The runtime does not know the condition {condition.GetType().Name}."),
    };

    private CompiledCondition[] BindAll(IReadOnlyList<Condition> conditions)
    {
        var compiled = new CompiledCondition[conditions.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = Bind(conditions[i]);
        }

        return compiled;
    }

    private CompiledOperand Bind(Operand operand) => operand switch
    {
        FieldOperand field => new FieldCompiled(SlotOf(field.Name), field.Path.ToArray(), field.Type.Kind),
        RoleOperand role => new RoleCompiled(RequireIndex(_roles, role.Role, "role")),
        SettingOperand setting => new SettingCompiled(RequireIndex(_settings, setting.Setting, "setting")),
        LiteralOperand literal => new LiteralCompiled(OperandValue.FromLiteral(literal.Value)),
        NowOperand => new NowCompiled(),
        ActorOperand => new ActorCompiled(),
        CaseloadOperand caseload => new CaseloadCompiled(Bind(caseload.Officer)),
        OffsetOperand offset => new OffsetCompiled(Bind(offset.Base), offset.Duration, offset.Subtract),
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The runtime does not know the operand {operand.GetType().Name}.")),
    };
}
