using Policy.Runtime.Availability;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>
/// What a condition is evaluated against: the case, the values submitted with the action or signal being decided or
/// applied (by field position), the time, and who answers "is this officer available".
/// </summary>
internal readonly ref struct EvaluationContext
{
    private readonly int[]? _slotToPosition;
    private readonly ReadOnlySpan<FieldValue?> _submitted;

    public EvaluationContext(CaseState state, CompiledCommand? command, ReadOnlySpan<FieldValue?> submitted, DateTimeOffset now, IOfficerAvailability? availability)
    {
        State = state;
        _slotToPosition = command?.SlotToPosition;
        _submitted = submitted;
        Now = now;
        Availability = availability;
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
