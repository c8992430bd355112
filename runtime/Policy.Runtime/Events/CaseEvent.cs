using Policy.Definitions;

namespace Policy.Runtime.Events;

/// <summary>What kind of thing a <see cref="CaseEvent"/> records.</summary>
public enum CaseEventKind
{
    /// <summary>The case was opened in the policy's initial state. <see cref="CaseEvent.Name"/> is the initial state.</summary>
    Opened,
    /// <summary>An officer performed an action. <see cref="CaseEvent.Name"/> is the action.</summary>
    ActionPerformed,
    /// <summary>A signal arrived from outside. <see cref="CaseEvent.Name"/> is the signal.</summary>
    SignalRaised,
    /// <summary>A deadline passed its due time unmet. <see cref="CaseEvent.Name"/> is the deadline.</summary>
    DeadlineBreached,
    /// <summary>A stage of a deadline's escalation happened. <see cref="CaseEvent.Name"/> is the deadline; <see cref="CaseEvent.Role"/> the role alerted.</summary>
    DeadlineEscalated,
    /// <summary>A setting was overridden for this case. <see cref="CaseEvent.Name"/> is the setting; the value is the field named "value".</summary>
    SettingOverridden,
    /// <summary>
    /// The case moved to another version of its policy, as a migration plan decided (docs/versions.md).
    /// <see cref="CaseEvent.Name"/> is the version it moved to; the fields record the version it left and each choice the
    /// plan made for it, so replay needs nothing else.
    /// </summary>
    Migrated,
}

/// <summary>
/// One accepted change to a case. Cases are event-sourced: state, assignments and open deadlines are rebuilt by replaying these.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Version">1 for the <see cref="CaseEventKind.Opened"/> event, then one more for each event.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Name">The action, signal, deadline, state or setting concerned.</param>
/// <param name="At">When, in UTC.</param>
/// <param name="ActorId">The officer who acted; null for signals and the monitor's events.</param>
/// <param name="Role">The role the officer acted in, or the role alerted by an escalation.</param>
/// <param name="Fields">The recorded fields, by name. Values are <see cref="FieldValue"/>s.</param>
/// <param name="PolicyName">The policy the case runs under.</param>
/// <param name="PolicyVersion">That policy's version when the event was accepted.</param>
/// <param name="Instance">For deadline events: the instance of the deadline (deadlines started <c>each</c> time can have several).</param>
public sealed record CaseEvent(
    string CaseId,
    long Version,
    CaseEventKind Kind,
    string Name,
    DateTimeOffset At,
    string? ActorId,
    string? Role,
    IReadOnlyDictionary<string, FieldValue> Fields,
    string PolicyName,
    string PolicyVersion,
    int Instance = 0);

/// <summary>
/// A recorded value. <see cref="Text"/> holds it in the invariant form documented on <see cref="Value"/>
/// (text as given; <c>yes</c>/<c>no</c>; invariant decimal; <c>yyyy-MM-dd</c>; ISO 8601 UTC instant; a duration as
/// <c>"14 days"</c>; an officer id; a choice option's name). A choice option's own fields are in <see cref="Fields"/>.
/// </summary>
public sealed record FieldValue(ValueKind Kind, string Text, IReadOnlyDictionary<string, FieldValue>? Fields = null);
