using static Policy.Language.Diagnostics.DiagnosticSeverity;

namespace Policy.Language.Diagnostics;

/// <summary>
/// The one catalogue of policy diagnostics. Ids are stable and never reused: retire an id by leaving its entry
/// (and its help page) in place. Each id has a help page at <c>docs/diagnostics/POLnnnn.md</c>.
/// </summary>
public static class DiagnosticDescriptors
{
    // --- Text and syntax: POL0001-POL0009 ---------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnexpectedToken = new("POL0001", Error, "Syntax error",
        "Expected {0}, but found {1}.");
    public static readonly DiagnosticDescriptor UnterminatedString = new("POL0002", Error, "Unterminated text",
        "This text has no closing quote. End it with \" on the same line.");
    public static readonly DiagnosticDescriptor InvalidCharacter = new("POL0003", Error, "Invalid character",
        "The character {0} cannot appear here. Remove it, or put it inside quotes.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("POL0004", Error, "Nesting too deep",
        "Brackets are nested more than {0} deep here. Split the condition into simpler parts.");
    public static readonly DiagnosticDescriptor MissingPolicy = new("POL0005", Error, "No policy",
        "This file has no policy in it. Start it with: policy Name \"Title\" {{ ... }}");
    public static readonly DiagnosticDescriptor MoreThanOnePolicy = new("POL0006", Error, "More than one policy",
        "A file holds one policy; '{0}' is a second one. Move it to a file of its own.");
    public static readonly DiagnosticDescriptor TooManyDiagnostics = new("POL0007", Error, "Too many problems",
        "Stopped reporting after {0} problems in this file. Fix the ones above and check again.");
    public static readonly DiagnosticDescriptor InvalidNumber = new("POL0008", Error, "Invalid number",
        "'{0}' is not a number Policy can use. A duration is a whole number up to 100000 (e.g. 14 days); other numbers have at most 28 digits (e.g. 3 or 2.5).");
    public static readonly DiagnosticDescriptor InvalidDate = new("POL0009", Error, "Invalid date",
        "'{0}' is not a real date. Write dates as year-month-day, e.g. 2025-02-01, and times of day as 2025-02-01T09:30.");

    // --- Names: POL0010-POL0019 --------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnknownName = new("POL0010", Error, "Unknown name",
        "There is no {0} named '{1}'.{2}");
    public static readonly DiagnosticDescriptor DuplicateName = new("POL0011", Error, "Duplicate name",
        "The name '{0}' is already used by the {1} on line {2}. Give this {3} a different name.");
    public static readonly DiagnosticDescriptor InvalidName = new("POL0012", Error, "Invalid name",
        "'{0}' cannot be used as a name: names start with a letter and use only letters, digits and _. Try '{1}'.");
    public static readonly DiagnosticDescriptor ReservedName = new("POL0013", Error, "Reserved name",
        "'{0}' is reserved for the generated code's own use. Choose another name for this {1}.");
    public static readonly DiagnosticDescriptor DuplicateHeader = new("POL0014", Error, "Repeated header line",
        "The policy already has a '{0}' line. Keep one and remove the other.");
    public static readonly DiagnosticDescriptor WrongKindOfName = new("POL0015", Error, "Wrong kind of name",
        "'{0}' is {1}, but {2} is needed here.");
    public static readonly DiagnosticDescriptor GeneratedNameClash = new("POL0016", Error, "Generated names clash",
        "'{0}' would generate the C# name '{1}', which the {2} '{3}' on line {4} generates too. Rename one of them.");

    // --- States and flow: POL0020-POL0029 -----------------------------------------------------------------
    public static readonly DiagnosticDescriptor MissingInitialState = new("POL0020", Error, "No initial state",
        "No state is marked 'initial', so no case could start. Mark the first state, e.g.: state {0} initial");
    public static readonly DiagnosticDescriptor DuplicateInitialState = new("POL0021", Error, "More than one initial state",
        "'{0}' is marked 'initial', but '{1}' already is. A case starts in exactly one state: remove one 'initial'.");
    public static readonly DiagnosticDescriptor UnreachableState = new("POL0022", Warning, "Unreachable state",
        "No action leads to state '{0}' from the initial state, so no case can ever be in it. Add an action 'to {0}', or remove the state.");
    public static readonly DiagnosticDescriptor DeadEndState = new("POL0023", Warning, "State with no way out",
        "A case in state '{0}' can never leave it, but '{0}' is not final. Add an action 'from {0} to ...', or mark it 'final'.");
    public static readonly DiagnosticDescriptor LeavesFinalState = new("POL0024", Error, "Action leaves a final state",
        "Action '{0}' moves a case out of the final state '{1}'. Remove 'final' from '{1}', or let '{0}' stay 'in {1}'.");
    public static readonly DiagnosticDescriptor InitialStateIsFinal = new("POL0025", Warning, "Initial state is final",
        "State '{0}' is both initial and final, so every case is over as soon as it starts. Remove one of the two markers.");
    public static readonly DiagnosticDescriptor NoStates = new("POL0027", Error, "No states",
        "Policy '{0}' declares no states, so no case could be opened under it. Declare the states a case goes through, e.g.: state Open initial, then state Closed final.");
    public static readonly DiagnosticDescriptor NoFinalState = new("POL0026", Warning, "No final state",
        "No state is marked 'final', so no case can ever be finished. Mark the state where cases end, e.g.: state Closed final");

    // --- Actions, fields, types: POL0030-POL0039 ------------------------------------------------------------
    public static readonly DiagnosticDescriptor AssignToUnassignedRole = new("POL0030", Error, "Role is not assigned per case",
        "'assign {0} = ...' needs role '{0}' to be held per case. Mark it: role {0} \"...\" assigned");
    public static readonly DiagnosticDescriptor AssignedRoleNeverAssigned = new("POL0031", Warning, "Assigned role never assigned",
        "Role '{0}' is assigned per case, but no action assigns it, so nobody can ever act as {0}. Add 'assign {0} = field' to an action.");
    public static readonly DiagnosticDescriptor TypeMismatch = new("POL0032", Error, "Wrong type",
        "{0}");
    public static readonly DiagnosticDescriptor ConflictingFieldType = new("POL0033", Error, "Field recorded with two types",
        "Field '{0}' is recorded as {1} here but as {2} on line {3}. A field name means one thing throughout a policy: rename one of them.");
    public static readonly DiagnosticDescriptor DuplicateField = new("POL0034", Error, "Field recorded twice",
        "Field '{0}' is already recorded by this {1}. Remove the second 'record {0}'.");
    public static readonly DiagnosticDescriptor EmptyChoice = new("POL0035", Error, "Choice with no options",
        "Choice '{0}' has no options. List them, e.g.: choice {0} {{ Yes, No }}");
    public static readonly DiagnosticDescriptor RoleCannotPerform = new("POL0036", Error, "Role cannot perform the action",
        "{0} must {1}, but '{1}' is performed only by {2}. Add {0} to the action's 'by' list, or name one of those roles here.");
    public static readonly DiagnosticDescriptor TooManyRoles = new("POL0038", Error, "Too many roles",
        "The policy declares {1} roles, and a policy can have at most {2}: '{0}' is the first over the limit. Merge roles that always act together, or split the procedure into policies of its own.");
    public static readonly DiagnosticDescriptor ActionHasNoStates = new("POL0037", Error, "Action without states",
        "Action '{0}' does not say where it can be performed. Add 'from State to State' or 'in State'.");

    // --- Deadlines and durations: POL0040-POL0049 -------------------------------------------------------------
    public static readonly DiagnosticDescriptor DeadlineIncomplete = new("POL0040", Error, "Incomplete deadline",
        "Deadline '{0}' does not say {1}. Add a line such as: {2}");
    public static readonly DiagnosticDescriptor DeadlineNeverMet = new("POL0041", Error, "Deadline can never be met",
        "Deadline '{0}' can only be met by '{1}', which cannot be performed in any state where the deadline is open ({2}). Allow '{1}' in one of those states.");
    public static readonly DiagnosticDescriptor EmptyWindow = new("POL0042", Error, "Window that never opens",
        "This window opens 'not before {0}' but closes 'within {1}', so it is never open. Make 'not before' shorter than 'within'.");
    public static readonly DiagnosticDescriptor IntervalExceedsMaximum = new("POL0043", Warning, "Recurring interval longer than its state can last",
        "'{0}' recurs every {1}, but state '{2}' must end within {3} (deadline '{4}'), so '{0}' would never fall due. Shorten the interval or lengthen the maximum.");
    public static readonly DiagnosticDescriptor DurationNotExhaustive = new("POL0044", Error, "Duration not always known",
        "If none of these conditions holds, the deadline would have no due time. Add a last case such as 'otherwise {0}'.");
    public static readonly DiagnosticDescriptor ZeroDuration = new("POL0045", Warning, "Zero duration",
        "A duration of 0 {0} is due the moment it starts. Write the real time allowed.");
    public static readonly DiagnosticDescriptor RecurringWithWithin = new("POL0046", Error, "Recurring deadline with 'within'",
        "Deadline '{0}' recurs ('every ...'), so its interval is its due time: remove 'within', or remove 'every' and give it a 'starts' line.");
    public static readonly DiagnosticDescriptor TwoTriggers = new("POL0047", Error, "Deadline started twice",
        "Deadline '{0}' already says when it starts. Keep one 'starts' or 'every' line.");
    public static readonly DiagnosticDescriptor UnorderedEscalation = new("POL0048", Warning, "Escalation stage at the same time",
        "This escalation stage has no 'after', so it happens at the same moment as the stage before it. Add 'after <duration>'.");
    public static readonly DiagnosticDescriptor PauseNeverResumes = new("POL0039", Error, "Pause that never resumes",
        "Deadline '{0}' pauses, but nothing resumes it, so once paused it could never fall due. Add a line saying what starts its clock again: resumes when Action, resumes on entering State, or resumes on leaving State");
    public static readonly DiagnosticDescriptor AutomaticActionWrong = new("POL0029", Error, "Action that happens by itself, written wrongly",
        "Action '{0}' happens by itself when '{1}' is due, so {2}");
    public static readonly DiagnosticDescriptor ExcuseWithoutReason = new("POL0028", Error, "Excuse without a reason",
        "Deadline '{0}' is excused by '{1}', which records no reason. An excuse is recorded with why: add to '{1}' a line such as: record reason: text");
    public static readonly DiagnosticDescriptor RepeatedDeadlineLine = new("POL0049", Error, "Repeated deadline line",
        "Deadline '{0}' already has a line '{1}'. Keep one.");

    // --- Calendars: POL0050-POL0059 ---------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnknownCalendar = new("POL0050", Error, "Unknown calendar",
        "There is no calendar named '{0}'. Known calendars: {1}.");
    public static readonly DiagnosticDescriptor DurationTooLong = new("POL0052", Error, "Duration too long",
        "'{0}' is longer than {1} years, the longest duration a policy can count on a calendar. Write a shorter duration.");
    public static readonly DiagnosticDescriptor WorkingDaysWithoutCalendar = new("POL0051", Error, "Working days without a calendar",
        "Working days need a calendar of working days and bank holidays. Add to the policy's header: calendar england-and-wales");
    public static readonly DiagnosticDescriptor CalendarCountsNoDay = new("POL0053", Error, "Calendar that counts no day",
        "Calendar '{0}' leaves out every day it would count, so nothing counted on it could ever fall due. Remove one of the days after 'except'.");
    public static readonly DiagnosticDescriptor UnknownDay = new("POL0054", Error, "Unknown day",
        "'{0}' is not a day a calendar can leave out. Write Mondays to Sundays, bank holidays, Christmas Day, Boxing Day, New Years Day, Good Friday or Easter Monday, separated by commas or 'and'.");
    public static readonly DiagnosticDescriptor CalendarCountsLine = new("POL0055", Error, "Calendar without one 'counts' line",
        "Calendar '{0}' {1}");
    public static readonly DiagnosticDescriptor WeeksOnCountedCalendar = new("POL0056", Warning, "Weeks or months on a calendar that leaves days out",
        "Deadline '{0}' is counted on '{1}', which leaves days out, but '{2}' is counted in weeks or months, which no left-out day shortens or lengthens. Write it in days (or hours) if the days '{1}' leaves out should not count.");
    public static readonly DiagnosticDescriptor BuiltInCalendarName = new("POL0057", Error, "Calendar name is built in",
        "'{0}' is the name of a built-in calendar. Give the calendar another name.");
    public static readonly DiagnosticDescriptor AnchorMayBeUnset = new("POL0059", Warning, "Anchor that may not be recorded",
        "Deadline '{0}' counts from '{1}', which may not be recorded when the deadline starts: {2} does not record it. If '{1}' has not been recorded by then, the deadline does not open. Record '{1}' (not optional) on {2}, or start the deadline when it is recorded.");
    public static readonly DiagnosticDescriptor DayLeftOutTwice = new("POL0058", Warning, "Day left out for nothing",
        "Calendar '{0}' leaves out '{1}', {2}. Remove it.");

    // --- Rules, requirements, citations: POL0060-POL0069 ------------------------------------------------------
    public static readonly DiagnosticDescriptor RuleIncomplete = new("POL0060", Error, "Incomplete rule",
        "Rule '{0}' needs {1}. Write it as: forbid Action while condition \"message shown to the user\"");
    public static readonly DiagnosticDescriptor UncitedRule = new("POL0062", Warning, "Rule without a citation",
        "{0} '{1}' does not cite the document it comes from, so it cannot be traced. Add: cite SourceId \"clause\"");
    public static readonly DiagnosticDescriptor ConditionAlwaysSame = new("POL0063", Warning, "Rule forbids what it needs",
        "Rule '{0}' forbids '{1}' unless '{1}' has happened, which it never can while it is forbidden. Name a different action in the condition.");

    public static readonly DiagnosticDescriptor NoActorHere = new("POL0064", Error, "A question about officers where it has no answer",
        "'{0}' cannot be used {1}. Ask about the acting officer, officers' roles and caseloads in an action's 'require' or a rule's 'forbid', which are decided once, as the action is performed.");
    public static readonly DiagnosticDescriptor ActorConditionNeverHolds = new("POL0065", Warning, "A condition on the acting officer that never holds",
        "This can never hold: {0}. {1}");
    public static readonly DiagnosticDescriptor CaseloadWeightOutOfRange = new("POL0066", Error, "A caseload weight out of range",
        "'{0}' cannot be a case's weight in a caseload. Write a number above 0 and at most 1000, with at most three decimal places, e.g. 1 or 2.5");
    public static readonly DiagnosticDescriptor CaseloadWeightIncomplete = new("POL0067", Error, "A caseload weight with no case for when none holds",
        "Every case of the caseload weight has a condition, so a case for which none holds would have no weight. End with one without 'when', e.g. otherwise 1");

    // --- Header: POL0070-POL0079 --------------------------------------------------------------------------------
    public static readonly DiagnosticDescriptor MissingVersion = new("POL0070", Warning, "No version",
        "Policy '{0}' has no version, so cases cannot say which version of it they ran under. Add: version \"2025.01\"");
    public static readonly DiagnosticDescriptor AbsenceOfUnassignedRole = new("POL0071", Error, "Absence of a role not held per case",
        "Signal '{0}' is raised on the absence of {1}, but '{1}' is not held per case, so there is no one officer to be absent. Mark the role 'assigned', or name an assigned role.");
    public static readonly DiagnosticDescriptor RepeatedAccess = new("POL0072", Error, "Repeated access rules",
        "The policy already has access rules, '{0}'. Keep one access block and put every 'read' line in it.");
    public static readonly DiagnosticDescriptor PurposesNotAChoice = new("POL0073", Error, "Purposes that cannot be given",
        "The purposes a reader may give must be the options of a choice, but {0}. Name a choice of plain options, e.g. choice ReadingPurpose {{ LinkedInvestigation, DisclosureReview }}, and write: for ReadingPurpose");
    public static readonly DiagnosticDescriptor AccessWithoutReaders = new("POL0074", Error, "Access rules that let nobody read",
        "Access rules '{0}' have no 'read' line, so nobody could read a case. Add: read by Role, Role");
    public static readonly DiagnosticDescriptor OrAboveNotRanked = new("POL0075", Error, "'Or above' on a role that is not a rank",
        "'{0} or above' needs the policy's ranks to name '{0}'. List the ranks, lowest first, e.g. ranks Sergeant, Inspector, Superintendent");
    public static readonly DiagnosticDescriptor RankTwice = new("POL0076", Error, "A rank listed twice",
        "'{0}' is already in the ranks. Name each rank once, lowest first.");

    // --- Versions of one policy across files: POL0080-POL0089 --------------------------------------------------
    public static readonly DiagnosticDescriptor VersionsInForceTogether = new("POL0080", Error, "Two versions in force on one day",
        "Version '{0}' of {1} takes effect on {2}, the same day as version '{3}' in {4}, so a case opened that day would have two versions. Give each version its own effective date.");
    public static readonly DiagnosticDescriptor VersionWithoutPeriod = new("POL0081", Error, "A version that does not say when it is in force",
        "{1} has {2} versions in this project ({3}), so each must say when it is in force and which it is; this one has no {0}. Add: {4}");
    public static readonly DiagnosticDescriptor VersionLabelTwice = new("POL0082", Error, "One version label on two versions",
        "Version '{0}' of {1} is also the label of the version in {2}. Give each version of a policy its own label (the year and number of its issue, such as \"2026.01\").");
    public static readonly DiagnosticDescriptor StateRemovedInNewerVersion = new("POL0083", Warning, "A state removed while cases may be in it",
        "State {0} of version '{1}' ({2}) is not in version '{3}', the newest. Cases opened under '{1}' can be in it: they keep running under '{1}' until migrated, and the generated state enum keeps {0} (obsolete) for them. Map it to a state of '{3}' in the migration plan: policy migrate plan.");

    // --- Code generation: POL0090-POL0099 --------------------------------------------------------------------
    public static readonly DiagnosticDescriptor GenerationFailed = new("POL0090", Error, "Code generation failed",
        "No code could be generated for policy '{0}': {1}. The policy itself may be fine: this is a fault in Policy, so please report it with the policy attached.");
    public static readonly DiagnosticDescriptor DuplicatePolicyName = new("POL0091", Error, "Two policies that generate one C# type",
        "Another policy file in this project, {1}, also generates the C# type '{0}'. Each policy becomes a class of its name and an enum of its name followed by 'State', in one namespace, and their generated files must differ in more than letter case: rename one of the policies.");

    /// <summary>Every descriptor in the catalogue, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();
}
