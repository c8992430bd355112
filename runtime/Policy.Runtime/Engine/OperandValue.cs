using System.Globalization;
using Policy.Definitions;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>
/// A value read from a recorded field, a setting, a role or a literal, parsed once into a form conditions can compare
/// without allocating: text-like values keep their text, numbers a decimal, and dates, instants, durations and yes/no a
/// number in <see cref="Scalar"/> (day number, UTC ticks, nominal minutes, 1/0).
/// </summary>
internal readonly struct OperandValue
{
    private OperandValue(ValueKind kind, string? text, decimal number, long scalar, Duration duration = default)
    {
        HasValue = true;
        Kind = kind;
        Text = text;
        Number = number;
        Scalar = scalar;
        Duration = duration;
    }

    /// <summary>For a duration, the duration itself, so that two in different units can be compared at real dates.</summary>
    public Duration Duration { get; }

    /// <summary>False for a value that was never recorded (or cannot be read as its kind).</summary>
    public bool HasValue { get; }

    public ValueKind Kind { get; }

    public string? Text { get; }

    public decimal Number { get; }

    public long Scalar { get; }

    /// <summary>An instant, as a date-time value.</summary>
    public static OperandValue OfInstant(DateTimeOffset instant) => new(ValueKind.DateTime, null, 0, instant.UtcTicks);

    /// <summary>A number.</summary>
    public static OperandValue OfNumber(decimal number) => new(ValueKind.Number, null, number, 0);

    /// <summary>A text-like value (text, officer, choice option) that needs no parsing.</summary>
    public static OperandValue OfText(ValueKind kind, string text) => new(kind, text, 0, 0);

    /// <summary>Reads recorded text as a value of <paramref name="kind"/>; false when it is not a valid one.</summary>
    public static bool TryRead(ValueKind kind, string text, out OperandValue value)
    {
        value = default;
        switch (kind)
        {
            case ValueKind.Text:
            case ValueKind.Officer:
            case ValueKind.Choice:
                value = new OperandValue(kind, text, 0, 0);
                return true;
            case ValueKind.YesNo:
                if (text is "yes" or "no")
                {
                    value = new OperandValue(kind, null, 0, text == "yes" ? 1 : 0);
                    return true;
                }

                return false;
            case ValueKind.Number:
                // Only plain decimals: "NaN", "Infinity" and exponents are not numbers a policy records.
                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    value = new OperandValue(kind, null, number, 0);
                    return true;
                }

                return false;
            case ValueKind.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = new OperandValue(kind, null, 0, date.DayNumber);
                    return true;
                }

                return false;
            case ValueKind.DateTime:
                if (text.Length >= 16 && text[4] == '-' && text[10] == 'T'
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
                {
                    value = new OperandValue(kind, null, 0, instant.UtcTicks);
                    return true;
                }

                return false;
            case ValueKind.Duration:
                if (DurationText.TryParse(text, out var duration))
                {
                    value = new OperandValue(kind, null, 0, DurationText.NominalMinutes(duration), duration);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Reads a recorded value as <paramref name="kind"/>; unset when it is absent or of another kind.</summary>
    public static OperandValue From(FieldValue? recorded, ValueKind kind) =>
        recorded is not null && recorded.Kind == kind && TryRead(kind, recorded.Text, out var value) ? value : default;

    /// <summary>A policy literal; durations carry their <see cref="Duration"/>.</summary>
    public static OperandValue FromLiteral(Value literal)
    {
        if (literal.Type.Kind == ValueKind.Duration && literal.Duration is { } duration)
        {
            return new OperandValue(ValueKind.Duration, null, 0, DurationText.NominalMinutes(duration), duration);
        }

        return TryRead(literal.Type.Kind, literal.Text, out var value) ? value : default;
    }

    /// <summary>
    /// Compares two values. An unrecorded value equals only another unrecorded one and is neither less nor greater
    /// than anything, so a condition on a fact nobody recorded does not hold by accident.
    /// </summary>
    public static bool Compare(in OperandValue left, CompareOperator op, in OperandValue right)
    {
        if (!left.HasValue || !right.HasValue)
        {
            var bothUnset = !left.HasValue && !right.HasValue;
            return op switch
            {
                CompareOperator.Equal => bothUnset,
                CompareOperator.NotEqual => !bothUnset,
                _ => false,
            };
        }

        int order;
        switch (left.Kind)
        {
            case ValueKind.Text:
            case ValueKind.Officer:
            case ValueKind.Choice:
                var equal = string.Equals(left.Text, right.Text, StringComparison.Ordinal);
                return op switch
                {
                    CompareOperator.Equal => equal,
                    CompareOperator.NotEqual => !equal,
                    _ => false,
                };
            case ValueKind.Number:
                order = left.Number.CompareTo(right.Number);
                break;
            default:
                order = left.Scalar.CompareTo(right.Scalar);
                break;
        }

        return Holds(op, order);
    }

    /// <summary>Whether <paramref name="op"/> holds for two values whose order is <paramref name="order"/> (negative, zero, positive).</summary>
    public static bool Holds(CompareOperator op, int order) => op switch
    {
        CompareOperator.Equal => order == 0,
        CompareOperator.NotEqual => order != 0,
        CompareOperator.Less => order < 0,
        CompareOperator.LessOrEqual => order <= 0,
        CompareOperator.Greater => order > 0,
        _ => order >= 0,
    };
}
