using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;
using Policy.Runtime.Storage;

namespace Policy.Storage.Tests;

public sealed class CaseEventSerializerTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 3, 9, 30, 15, TimeSpan.Zero);

    private static CaseEvent Sample(IReadOnlyDictionary<string, FieldValue> fields, DateTimeOffset? at = null, string? actor = "dc-1", string? role = "OIC") =>
        new("case-7", 4, CaseEventKind.ActionPerformed, "RecordDecision", at ?? At, actor, role, fields, "RassoInvestigation", "2025.02", 2);

    [Fact]
    public void The_canonical_form_is_fixed_because_audit_hashes_cover_it()
    {
        var json = CaseEventSerializer.Serialize(Sample(new Dictionary<string, FieldValue>
        {
            ["outcome"] = new(ValueKind.Choice, "NotReferred", new Dictionary<string, FieldValue> { ["reason"] = new(ValueKind.Text, "Victim declined") }),
            ["due"] = new(ValueKind.Date, "2025-03-10"),
        }));

        Assert.Equal(
            """{"actor":"dc-1","at":"2025-03-03T09:30:15.0000000Z","case":"case-7","fields":{"due":{"kind":"Date","text":"2025-03-10"},"outcome":{"fields":{"reason":{"kind":"Text","text":"Victim declined"}},"kind":"Choice","text":"NotReferred"}},"instance":2,"kind":"ActionPerformed","name":"RecordDecision","policy":"RassoInvestigation","policyVersion":"2025.02","role":"OIC","version":4}""",
            json);
    }

    [Fact]
    public void The_same_event_gives_the_same_text_whatever_order_its_fields_were_added_in()
    {
        var forwards = new Dictionary<string, FieldValue> { ["a"] = new(ValueKind.Text, "1"), ["B"] = new(ValueKind.Text, "2"), ["é"] = new(ValueKind.Text, "3") };
        var backwards = new Dictionary<string, FieldValue> { ["é"] = new(ValueKind.Text, "3"), ["B"] = new(ValueKind.Text, "2"), ["a"] = new(ValueKind.Text, "1") };
        Assert.Equal(CaseEventSerializer.Serialize(Sample(forwards)), CaseEventSerializer.Serialize(Sample(backwards)));
    }

    public static TheoryData<string> Events() => new()
    {
        "plain",
        "nulls",
        "unicode",
        "empty nested",
        "odd instant",
    };

    private static CaseEvent Named(string name) => name switch
    {
        "plain" => Sample(new Dictionary<string, FieldValue> { ["detail"] = new(ValueKind.Text, "Seen at home") }),
        "nulls" => Sample(new Dictionary<string, FieldValue>(), actor: null, role: null),
        "unicode" => Sample(new Dictionary<string, FieldValue>
        {
            ["detail"] = new(ValueKind.Text, "Zoë said \"no\" \\ <script> \u0000 \t 😀 \u2028"),
            ["amount"] = new(ValueKind.Number, "12.50"),
        }),
        "empty nested" => Sample(new Dictionary<string, FieldValue> { ["choice"] = new(ValueKind.Choice, "None", new Dictionary<string, FieldValue>()) }),
        "odd instant" => Sample(new Dictionary<string, FieldValue>(), at: At.AddTicks(1234567).ToOffset(TimeSpan.FromHours(-5))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_reads_back_exactly(string name)
    {
        var original = Named(name);
        var json = CaseEventSerializer.Serialize(original);
        var read = CaseEventSerializer.Deserialize(json);

        Assert.Equal(json, CaseEventSerializer.Serialize(read));
        Assert.Equal(original with { Fields = read.Fields }, read);
        Assert.Equal(original.At.UtcTicks, read.At.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        AssertSameFields(original.Fields, read.Fields);
    }

    private static void AssertSameFields(IReadOnlyDictionary<string, FieldValue>? expected, IReadOnlyDictionary<string, FieldValue>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            Assert.Equal((value.Kind, value.Text), (actual[key].Kind, actual[key].Text));
            AssertSameFields(value.Fields, actual[key].Fields);
        }
    }

    [Fact]
    public void An_events_audit_record_carries_its_canonical_json()
    {
        var e = Named("unicode");
        var record = CaseEventSerializer.AuditRecordFor(e);
        Assert.Equal(new AuditRecord(AuditKind.Event, e.At, e.CaseId, e.ActorId, null, CaseEventSerializer.Serialize(e)), record);
        Assert.All(record.Content, c => Assert.InRange(c, ' ', '~'));
    }
}
