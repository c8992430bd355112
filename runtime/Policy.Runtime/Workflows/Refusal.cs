using Policy.Definitions;

namespace Policy.Runtime.Workflows;

/// <summary>Why an action, signal or setting override was refused.</summary>
public enum RefusalKind
{
    /// <summary>The actor holds none of the roles that may perform the action.</summary>
    Role,
    /// <summary>The action's role is assigned per case, and the actor is not the officer assigned to it (or nobody is yet).</summary>
    NotAssigned,
    /// <summary>The action is not allowed in the case's current state (including a closed case).</summary>
    State,
    /// <summary>A rule of the policy forbids the action now.</summary>
    Rule,
    /// <summary>A <c>require</c> of the action does not hold.</summary>
    Precondition,
    /// <summary>A recorded value is missing, empty, of the wrong kind, or not a valid value.</summary>
    InvalidInput,
    /// <summary>An <c>assign</c> names an officer who does not hold the role in the force (a SOIT who is not SOIT-trained).</summary>
    Qualification,
}

/// <summary>A refusal: what kind, the message to show the user, and the paragraphs of the source documents it enforces.</summary>
/// <param name="Kind">Why it was refused.</param>
/// <param name="Message">The policy's message (for rules and requirements) or one the runtime writes, fit to show a user.</param>
/// <param name="Citations">The clauses the refusal enforces; empty when the policy cites none.</param>
/// <param name="Subject">The action, signal or setting that was refused.</param>
/// <param name="RuleName">The rule that forbade the action, for <see cref="RefusalKind.Rule"/>.</param>
/// <param name="Field">The field at fault, for <see cref="RefusalKind.InvalidInput"/>.</param>
public sealed record Refusal(
    RefusalKind Kind,
    string Message,
    IReadOnlyList<Citation> Citations,
    string Subject,
    string? RuleName = null,
    string? Field = null)
{
    public override string ToString() => $"{Kind}: {Message}";
}
