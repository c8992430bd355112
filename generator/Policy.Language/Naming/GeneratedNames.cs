using System.Globalization;

namespace Policy.Language.Naming;

/// <summary>
/// The one naming layer between a policy's names and the C# generated from it: how each declaration and field is
/// named in C#, and which C# names are already taken. The checker refuses a policy whose names would clash here
/// (<see cref="GeneratedNameCheck"/>), and the generator names everything through these methods, so a policy that
/// checks clean always gives C# that compiles. Recorded values and every string the runtime sees stay the policy's
/// own names: only identifiers are escaped.
/// </summary>
public static class GeneratedNames
{
    /// <summary>The parameter every action method and setting override takes first.</summary>
    public const string ActorParameter = "actor";

    /// <summary>The parameter of a setting override.</summary>
    public const string ValueParameter = "value";

    /// <summary>The name C# reserves in every enum for its underlying value; no state or option can have it.</summary>
    public const string EnumValueField = "value__";

    /// <summary>
    /// A name as a C# identifier of a member, parameter or enum member: a C# keyword, contextual keyword or
    /// undocumented keyword (<c>__arglist</c>) is written verbatim with <c>@</c>; any other name is a legal identifier as
    /// it is, because the lexer accepts only what C# accepts in identifiers.
    /// </summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>
    /// A name as a C# type's identifier: as <see cref="Identifier"/>, and also verbatim when it is only lower-case
    /// ASCII letters, which the compiler warns may become a keyword one day (CS8981) and which a verbatim name silences.
    /// </summary>
    public static string TypeIdentifier(string name) => Keywords.Contains(name) || IsLowerCaseAscii(name) ? "@" + name : name;

    /// <summary>Every word C# reserves or gives a meaning in some context (C# 14), and the undocumented keywords.</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
        "add", "alias", "allows", "and", "args", "ascending", "async", "await", "by", "descending", "dynamic", "equals",
        "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed", "nameof",
        "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove", "required", "scoped",
        "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    private static bool IsLowerCaseAscii(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not (>= 'a' and <= 'z'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field's name as a property of an option's record: <c>reason</c> becomes <c>Reason</c>.</summary>
    public static string PropertyName(string field) =>
        field.Length == 0 ? field : char.ToUpper(field[0], CultureInfo.InvariantCulture) + field.Substring(1);

    /// <summary>
    /// The property of the workflow's <c>CaseRecord</c> for each field the case records, by field name: the field's
    /// <see cref="PropertyName"/> (<c>arrivedAt</c> becomes <c>ArrivedAt</c>), except where two fields would give the
    /// same one (<c>seenAt</c> and <c>SeenAt</c>) or it is a name the struct uses (<see cref="CaseRecordReserved"/>:
    /// <c>equals</c> would be <c>Equals</c>): then the field keeps its name as written. Field names are distinct, so
    /// the only clash left is a field written as a reserved name, which the checker refuses. The result is unescaped
    /// (see <see cref="Identifier"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> CaseRecordProperties(IEnumerable<string> fields, string policy)
    {
        var reserved = new HashSet<string>(CaseRecordReserved(policy), StringComparer.Ordinal);
        var distinct = fields.Distinct(StringComparer.Ordinal).ToList();
        var shared = new HashSet<string>(
            distinct.GroupBy(PropertyName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key),
            StringComparer.Ordinal);
        return distinct.ToDictionary(f => f, f => shared.Contains(PropertyName(f)) || reserved.Contains(PropertyName(f)) ? f : PropertyName(f), StringComparer.Ordinal);
    }

    /// <summary>
    /// What a <c>CaseRecord</c> property cannot be named: what the struct inherits, its own name, its field, and the
    /// workflow class's name (which qualifies the choices it reads).
    /// </summary>
    public static IEnumerable<string> CaseRecordReserved(string policy) =>
        ObjectMembers.Concat(new[] { CaseRecordType, CaseRecordField, policy });

    /// <summary>A field's name as a parameter of an action or signal method: <c>Reason</c> becomes <c>reason</c>.</summary>
    public static string ParameterName(string field) =>
        field.Length == 0 ? field : char.ToLower(field[0], CultureInfo.InvariantCulture) + field.Substring(1);

    /// <summary>The enum of a policy's states, beside its workflow class.</summary>
    public static string StateEnum(string policy) => policy + "State";

    /// <summary>The query whether an action may be performed now.</summary>
    public static string CanMethod(string action) => "Can" + action;

    /// <summary>The method that overrides a setting for one case.</summary>
    public static string OverrideMethod(string setting) => "Override" + setting;

    /// <summary>The method that raises a signal.</summary>
    public static string RaiseMethod(string signal) => "Raise" + signal;

    /// <summary>The private helper that turns an option of a choice without data into its recorded form.</summary>
    public static string OptionNamesClass(string choice) => choice + "Names";

    /// <summary>The attribute that declares code acting as a role.</summary>
    public static string ActsAsAttribute(string role) => "ActsAs" + role + "Attribute";

    /// <summary>A deadline's fixed due duration in the <c>Durations</c> class.</summary>
    public static string WithinDuration(string deadline) => deadline + "Within";

    /// <summary>A deadline's fixed window in the <c>Durations</c> class.</summary>
    public static string NotBeforeDuration(string deadline) => deadline + "NotBefore";

    /// <summary>The <see cref="System.TimeSpan"/> twin of a duration constant.</summary>
    public static string TimeSpanOf(string duration) => duration + "TimeSpan";

    /// <summary>The types every workflow class nests, whatever the policy declares.</summary>
    public static IReadOnlyList<string> WorkflowNestedClasses { get; } = new[] { "Roles", "Deadlines", "Durations", "SettingDefaults", "Calendars", CaseRecordType };

    /// <summary>The members every workflow class declares itself: the policy, compiled, and the case's typed record.</summary>
    public static IReadOnlyList<string> WorkflowStaticMembers { get; } = new[] { "Description", "Policy", "Descriptions", "AllVersions", RecordProperty };

    /// <summary>The workflow's property that reads what the case has recorded, typed.</summary>
    public const string RecordProperty = "Record";

    /// <summary>The nested struct <see cref="RecordProperty"/> returns: a property per field the case records.</summary>
    public const string CaseRecordType = "CaseRecord";

    /// <summary>The private field of <see cref="CaseRecordType"/> holding the workflow it reads.</summary>
    public const string CaseRecordField = "__workflow";

    /// <summary>
    /// The parameter of the generated readers of a recorded choice, and the prefix of their locals. C# keeps names with
    /// two underscores for the implementation; the checker refuses a policy named so (it would hide these).
    /// </summary>
    public const string ReaderParameter = "__recorded";

    /// <summary>What every class inherits from <see cref="object"/>: declaring one again hides it (CS0108).</summary>
    public static IReadOnlyList<string> ObjectMembers { get; } = new[] { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>
    /// The public and protected members a workflow class inherits from <c>PolicyWorkflow&lt;TState&gt;</c>. A test
    /// compares this list with the runtime's type, so that a member added there is reserved here too.
    /// </summary>
    public static IReadOnlyList<string> WorkflowBaseMembers { get; } = new[]
    {
        "CompiledPolicy", "TimeProvider", "Availability", "OfficerRoles", "Caseloads", "Case", "CaseId", "Version", "SavedVersion", "IsOpened", "IsClosed",
        "StateIndex", "StateName", "State", "OpenDeadlines", "DeadlineHistory", "Settings", "PendingEvents", "PendingAudit",
        "PendingNotifications", "Now", "AssignedOfficer", "Recorded", "Rehydrate", "OpenCase", "Replay", "MarkSaved",
        "Perform", "Can", "RaiseSignal", "Signal", "OverrideSetting", "RecordDueDeadlines", "DueDeadlineRows", "AssignmentRows", "ByIndex",
        "SystemActorId", "ApiPolicy", "Versions", "Migrate", "ByName", "MissingVersion",
    };

    /// <summary>
    /// What a record declares or inherits that an option's record, or a property of it, must not be named: the
    /// members C# synthesises for records, <see cref="object"/>'s, and the generated <c>ToFieldValue</c>.
    /// </summary>
    public static IReadOnlyList<string> RecordMembers { get; } = new[]
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone",
        "Finalize", "ReferenceEquals", "ToFieldValue", "FromFieldValue",
    };

    /// <summary>What the generated action, signal and override methods call by their simple names: a parameter of that name would hide it.</summary>
    public static IReadOnlyList<string> NamesCalledByGeneratedMethods { get; } = new[] { "Perform", "Can", "Signal", "OverrideSetting", "Settings" };
}
