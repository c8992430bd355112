using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Time;
using Policy.Runtime.Workflows;
using ValueType = Policy.Definitions.ValueType;

namespace Policy.Runtime.Tests.Engine;

/// <summary>
/// Policy definitions built in C#, standing in for compiled <c>.policy</c> files while the compiler is written.
/// <see cref="Rasso"/> follows the RASSO sketch in the language design, on the England and Wales calendar (its dates
/// in March 2025 are GMT and free of bank holidays); <see cref="ControlRoom"/> has conditional durations and a setting,
/// and names no calendar.
/// </summary>
internal static class TestPolicies
{
    /// <summary>Monday 3 March 2025, 09:00 (GMT, so UTC and London agree).</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One working day after <see cref="Start"/>: working days end at midnight after the working day, here Tuesday's.</summary>
    public static readonly DateTimeOffset EndOfTuesday = new(2025, 3, 5, 0, 0, 0, TimeSpan.Zero);

    public static readonly Citation SopRisk = new("SOP", "Complete RASSO – Supervisor Risk Assessment");
    public static readonly Citation SopAllocate = new("SOP", "Do not allocate to an absent officer");
    public static readonly Citation IopcUpdate = new("IOPC24", "a significant key update ... a positive DNA match");
    public static readonly Citation CodeRight6 = new("VCOP", "Right 6");

    public static readonly Actor Supervisor = new("sup-1", "Supervisor");
    public static readonly Actor OtherSupervisor = new("sup-2", "Supervisor");
    public static readonly Actor Oic = new("oic-1", "OIC");
    public static readonly Actor OtherOic = new("oic-2", "OIC");
    public static readonly Actor Soit = new("soit-1", "SOIT");
    public static readonly Actor CrimeManager = new("cm-1", "CrimeManager");
    public static readonly Actor Dispatcher = new("desk-1", "ResponseDesk");
    public static readonly Actor DutyInspector = new("insp-1", "Inspector");

    private static CompiledPolicy? _rasso;
    private static CompiledPolicy? _controlRoom;

    public static CompiledPolicy Rasso => _rasso ??= CompiledPolicy.Compile(RassoDefinition());

    public static CompiledPolicy ControlRoom => _controlRoom ??= CompiledPolicy.Compile(ControlRoomDefinition());

    public static PolicyDefinition RassoDefinition(string? calendar = "england-and-wales") => new(
        "RassoInvestigation",
        "RASSO secondary investigation",
        "2025.02",
        "2025-02-01",
        calendar,
        [new SourceDefinition("SOP", "MPS RASSO SOP"), new SourceDefinition("IOPC24", "IOPC recommendations"), new SourceDefinition("VCOP", "Victims' Code")],
        [
            new RoleDefinition("Supervisor", "Investigation supervisor", false),
            new RoleDefinition("OIC", "Officer in charge", true),
            new RoleDefinition("SOIT", "SOIT officer", true),
            new RoleDefinition("CrimeManager", "BCU Crime Manager", false),
        ],
        [
            new ChoiceDefinition("Rag", [Option("Red"), Option("Amber"), Option("Green")]),
            new ChoiceDefinition("MaracDecision", [Option("Referred"), Option("NotReferred", Field("reason", ValueKind.Text))]),
        ],
        [
            new StateDefinition("Reported", "Reported", true, false),
            new StateDefinition("Assessed", "Assessed", false, false),
            new StateDefinition("Investigating", "Investigating", false, false),
            new StateDefinition("UnderReview", "Under review", false, false),
            new StateDefinition("Closed", "Closed", false, true),
        ],
        [
            Action("AssessRisk", ["Supervisor"], ["Reported"], "Assessed", [Field("rating", ValueKind.Choice, choice: "Rag"), Field("risks", ValueKind.Text)], cites: [SopRisk]),
            Action(
                "Assign",
                ["Supervisor"],
                ["Assessed"],
                "Investigating",
                [Field("oic", ValueKind.Officer), Field("soit", ValueKind.Officer)],
                requirements: [new RequirementDefinition(new IsAvailableCondition(FieldOp("oic", ValueKind.Officer)), "Do not allocate investigations to an officer who is knowingly absent.", [SopAllocate])],
                assignments: [new AssignmentDefinition("OIC", "oic"), new AssignmentDefinition("SOIT", "soit")],
                notifications: [new NotificationDefinition("OIC", "You are the officer in charge of this investigation.")]),
            Action("AgreeVictimContact", ["OIC", "SOIT"], ["Investigating"], null, [Field("method", ValueKind.Text), Field("updateWithin", ValueKind.Duration)]),
            Action("RecordKeyUpdate", ["OIC"], ["Investigating"], null, [Field("detail", ValueKind.Text)]),
            Action("InformVictim", ["SOIT"], ["Investigating"], null, [Field("summary", ValueKind.Text)]),
            Action("RecordMarac", ["OIC"], ["Investigating"], null, [Field("decision", ValueKind.Choice, choice: "MaracDecision")]),
            Action("ReviewInvestigation", ["Supervisor"], ["Investigating"], null, [Field("notes", ValueKind.Text, optional: true)]),
            Action("ReviewIntelligence", ["Supervisor"], ["Investigating"], null, []),
            Action(
                "Reallocate",
                ["Supervisor"],
                ["Investigating", "UnderReview"],
                null,
                [Field("oic", ValueKind.Officer)],
                requirements: [new RequirementDefinition(new IsAvailableCondition(FieldOp("oic", ValueKind.Officer)), "Do not allocate investigations to an officer who is knowingly absent.", [SopAllocate])],
                assignments: [new AssignmentDefinition("OIC", "oic")]),
            Action("SendForReview", ["OIC"], ["Investigating"], "UnderReview", []),
            Action("ContactVictim", ["OIC"], ["UnderReview"], null, [Field("outcome", ValueKind.Text)]),
            Action("ReturnToInvestigation", ["Supervisor"], ["UnderReview"], "Investigating", []),
            Action("Withdraw", ["OIC"], ["UnderReview"], "Closed", [Field("reason", ValueKind.Text)]),
            Action("Close", ["OIC", "Supervisor"], ["Investigating", "UnderReview"], "Closed", [Field("reason", ValueKind.Text)]),
        ],
        [
            new SignalDefinition("OicAbsent", "The OIC's absence is confirmed", [Field("officer", ValueKind.Officer), Field("from", ValueKind.DateTime, optional: true)], "OIC"),
            new SignalDefinition("DnaMatch", "A DNA match came back", [Field("detail", ValueKind.Text)], null),
        ],
        [new SettingDefinition("SupervisionInterval", "How often the supervisor reviews", new ValueType(ValueKind.Duration), new Value(new ValueType(ValueKind.Duration), "14 days", new Duration(14, DurationUnit.Days)), [], ["Supervisor"])],
        [
            Deadline("ContactAgreement", new DeadlineTrigger(TriggerKind.When, "Assign"), "OIC", "AgreeVictimContact", Fixed(1, DurationUnit.WorkingDays), escalations: [new EscalationDefinition("Supervisor", null)]),
            Deadline(
                "VictimUpdate",
                new DeadlineTrigger(TriggerKind.Each, "RecordKeyUpdate"),
                "SOIT",
                "InformVictim",
                Fixed(1, DurationUnit.WorkingDays),
                escalations: [new EscalationDefinition("Supervisor", null), new EscalationDefinition("CrimeManager", new Duration(2, DurationUnit.WorkingDays))],
                citations: [IopcUpdate]),
            Deadline(
                "SupervisorReview",
                new DeadlineTrigger(TriggerKind.Recurring, "Investigating"),
                "Supervisor",
                "ReviewInvestigation",
                new DurationExpression([new DurationCase(null, "SupervisionInterval", null)]),
                stopsOnLeaving: "Investigating",
                escalations: [new EscalationDefinition("CrimeManager", null)]),
            Deadline(
                "IntelligenceReview",
                new DeadlineTrigger(TriggerKind.OnEntering, "Investigating"),
                "Supervisor",
                "ReviewIntelligence",
                Fixed(18, DurationUnit.Hours),
                notBefore: Fixed(10, DurationUnit.Hours),
                stopsOnLeaving: "Investigating"),
            Deadline(
                "MaracReferral",
                new DeadlineTrigger(TriggerKind.OnEntering, "Investigating"),
                "OIC",
                "RecordMarac",
                Fixed(28, DurationUnit.Days),
                metWhere: new IsOptionCondition(FieldOp("decision", ValueKind.Choice, "MaracDecision"), "MaracDecision", "Referred")),
            Deadline("Reallocation", new DeadlineTrigger(TriggerKind.When, "OicAbsent"), "Supervisor", "Reallocate", Fixed(2, DurationUnit.Days), escalations: [new EscalationDefinition("CrimeManager", null)]),
            Deadline("InitialAssessment", new DeadlineTrigger(TriggerKind.OnEntering, "Reported"), "Supervisor", "AssessRisk", Fixed(3, DurationUnit.Days), stopsWhen: ["DnaMatch"]),
        ],
        [
            new RuleDefinition("NoClosureWhileVictimUninformed", ["Close"], RuleMode.While, new DeadlineOpenCondition("VictimUpdate"), "The victim must be told of every key update before the investigation is closed.", [IopcUpdate]),
            new RuleDefinition("ContactBeforeWithdrawal", ["Withdraw"], RuleMode.Unless, new HappenedSinceCondition("ContactVictim", "UnderReview"), "Contact the victim before withdrawing the investigation.", [CodeRight6]),
        ]);

    public static PolicyDefinition ControlRoomDefinition() => new(
        "ControlRoom",
        "Control room attendance",
        "1",
        null,
        null,
        [new SourceDefinition("Grading", "Call grading policy")],
        [new RoleDefinition("ResponseDesk", "Response desk", false), new RoleDefinition("Inspector", "Duty inspector", false)],
        [new ChoiceDefinition("Grade", [Option("Immediate"), Option("Significant"), Option("Extended")])],
        [
            new StateDefinition("Logged", "Logged", true, false),
            new StateDefinition("Graded", "Graded", false, false),
            new StateDefinition("Attended", "Attended", false, true),
        ],
        [
            Action("GradeCall", ["ResponseDesk"], ["Logged"], "Graded", [Field("grade", ValueKind.Choice, choice: "Grade"), Field("units", ValueKind.Number, optional: true)]),
            Action("Attend", ["ResponseDesk"], ["Graded"], "Attended", [Field("arrivedAt", ValueKind.DateTime), Field("onDate", ValueKind.Date, optional: true)]),
        ],
        [],
        [new SettingDefinition("ExtendedTarget", "Extended attendance target (unconfirmed)", new ValueType(ValueKind.Duration), new Value(new ValueType(ValueKind.Duration), "4 hours", new Duration(4, DurationUnit.Hours)), [], ["Inspector"])],
        [
            Deadline(
                "Attendance",
                new DeadlineTrigger(TriggerKind.When, "GradeCall"),
                "ResponseDesk",
                "Attend",
                new DurationExpression(
                [
                    new DurationCase(new Duration(15, DurationUnit.Minutes), null, GradeIs("Immediate")),
                    new DurationCase(new Duration(60, DurationUnit.Minutes), null, GradeIs("Significant")),
                    new DurationCase(null, "ExtendedTarget", null),
                ]),
                escalations: [new EscalationDefinition("Inspector", new Duration(30, DurationUnit.Minutes))],
                warnBefore: new Duration(5, DurationUnit.Minutes)),
        ],
        []);

    public static FieldDefinition Field(string name, ValueKind kind, bool optional = false, string? choice = null) =>
        new(name, new ValueType(kind, choice), optional);

    public static FieldOperand FieldOp(string name, ValueKind kind, string? choice = null, params string[] path) =>
        new(name, path, new ValueType(kind, choice));

    public static DurationExpression Fixed(int amount, DurationUnit unit) => new([new DurationCase(new Duration(amount, unit), null, null)]);

    public static ActionDefinition Action(
        string name,
        string[] roles,
        string[] from,
        string? to,
        FieldDefinition[] fields,
        RequirementDefinition[]? requirements = null,
        AssignmentDefinition[]? assignments = null,
        NotificationDefinition[]? notifications = null,
        Citation[]? cites = null) =>
        new(name, name, roles, from, to, fields, requirements ?? [], assignments ?? [], notifications ?? [], cites ?? []);

    public static DeadlineDefinition Deadline(
        string name,
        DeadlineTrigger trigger,
        string role,
        string action,
        DurationExpression within,
        DurationExpression? notBefore = null,
        Condition? metWhere = null,
        string[]? stopsWhen = null,
        string? stopsOnLeaving = null,
        EscalationDefinition[]? escalations = null,
        Duration? warnBefore = null,
        Citation[]? citations = null) =>
        new(name, name + " title", trigger, role, action, metWhere, within, notBefore, stopsWhen ?? [], stopsOnLeaving, escalations ?? [], warnBefore, citations ?? []);

    private static ChoiceOptionDefinition Option(string name, params FieldDefinition[] fields) => new(name, fields);

    private static IsOptionCondition GradeIs(string option) => new(FieldOp("grade", ValueKind.Choice, "Grade"), "Grade", option);
}

/// <summary>A calendar for tests: every unit is elapsed time, a working day is 24 hours; counts how often it is used.</summary>
internal sealed class FakeCalendar : IWorkingCalendar
{
    public int Additions { get; private set; }

    public string Name => "fake";

    public bool IsWorkingDay(DateOnly date) => true;

    public DateTimeOffset Add(DateTimeOffset start, Duration duration)
    {
        Additions++;
        return duration.Unit switch
        {
            DurationUnit.Minutes => start.AddMinutes(duration.Amount),
            DurationUnit.Hours => start.AddHours(duration.Amount),
            DurationUnit.Weeks => start.AddDays(7 * duration.Amount),
            DurationUnit.Months => start.AddMonths(duration.Amount),
            _ => start.AddDays(duration.Amount),
        };
    }
}
