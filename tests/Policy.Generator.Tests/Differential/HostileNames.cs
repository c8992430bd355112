namespace Policy.Generator.Tests.Differential;

/// <summary>
/// Names that a valid policy may declare but that are dangerous in the generated C#: keywords, contextual keywords,
/// compiler-reserved spellings, the names of members the generated class declares or inherits, Unicode, and
/// all-lower-case type names. None is a word of the policy language itself, except those in
/// <see cref="LanguageWords"/>, which are only ever used where the parser cannot read them as keywords.
/// </summary>
internal static class HostileNames
{
    /// <summary>C# reserved keywords, less <c>in</c>, <c>is</c> and <c>while</c>, which are also words of the policy language.</summary>
    public static readonly string[] CSharpKeywords =
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "int", "interface", "internal", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile",
    };

    /// <summary>Contextual keywords that are not words of the policy language.</summary>
    public static readonly string[] ContextualKeywords =
    {
        "var", "value", "file", "required", "scoped", "nameof", "dynamic", "global", "field", "async", "await", "init", "get",
        "add", "remove", "partial", "yield", "alias", "managed", "unmanaged", "nint", "nuint", "notnull", "args", "select",
        "let", "join", "group", "into", "orderby", "ascending", "descending", "equals", "with",
    };

    /// <summary>Spellings the C# compiler reserves or treats specially.</summary>
    public static readonly string[] CompilerSpecial = { "__arglist", "__makeref", "__reftype", "__refvalue", "_", "value__", "__" };

    /// <summary>Members the generated workflow class declares, or inherits from <c>PolicyWorkflow</c>, <c>object</c> and records.</summary>
    public static readonly string[] MemberNames =
    {
        "Description", "Policy", "Roles", "Deadlines", "Durations", "SettingDefaults", "State", "Version", "CaseId", "Perform",
        "Can", "Replay", "Now", "Signal", "Equals", "ToString", "GetHashCode", "Deconstruct", "EqualityContract",
        "ToFieldValue", "PrintMembers", "OpenCase", "Recorded", "MarkSaved", "TimeProvider", "Availability", "Case",
        "IsClosed", "IsOpened", "StateName", "StateIndex", "Settings", "OpenDeadlines", "PendingEvents", "PendingAudit",
        "PendingNotifications", "RaiseSignal", "OverrideSetting", "GetType", "MemberwiseClone", "Finalize", "Rehydrate",
        "CompiledPolicy", "SavedVersion", "DeadlineHistory", "AssignedOfficer", "RecordDueDeadlines", "DueDeadlineRows",
        "AssignmentRows", "Actor", "ActionResult", "System", "Global", "Names",
    };

    /// <summary>Letters of other scripts, and a name that starts with a lower-case non-ASCII letter.</summary>
    public static readonly string[] Unicode = { "Überprüfung", "调查", "Ärger", "Дело", "事件", "ñandú", "Ωmega", "Straße", "مراجعة" };

    /// <summary>Type-like names written all in lower case (<c>choice grade</c>).</summary>
    public static readonly string[] LowerCaseTypes = { "grade", "rag", "outcome", "decision", "status", "kind" };

    /// <summary>
    /// Words of the policy language that the reference says may still be field names (<c>record when: text</c>). They
    /// are recorded, never named in a condition, where the parser would read them as keywords.
    /// </summary>
    public static readonly string[] LanguageWords = { "record", "when", "where", "set" };

    /// <summary>The names the checker reserves (POL0013) for actions, deadlines, settings and signals.</summary>
    public static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
    {
        "State", "Version", "CaseId", "Definition", "Compiled", "OpenDeadlines", "Settings", "PendingEvents", "Roles",
        "Deadlines", "Actions", "States", "Signals", "Rules", "Create", "Rehydrate", "RaiseSignal", "OverrideSetting",
        "Perform", "Can", "Equals", "GetHashCode", "ToString", "GetType", "Finalize", "MemberwiseClone", "Description",
    };

    /// <summary>Types the generated class always nests: no action, setting or choice may have these names.</summary>
    public static readonly HashSet<string> NestedTypeNames = new(StringComparer.Ordinal) { "Roles", "Deadlines", "Durations", "SettingDefaults" };

    /// <summary>Every hostile name, for counting how many checked policies declare one.</summary>
    public static readonly HashSet<string> All = new(
        CSharpKeywords.Concat(ContextualKeywords).Concat(CompilerSpecial).Concat(MemberNames).Concat(Unicode).Concat(LowerCaseTypes).Concat(LanguageWords),
        StringComparer.Ordinal);

    /// <summary>C# keywords (reserved or contextual): the names whose escaping the generator must get right.</summary>
    public static readonly HashSet<string> Keywords = new(CSharpKeywords.Concat(ContextualKeywords).Concat(CompilerSpecial), StringComparer.Ordinal);

    /// <summary>Words the parser recognises by position; never used as a declared name, nor in a condition.</summary>
    public static readonly HashSet<string> PolicyKeywords = new(StringComparer.Ordinal)
    {
        "policy", "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action",
        "deadline", "rule", "assigned", "initial", "final", "optional", "on", "absence", "of", "text", "yes", "no", "number",
        "date", "duration", "officer", "by", "from", "to", "in", "record", "require", "assign", "notify", "cite", "starts",
        "when", "each", "entering", "every", "while", "must", "where", "within", "not", "before", "stops", "leaving",
        "escalate", "then", "after", "warn", "otherwise", "forbid", "unless", "and", "or", "is", "set", "available", "open",
        "since", "happened", "minute", "minutes", "hour", "hours", "day", "days", "working", "week", "weeks", "month",
        "months",
    };
}
