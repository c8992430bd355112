using System.Globalization;
using System.Text.Json;
using Policy.Definitions;
using Policy.Runtime.Audit;
using Policy.Runtime.Events;

namespace Policy.Runtime.Storage;

/// <summary>
/// Writes case events as canonical JSON (keys in ordinal order, no insignificant white space) and reads them back
/// exactly. The canonical text is what stores keep and what the event's audit entry hashes.
/// </summary>
public static class CaseEventSerializer
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Serialize(CaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return CanonicalJson.Serialize(new Dictionary<string, object?>
        {
            ["actor"] = e.ActorId,
            ["at"] = e.At.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture),
            ["case"] = e.CaseId,
            ["fields"] = Fields(e.Fields),
            ["instance"] = e.Instance,
            ["kind"] = e.Kind.ToString(),
            ["name"] = e.Name,
            ["policy"] = e.PolicyName,
            ["policyVersion"] = e.PolicyVersion,
            ["role"] = e.Role,
            ["version"] = e.Version,
        });
    }

    private static Dictionary<string, object?> Fields(IReadOnlyDictionary<string, FieldValue> fields)
    {
        var result = new Dictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            var field = new Dictionary<string, object?> { ["kind"] = value.Kind.ToString(), ["text"] = value.Text };
            if (value.Fields is not null)
            {
                field["fields"] = Fields(value.Fields);
            }

            result[name] = field;
        }

        return result;
    }

    public static CaseEvent Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new CaseEvent(
            root.GetProperty("case").GetString()!,
            root.GetProperty("version").GetInt64(),
            Enum.Parse<CaseEventKind>(root.GetProperty("kind").GetString()!),
            root.GetProperty("name").GetString()!,
            new DateTimeOffset(DateTime.ParseExact(root.GetProperty("at").GetString()!, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
            root.GetProperty("actor").GetString(),
            root.GetProperty("role").GetString(),
            ReadFields(root.GetProperty("fields")),
            root.GetProperty("policy").GetString()!,
            root.GetProperty("policyVersion").GetString()!,
            root.GetProperty("instance").GetInt32());
    }

    private static Dictionary<string, FieldValue> ReadFields(JsonElement element)
    {
        var result = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var nested = value.TryGetProperty("fields", out var inner) ? ReadFields(inner) : null;
            result[property.Name] = new FieldValue(Enum.Parse<ValueKind>(value.GetProperty("kind").GetString()!), value.GetProperty("text").GetString()!, nested);
        }

        return result;
    }

    /// <summary>The audit record that accompanies an accepted event.</summary>
    public static AuditRecord AuditRecordFor(CaseEvent e) => new(AuditKind.Event, e.At, e.CaseId, e.ActorId, null, Serialize(e));
}
