using Policy.Definitions;
using Policy.Runtime.Events;

namespace Policy.Runtime.Tests.Engine;

/// <summary>
/// The readers the generated <c>CaseRecord</c> uses give back exactly what the writers recorded, and null for what
/// was not recorded or is of another kind, so a typed property never misreads the record.
/// </summary>
public sealed class FieldValueReadingTests
{
    public static TheoryData<DateTimeOffset> Instants() => new()
    {
        DateTimeOffset.UnixEpoch,
        new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2026, 3, 29, 0, 59, 59, 999, TimeSpan.Zero).AddTicks(9999),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void A_date_time_reads_back_as_the_same_instant(DateTimeOffset instant)
    {
        var read = FieldValues.ToDateTime(FieldValues.DateTime(instant));
        Assert.Equal(instant.UtcTicks, read!.Value.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.Value.Offset);
    }

    [Theory]
    [InlineData(0, DurationUnit.Minutes)]
    [InlineData(1, DurationUnit.WorkingDays)]
    [InlineData(25, DurationUnit.WorkingDays)]
    [InlineData(36, DurationUnit.Hours)]
    [InlineData(100000, DurationUnit.Months)]
    public void A_duration_reads_back_in_its_own_unit(int amount, DurationUnit unit) =>
        Assert.Equal(new Duration(amount, unit), FieldValues.ToDuration(FieldValues.Duration(new Duration(amount, unit))));

    [Fact]
    public void Scalars_read_back_as_written()
    {
        Assert.Equal(-1234.5678m, FieldValues.ToNumber(FieldValues.Number(-1234.5678m)));
        Assert.Equal(decimal.MaxValue, FieldValues.ToNumber(FieldValues.Number(decimal.MaxValue)));
        Assert.Equal(new DateOnly(2024, 2, 29), FieldValues.ToDate(FieldValues.Date(new DateOnly(2024, 2, 29))));
        Assert.True(FieldValues.ToYesNo(FieldValues.YesNo(true)));
        Assert.False(FieldValues.ToYesNo(FieldValues.YesNo(false)));
        Assert.Equal("dc.jones", FieldValues.ToText(FieldValues.Officer("dc.jones")));
        Assert.Equal("Declined", FieldValues.ToOption(FieldValues.Choice("Declined", FieldValues.Fields(("reason", FieldValues.Text("x"))))));
        Assert.Equal("x", FieldValues.ToText(FieldValues.Field(FieldValues.Choice("Declined", FieldValues.Fields(("reason", FieldValues.Text("x")))), "reason")));
    }

    [Fact]
    public void What_was_not_recorded_or_is_of_another_kind_reads_as_null()
    {
        Assert.Null(FieldValues.ToDateTime(null));
        Assert.Null(FieldValues.ToDateTime(FieldValues.Text("2026-01-01T00:00:00Z")));
        Assert.Null(FieldValues.ToDuration(FieldValues.Text("3 days")));
        Assert.Null(FieldValues.ToDuration(new FieldValue(ValueKind.Duration, "three days")));
        Assert.Null(FieldValues.ToNumber(new FieldValue(ValueKind.Number, "1,5")));
        Assert.Null(FieldValues.ToDate(new FieldValue(ValueKind.Date, "02/03/2026")));
        Assert.Null(FieldValues.ToYesNo(FieldValues.Text("yes")));
        Assert.Null(FieldValues.ToText(FieldValues.Number(1)));
        Assert.Null(FieldValues.ToOption(FieldValues.Text("Declined")));
        Assert.Null(FieldValues.Field(FieldValues.Choice("Reached"), "reason"));
        Assert.Null(FieldValues.Field(null, "reason"));
    }
}
