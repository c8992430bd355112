namespace Policy.LanguageServer.Navigation;

/// <summary>
/// The words that start a statement in each kind of block, as the parser reads them (its lists are private to it:
/// these follow <c>Parser.PolicyKeywords</c>, <c>ActionKeywords</c> and the rest, and the server's tests check each
/// against the parser), and the words that continue a line.
/// </summary>
internal static class Keywords
{
    public static readonly string[] Policy = { "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action", "deadline", "rule", "access", "ranks", "caseload" };
    public static readonly string[] Action = { "record", "require", "assign", "notify", "cite" };
    public static readonly string[] Signal = { "record", "cite" };
    public static readonly string[] Deadline = { "starts", "every", "within", "not", "stops", "pauses", "resumes", "excused", "escalate", "warn", "counted", "cite" };
    public static readonly string[] Calendar = { "counts", "cite" };
    public static readonly string[] Rule = { "forbid", "cite" };
    public static readonly string[] Access = { "read", "cite" };

    /// <summary>Words that continue a statement.</summary>
    public static readonly string[] InLine =
    {
        "by", "from", "in", "to", "then", "after", "when", "while", "unless", "where", "within", "must", "before", "not",
        "is", "and", "or", "happened", "since", "entering", "leaving", "each", "on", "of", "absence", "set", "available",
        "open", "was", "otherwise", "optional", "initial", "final", "assigned", "working", "day", "days", "hour", "hours",
        "minute", "minutes", "week", "weeks", "month", "months", "for", "flagged", "above", "actor", "involved", "has", "acted",
        "weight",
    };

    /// <summary>The built-in types a field or setting may have; choices are the others.</summary>
    public static readonly string[] Types = { "text", "yes/no", "number", "date", "date-time", "duration", "officer" };

    /// <summary>Every word a name must not be, so that a rename cannot turn a name into a keyword.</summary>
    public static readonly HashSet<string> All = new(
        new[] { "policy" }.Concat(Policy).Concat(Action).Concat(Signal).Concat(Deadline).Concat(Calendar).Concat(Rule).Concat(Access).Concat(InLine).Concat(Types).Concat(new[] { "yes", "no" }),
        StringComparer.Ordinal);
}
