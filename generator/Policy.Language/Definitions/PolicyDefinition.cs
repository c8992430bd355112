namespace Policy.Definitions;

/// <summary>
/// The lowered, checked form of one <c>.policy</c> file: what the runtime enforces, what the generator
/// emits as a static description, and what the CLI explains, draws and simulates.
/// Names are kept as strings; every name is guaranteed by the checker to resolve.
/// </summary>
public sealed class PolicyDefinition
{
    public PolicyDefinition(
        string name,
        string title,
        string version,
        string? effective,
        string? calendar,
        IReadOnlyList<SourceDefinition> sources,
        IReadOnlyList<RoleDefinition> roles,
        IReadOnlyList<ChoiceDefinition> choices,
        IReadOnlyList<StateDefinition> states,
        IReadOnlyList<ActionDefinition> actions,
        IReadOnlyList<SignalDefinition> signals,
        IReadOnlyList<SettingDefinition> settings,
        IReadOnlyList<DeadlineDefinition> deadlines,
        IReadOnlyList<RuleDefinition> rules,
        IReadOnlyList<CalendarDefinition>? calendars = null,
        AccessDefinition? access = null,
        IReadOnlyList<string>? ranks = null,
        CaseloadWeightDefinition? caseload = null)
    {
        Name = name;
        Title = title;
        Version = version;
        Effective = effective;
        Calendar = calendar;
        Sources = sources;
        Roles = roles;
        Choices = choices;
        States = states;
        Actions = actions;
        Signals = signals;
        Settings = settings;
        Deadlines = deadlines;
        Rules = rules;
        Calendars = calendars ?? Array.Empty<CalendarDefinition>();
        Access = access;
        Ranks = ranks ?? Array.Empty<string>();
        Caseload = caseload;
    }

    /// <summary>The policy's identifier; also the generated workflow's class name.</summary>
    public string Name { get; }
    /// <summary>The human title, as the policy owner wrote it.</summary>
    public string Title { get; }
    /// <summary>The policy's version label, e.g. <c>2025.02</c>; empty when none was given.</summary>
    public string Version { get; }
    /// <summary>The effective date in ISO form (<c>yyyy-MM-dd</c>), or null.</summary>
    public string? Effective { get; }
    /// <summary>
    /// The calendar that working days are counted on: <c>england-and-wales</c> or one of <see cref="Calendars"/>; null when none.
    /// </summary>
    public string? Calendar { get; }
    public IReadOnlyList<SourceDefinition> Sources { get; }
    public IReadOnlyList<RoleDefinition> Roles { get; }
    public IReadOnlyList<ChoiceDefinition> Choices { get; }
    public IReadOnlyList<StateDefinition> States { get; }
    public IReadOnlyList<ActionDefinition> Actions { get; }
    public IReadOnlyList<SignalDefinition> Signals { get; }
    public IReadOnlyList<SettingDefinition> Settings { get; }
    public IReadOnlyList<DeadlineDefinition> Deadlines { get; }
    public IReadOnlyList<RuleDefinition> Rules { get; }
    /// <summary>The calendars the policy declares, in the order written.</summary>
    public IReadOnlyList<CalendarDefinition> Calendars { get; }
    /// <summary>Who may read the policy's cases, and why; null when the policy says nothing (anyone may, giving a purpose).</summary>
    public AccessDefinition? Access { get; }
    /// <summary>The roles that are ranks, lowest first (<c>ranks Sergeant, Inspector</c>); empty when none. <c>by Inspector or above</c> is written out in the actions' roles.</summary>
    public IReadOnlyList<string> Ranks { get; }
    /// <summary>What one open case of this policy weighs in its officers' caseloads (<c>caseload weight</c>); null for 1 each.</summary>
    public CaseloadWeightDefinition? Caseload { get; }
}

/// <summary>
/// <c>caseload weight 3 when complexity is Major, otherwise 1</c>: the first case whose condition holds on the case's latest values
/// gives the weight; the last case has no condition.
/// </summary>
public sealed record CaseloadWeightDefinition(IReadOnlyList<CaseloadWeightCase> Cases, IReadOnlyList<Citation> Citations);

/// <summary>One case of a <see cref="CaseloadWeightDefinition"/>: a weight (above 0, at most 1000) and when it applies (null: always).</summary>
public sealed record CaseloadWeightCase(decimal Weight, Condition? When);

/// <summary>A document the policy's rules come from.</summary>
public sealed record SourceDefinition(string Id, string Title);

/// <summary>A reference from a rule, action or deadline to a clause of a source document.</summary>
public sealed record Citation(string SourceId, string Clause);

/// <summary>A role. An <see cref="IsAssigned"/> role is held per case by one officer, named by an <c>assign</c>.</summary>
public sealed record RoleDefinition(string Name, string Title, bool IsAssigned);

/// <summary>A closed set of options; an option may carry fields (the "decision, or the reason why not" pattern).</summary>
public sealed record ChoiceDefinition(string Name, IReadOnlyList<ChoiceOptionDefinition> Options);

/// <summary>One option of a choice.</summary>
public sealed record ChoiceOptionDefinition(string Name, IReadOnlyList<FieldDefinition> Fields);

/// <summary>A state of a case.</summary>
public sealed record StateDefinition(string Name, string Title, bool IsInitial, bool IsFinal);

/// <summary>The kinds of value a field, setting or literal can hold.</summary>
public enum ValueKind
{
    /// <summary><c>text</c>: a string. Required text must not be empty or white space.</summary>
    Text,
    /// <summary><c>yes/no</c>: a boolean.</summary>
    YesNo,
    /// <summary><c>number</c>: a decimal.</summary>
    Number,
    /// <summary><c>date</c>: a calendar date.</summary>
    Date,
    /// <summary><c>date-time</c>: an instant.</summary>
    DateTime,
    /// <summary><c>duration</c>: an amount of a <see cref="DurationUnit"/>.</summary>
    Duration,
    /// <summary><c>officer</c>: an officer's identifier.</summary>
    Officer,
    /// <summary>An option of a named <see cref="ChoiceDefinition"/>.</summary>
    Choice,
}

/// <summary>The type of a field or setting: a kind, and for <see cref="ValueKind.Choice"/> the choice's name.</summary>
public sealed record ValueType(ValueKind Kind, string? ChoiceName = null)
{
    public override string ToString() => Kind switch
    {
        ValueKind.Text => "text",
        ValueKind.YesNo => "yes/no",
        ValueKind.Number => "number",
        ValueKind.Date => "date",
        ValueKind.DateTime => "date-time",
        ValueKind.Duration => "duration",
        ValueKind.Officer => "officer",
        _ => ChoiceName ?? "choice",
    };
}

/// <summary>A field an action or signal records (or a choice option carries).</summary>
public sealed record FieldDefinition(string Name, ValueType Type, bool IsOptional);

/// <summary>A command a person performs on a case, or the system performs by itself.</summary>
/// <param name="Roles">The roles that may perform it; empty for an action the system performs.</param>
/// <param name="FromStates">The states it may be performed in.</param>
/// <param name="ToState">The state it moves the case to, or null when the case stays where it is.</param>
/// <param name="WhenDue">
/// <c>by system ... when D is due</c>: the deadline whose due time makes the system perform it (when the case is in one
/// of <paramref name="FromStates"/>); null for an action people perform.
/// </param>
public sealed record ActionDefinition(
    string Name,
    string Title,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> FromStates,
    string? ToState,
    IReadOnlyList<FieldDefinition> Fields,
    IReadOnlyList<RequirementDefinition> Requirements,
    IReadOnlyList<AssignmentDefinition> Assignments,
    IReadOnlyList<NotificationDefinition> Notifications,
    IReadOnlyList<Citation> Citations,
    string? WhenDue = null)
{
    /// <summary>True for an action the system performs by itself when a deadline falls due.</summary>
    public bool IsAutomatic => WhenDue is not null;
}

/// <summary>A precondition of an action: when <see cref="Condition"/> is false the action is refused with <see cref="Message"/>.</summary>
public sealed record RequirementDefinition(Condition Condition, string Message, IReadOnlyList<Citation> Citations);

/// <summary>Makes the officer recorded in <see cref="Field"/> the holder of the assigned role <see cref="Role"/> for this case.</summary>
/// <remarks>
/// The officer must hold the role in the force (as the application's register of officers' roles says); otherwise the action is
/// refused with <see cref="Message"/>, or a message of the runtime's when the policy gives none.
/// </remarks>
public sealed record AssignmentDefinition(string Role, string Field, string? Message = null, IReadOnlyList<Citation>? Citations = null);

/// <summary>When the action is performed, the holders of <see cref="Role"/> are notified with <see cref="Message"/>.</summary>
public sealed record NotificationDefinition(string Role, string Message);

/// <summary>A fact that arrives from outside the case (a DNA match, a confirmed absence).</summary>
/// <param name="AbsenceOfRole">When set, the runtime raises this signal on a case when the officer holding this assigned role has a confirmed absence.</param>
public sealed record SignalDefinition(string Name, string Title, IReadOnlyList<FieldDefinition> Fields, string? AbsenceOfRole);

/// <summary>A named, typed default that an officer in one of <see cref="ChangedBy"/> may override for one case.</summary>
/// <param name="ChangedBy">The roles that may change it on a case (<c>by</c>); empty when nobody may.</param>
public sealed record SettingDefinition(string Name, string Title, ValueType Type, Value DefaultValue, IReadOnlyList<Citation> Citations, IReadOnlyList<string> ChangedBy);

/// <summary>A rule that blocks actions.</summary>
/// <param name="Forbidden">The actions the rule can block.</param>
/// <param name="Mode"><see cref="RuleMode.While"/>: blocked while the condition holds. <see cref="RuleMode.Unless"/>: blocked unless it holds.</param>
public sealed record RuleDefinition(
    string Name,
    IReadOnlyList<string> Forbidden,
    RuleMode Mode,
    Condition Condition,
    string Message,
    IReadOnlyList<Citation> Citations);

/// <summary>How a rule's condition blocks its actions.</summary>
public enum RuleMode
{
    /// <summary><c>forbid A while C</c> (or <c>when C</c>): refused whenever C holds.</summary>
    While,
    /// <summary><c>forbid A unless C</c>: refused unless C holds.</summary>
    Unless,
}

/// <summary>
/// Who may read a policy's cases (<c>access Name "title" { read by ... }</c>). A reader is allowed by the first line
/// whose roles they hold (an <see cref="RoleDefinition.IsAssigned"/> role only by the officer assigned to the case) and
/// whose purposes, if the line names them, include the purpose they give; a reader no line allows is refused.
/// </summary>
public sealed record AccessDefinition(string Name, string Title, IReadOnlyList<ReaderDefinition> Readers, IReadOnlyList<Citation> Citations);

/// <summary>One <c>read by</c> line.</summary>
/// <param name="Roles">The roles that may read under this line.</param>
/// <param name="Purposes">The choice whose options are the purposes they may give; null when any stated purpose is accepted.</param>
/// <param name="FlaggedTo">The role told of every read made under this line (with the reader, the case and the purpose); null when not flagged.</param>
public sealed record ReaderDefinition(IReadOnlyList<string> Roles, string? Purposes, string? FlaggedTo);
