using Policy.Runtime.Availability;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>The application's answers a decision may need, passed together.</summary>
internal readonly record struct DecisionServices(IOfficerAvailability? Availability, IOfficerRoles? OfficerRoles, IOfficerCaseloads? Caseloads);

/// <summary>
/// What a condition is evaluated against: the case, the values submitted with the action or signal being decided or
/// applied (by field position), the time, who acts, and who answers "is this officer available", "does this officer hold
/// this role" and "what is this officer's caseload".
/// </summary>
internal readonly ref struct EvaluationContext
{
    private readonly int[]? _slotToPosition;
    private readonly ReadOnlySpan<FieldValue?> _submitted;

    public EvaluationContext(CaseState state, CompiledCommand? command, ReadOnlySpan<FieldValue?> submitted, DateTimeOffset now, IOfficerAvailability? availability)
        : this(state, command, submitted, now, new DecisionServices(availability, null, null), null)
    {
    }

    public EvaluationContext(CaseState state, CompiledCommand? command, ReadOnlySpan<FieldValue?> submitted, DateTimeOffset now, DecisionServices services, Workflows.Actor? actor)
    {
        State = state;
        _slotToPosition = command?.SlotToPosition;
        _submitted = submitted;
        Now = now;
        Availability = services.Availability;
        OfficerRoles = services.OfficerRoles;
        Caseloads = services.Caseloads;
        Actor = actor;
    }

    /// <summary>Which roles officers hold in the force; null when the application keeps no register.</summary>
    public IOfficerRoles? OfficerRoles { get; }

    /// <summary>Officers' open caseloads; null when none were read.</summary>
    public IOfficerCaseloads? Caseloads { get; }

    /// <summary>The officer performing the action being decided; null where nobody acts (a deadline's step, a duration).</summary>
    public Workflows.Actor? Actor { get; }

    /// <summary>True when the officer holds <paramref name="role"/> in the force: the actor's own roles, else the register.</summary>
    public bool HoldsRole(string officerId, string role)
    {
        if (Actor is { } actor && string.Equals(actor.Id, officerId, StringComparison.Ordinal))
        {
            return actor.HasRole(role);
        }

        return OfficerRoles?.HoldsRole(officerId, role) ?? true;
    }

    public CaseState State { get; }

    public DateTimeOffset Now { get; }

    public IOfficerAvailability? Availability { get; }

    /// <summary>
    /// A field by its case-record slot: the submitted value when the command being performed declares that field (even
    /// if it was left out, so "reason is set" asks about this submission), otherwise the latest value the case recorded.
    /// </summary>
    public FieldValue? Field(int slot)
    {
        if (slot < 0)
        {
            return null;
        }

        if (_slotToPosition is not null)
        {
            var position = _slotToPosition[slot];
            if (position >= 0)
            {
                return position < _submitted.Length ? _submitted[position] : null;
            }
        }

        return State.RecordedAt(slot);
    }
}
