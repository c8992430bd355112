using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Time;

namespace Policy.Runtime.Availability;

/// <summary>
/// What an absence signal records, filled from the absence itself: the officer, the absence's dates and its reason,
/// wherever the signal declares a field for them. Used by <see cref="Cases.CaseService"/> and by anything else that
/// raises absence signals (the <c>policy</c> tool's scenarios), so that both record the same thing.
/// </summary>
public static class AbsenceSignalFields
{
    /// <summary>Field names that mean the end of the absence; every other date or date-time field gets its start.</summary>
    private static readonly HashSet<string> EndNames = new(StringComparer.OrdinalIgnoreCase) { "until", "to", "end", "ends", "returns" };

    /// <summary>
    /// The fields of <paramref name="signal"/> filled from <paramref name="absence"/>: officer fields get the officer, date
    /// and date-time fields the start (or, when named <c>until</c>, <c>to</c>, <c>end</c>, <c>ends</c> or <c>returns</c>,
    /// the end, when known), a text field named <c>reason</c> the reason. Dates are days in Europe/London.
    /// </summary>
    public static Dictionary<string, FieldValue> For(SignalDefinition signal, OfficerAbsence absence)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(absence);
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var field in signal.Fields)
        {
            DateTimeOffset? when = EndNames.Contains(field.Name) ? absence.Until : absence.From;
            FieldValue? value = field.Type.Kind switch
            {
                ValueKind.Officer => FieldValues.Officer(absence.OfficerId),
                ValueKind.DateTime => FieldValues.DateTime(when),
                ValueKind.Date => when is { } instant
                    ? FieldValues.Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, EuropeLondon.TimeZone).DateTime))
                    : null,
                ValueKind.Text when string.Equals(field.Name, "reason", StringComparison.OrdinalIgnoreCase) && absence.Reason is { Length: > 0 } reason
                    => FieldValues.Text(reason),
                _ => null,
            };
            if (value is not null)
            {
                fields[field.Name] = value;
            }
        }

        return fields;
    }
}
