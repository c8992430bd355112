using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Time;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>A state with the deadlines that open when a case enters it and stop when it leaves.</summary>
internal sealed class CompiledState(int index, StateDefinition definition)
{
    public int Index { get; } = index;
    public string Name { get; } = definition.Name;
    public StateDefinition Definition { get; } = definition;
    public bool IsFinal { get; } = definition.IsFinal;

    /// <summary><c>starts on entering</c> deadlines and recurring deadlines <c>while</c> this state.</summary>
    public int[] OpensOnEntering { get; set; } = [];

    /// <summary>Deadlines that are cancelled when the case leaves this state.</summary>
    public int[] StopsOnLeaving { get; set; } = [];

    /// <summary>Deadlines whose clocks pause, and resume, when the case enters this state and when it leaves it.</summary>
    public int[] PausesOnEntering { get; set; } = [];
    public int[] ResumesOnEntering { get; set; } = [];
    public int[] PausesOnLeaving { get; set; } = [];
    public int[] ResumesOnLeaving { get; set; } = [];
}

/// <summary>A role; an assigned role is held per case by one officer.</summary>
internal sealed class CompiledRole(int index, RoleDefinition definition)
{
    public int Index { get; } = index;
    public string Name { get; } = definition.Name;
    public bool IsAssigned { get; } = definition.IsAssigned;
    public RoleDefinition Definition { get; } = definition;
}

/// <summary>A choice and its options, for checking submitted values.</summary>
internal sealed class CompiledChoice(string name, CompiledOption[] options)
{
    public string Name { get; } = name;
    public CompiledOption[] Options { get; } = options;

    public CompiledOption? Find(string option)
    {
        foreach (var candidate in Options)
        {
            if (string.Equals(candidate.Name, option, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>One option of a choice and the fields it carries.</summary>
internal sealed class CompiledOption(string name, CompiledField[] fields)
{
    public string Name { get; } = name;
    public CompiledField[] Fields { get; } = fields;
}

/// <summary>A field of an action, a signal or a choice option, with its slot in the case record (-1 inside options).</summary>
internal sealed class CompiledField(FieldDefinition definition, int slot, CompiledChoice? choice)
{
    public string Name { get; } = definition.Name;
    public Definitions.ValueType Type { get; } = definition.Type;
    public ValueKind Kind { get; } = definition.Type.Kind;
    public bool IsOptional { get; } = definition.IsOptional;
    public int Slot { get; } = slot;
    public CompiledChoice? Choice { get; } = choice;
}

/// <summary>What actions and signals share: recorded fields and the deadlines they start and stop.</summary>
internal abstract class CompiledCommand
{
    protected CompiledCommand(int index, string name, CompiledField[] fields, int slotCount, IReadOnlyList<Citation> citations)
    {
        Index = index;
        Name = name;
        Fields = fields;
        Citations = citations;
        FieldNames = new string[fields.Length];
        SlotToPosition = new int[slotCount];
        Array.Fill(SlotToPosition, -1);
        for (var i = 0; i < fields.Length; i++)
        {
            FieldNames[i] = fields[i].Name;
            SlotToPosition[fields[i].Slot] = i;
        }

        EmptyFields = new RecordedFields(FieldNames, new FieldValue?[fields.Length]);
    }

    public int Index { get; }
    public string Name { get; }
    public CompiledField[] Fields { get; }
    public string[] FieldNames { get; }

    /// <summary>Case-record slot to field position, -1 where this command has no such field.</summary>
    public int[] SlotToPosition { get; }

    public IReadOnlyList<Citation> Citations { get; }

    /// <summary>Shared by events of commands that record nothing, so they allocate no map.</summary>
    public RecordedFields EmptyFields { get; }

    public abstract bool IsSignal { get; }

    public int[] Stops { get; set; } = [];

    /// <summary>Deadlines whose clocks this command pauses, resumes, or (an action recording its reason) excuses.</summary>
    public int[] Pauses { get; set; } = [];
    public int[] Resumes { get; set; } = [];
    public int[] Excuses { get; set; } = [];
    public int[] StartsWhen { get; set; } = [];
    public int[] StartsEach { get; set; } = [];

    public int IndexOfField(string name)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (string.Equals(FieldNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>An action with everything needed to decide and apply it, precomputed.</summary>
internal sealed class CompiledAction(int index, ActionDefinition definition, CompiledField[] fields, int slotCount)
    : CompiledCommand(index, definition.Name, fields, slotCount, definition.Citations)
{
    public ActionDefinition Definition { get; } = definition;
    public override bool IsSignal => false;

    /// <summary>The roles that may perform it, in the policy's order (the first one an actor qualifies in is the role acted in).</summary>
    public int[] Roles { get; set; } = [];
    public ulong RoleMask { get; set; }
    public bool[] AllowedFrom { get; set; } = [];
    public int ToState { get; set; } = -1;
    public CompiledCondition[] Requirements { get; set; } = [];
    public Refusal[] RequirementRefusals { get; set; } = [];

    /// <summary>Per requirement: whether it reads this action's own fields (a "can" question skips those).</summary>
    public bool[] RequirementReadsInput { get; set; } = [];
    public CompiledRule[] Rules { get; set; } = [];
    public int[] Meets { get; set; } = [];
    public (int Role, int Position)[] Assignments { get; set; } = [];

    /// <summary>Per assignment: the refusal when the officer named does not hold the role.</summary>
    public Refusal[] AssignmentRefusals { get; set; } = [];
    public (int Role, string Message)[] Notifications { get; set; } = [];

    public Refusal RoleRefusal { get; set; } = null!;
    public Refusal NotAssignedRefusal { get; set; } = null!;
    public Refusal NobodyAssignedRefusal { get; set; } = null!;

    /// <summary>The refusal for each state the action is not allowed in (null where it is allowed).</summary>
    public Refusal?[] StateRefusals { get; set; } = [];
}

/// <summary>A signal: a fact from outside the case.</summary>
internal sealed class CompiledSignal(int index, SignalDefinition definition, CompiledField[] fields, int slotCount)
    : CompiledCommand(index, definition.Name, fields, slotCount, Array.Empty<Citation>())
{
    public SignalDefinition Definition { get; } = definition;
    public override bool IsSignal => true;

    /// <summary>The assigned role whose holder's absence raises this signal, or -1.</summary>
    public int AbsenceOfRole { get; set; } = -1;

    public Refusal ClosedRefusal { get; set; } = null!;
}

/// <summary>A rule over one action, with the refusal it gives.</summary>
internal sealed class CompiledRule(RuleDefinition definition, CompiledCondition condition, Refusal refusal, bool readsInput)
{
    /// <summary>Whether the condition reads the forbidden action's own fields (a "can" question skips it).</summary>
    public bool ReadsInput { get; } = readsInput;

    public RuleDefinition Definition { get; } = definition;
    public CompiledCondition Condition { get; } = condition;
    public bool ForbidsWhenHolds { get; } = definition.Mode == RuleMode.While;
    public Refusal Refusal { get; } = refusal;
}

/// <summary>A setting with its default parsed once.</summary>
internal sealed class CompiledSetting(int index, SettingDefinition definition, FieldValue defaultValue, OperandValue defaultOperand, Duration? defaultDuration)
{
    public int Index { get; } = index;
    public string Name { get; } = definition.Name;
    public Definitions.ValueType Type { get; } = definition.Type;
    public SettingDefinition Definition { get; } = definition;
    public FieldValue DefaultValue { get; } = defaultValue;
    public OperandValue DefaultOperand { get; } = defaultOperand;
    public Duration? DefaultDuration { get; } = defaultDuration;
    public CompiledChoice? Choice { get; set; }

    /// <summary>The roles that may change the setting on a case, one bit each; zero when nobody may.</summary>
    public ulong RoleMask { get; set; }

    /// <summary>What an officer in none of those roles is told.</summary>
    public Refusal RoleRefusal { get; set; } = null!;
}

/// <summary>One case of a duration expression: a fixed duration or a setting, when a condition holds.</summary>
/// <summary>A case of a duration: fixed, a setting (index, else -1) or a recorded duration (case-record slot, else -1).</summary>
internal readonly record struct CompiledDurationCase(Duration? Fixed, int Setting, CompiledCondition? When, int FieldSlot = -1);

/// <summary>A stage of escalation: who is alerted, and how long after the previous stage.</summary>
internal readonly record struct CompiledEscalation(int Role, string RoleName, Duration? After);

/// <summary>A deadline with its roles, actions and durations bound to indices.</summary>
internal sealed class CompiledDeadline(int index, DeadlineDefinition definition)
{
    public int Index { get; } = index;
    public string Name { get; } = definition.Name;
    public string Title { get; } = definition.Title;
    public DeadlineDefinition Definition { get; } = definition;
    public TriggerKind Trigger { get; } = definition.Trigger.Kind;
    public bool IsRecurring => Trigger == TriggerKind.Recurring;
    public int Role { get; set; }
    public string RoleName { get; } = definition.Role;
    public int Action { get; set; }
    public string ActionName { get; } = definition.Action;
    public CompiledCondition? MetWhere { get; set; }
    public CompiledDurationCase[] Within { get; set; } = [];
    public CompiledDurationCase[]? NotBefore { get; set; }
    public CompiledEscalation[] Escalations { get; set; } = [];
    public Duration? WarnBefore { get; } = definition.WarnBefore;
    public IReadOnlyList<Citation> Citations { get; } = definition.Citations;

    /// <summary>The calendar its times are counted on: the one it is <c>counted on</c>, else the policy's.</summary>
    public IWorkingCalendar Calendar { get; set; } = null!;

    /// <summary>True when it is <c>counted on</c> a calendar: hours and days skip the days that calendar leaves out.</summary>
    public bool IsCounted { get; set; }

    /// <summary>
    /// <c>within D beginning with the day</c>: the due time counts from the start of the day it opens on (or its anchor's
    /// day); <c>from the end of the day</c>: from the midnight that ends that day.
    /// </summary>
    public DayBoundary FromDay { get; } = definition.FromDay;

    /// <summary>The actions the system performs by itself when an instance of this deadline falls due (<c>when D is due</c>).</summary>
    public int[] AutomaticActions { get; set; } = [];

    /// <summary>How long after its due time <c>excused by</c> may still excuse an instance; null: while it is open.</summary>
    public Duration? ExcuseUntil { get; } = definition.Clock?.ExcuseUntil;

    /// <summary>The case-record slot of the date or date-time the due time counts from, else -1.</summary>
    public int AnchorSlot { get; set; } = -1;

    /// <summary>The deadline whose latest due time the due time counts from (<c>from when D was due</c>), else -1.</summary>
    public int AnchorDeadline { get; set; } = -1;

    /// <summary>
    /// <c>from the latest time D could have been met</c>: counts from D's due time with the time its clock stood still
    /// added, not from the due time it had when it opened.
    /// </summary>
    public bool AnchorAtLatest { get; } = definition.From?.Kind == AnchorKind.DeadlineLatest;

    /// <summary><paramref name="duration"/> after <paramref name="at"/>, on this deadline's calendar.</summary>
    public DateTimeOffset Add(DateTimeOffset at, Duration duration) => IsCounted ? Calendar.AddCounted(at, duration) : Calendar.Add(at, duration);

    /// <summary>The due time of an instance opened (or restarted) at <paramref name="at"/> with <paramref name="within"/>.</summary>
    public DateTimeOffset DueAt(DateTimeOffset at, Duration within) =>
        FromDay switch
        {
            DayBoundary.Start => Calendar.AddBeginningWithTheDay(at, within, IsCounted),
            DayBoundary.End => Calendar.AddAfterTheDay(at, within, IsCounted),
            _ => Add(at, within),
        };
}
