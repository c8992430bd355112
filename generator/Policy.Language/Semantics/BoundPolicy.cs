using Policy.Definitions;
using Policy.Language.Syntax;

namespace Policy.Language.Semantics;

/// <summary>
/// The semantic model of one policy: its lowered <see cref="PolicyDefinition"/> and, for every declared name,
/// the syntax that declared it (so later checks can point at the right place).
/// </summary>
public sealed class BoundPolicy
{
    internal BoundPolicy(
        PolicyDeclarationSyntax syntax,
        PolicyDefinition definition,
        IReadOnlyDictionary<string, DeclarationSyntax> declarations,
        IReadOnlyDictionary<string, ActionRecord> actionRecords)
    {
        Syntax = syntax;
        Definition = definition;
        Declarations = declarations;
        ActionRecords = actionRecords;
    }

    public PolicyDeclarationSyntax Syntax { get; }

    /// <summary>The lowered policy. Only meaningful to run when the compilation has no errors.</summary>
    public PolicyDefinition Definition { get; }

    /// <summary>Every declared name (state, role, action, deadline, rule, signal, setting, choice, source) to its declaration.</summary>
    public IReadOnlyDictionary<string, DeclarationSyntax> Declarations { get; }

    /// <summary>
    /// True when some action's states or some state could not be bound (an error has been reported): the checker then
    /// makes no claims about reachability, ways out or deadlines that can never be met, which would only echo that error.
    /// </summary>
    public bool FlowIsIncomplete { get; internal set; }

    /// <summary>Per action and per signal, where each of its fields was declared.</summary>
    internal IReadOnlyDictionary<string, ActionRecord> ActionRecords { get; }
}

/// <summary>The fields an action or signal records, with their syntax.</summary>
internal sealed class ActionRecord
{
    public List<FieldDefinition> Fields { get; } = new();
    public Dictionary<string, FieldSyntax> Syntax { get; } = new(StringComparer.Ordinal);
}
