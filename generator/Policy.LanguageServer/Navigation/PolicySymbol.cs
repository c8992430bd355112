namespace Policy.LanguageServer.Navigation;

/// <summary>What kind of thing a name in a policy stands for.</summary>
internal enum PolicySymbolKind
{
    Policy,
    Source,
    Calendar,
    Role,
    Choice,
    Option,
    OptionField,
    State,
    Signal,
    Setting,
    Action,
    Deadline,
    Rule,
    Field,
}

/// <summary>
/// A declared name. Declarations share one namespace (the binder's); fields are the case's record, one name however
/// many actions record it; an option belongs to its choice, and an option's field to that choice.
/// </summary>
internal sealed record PolicySymbol(PolicySymbolKind Kind, string Name, string? Container = null)
{
    /// <summary>How the kind is said to a policy owner: "role", "option field".</summary>
    public string KindWord => Kind switch
    {
        PolicySymbolKind.OptionField => "option field",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
