using System.Collections;
using System.Text;
using System.Text.Json;

namespace Policy.Runtime.Audit;

/// <summary>
/// Writes JSON that depends only on the data: object keys in ordinal (UTF-16 code unit) order, no insignificant whitespace,
/// every character outside printable ASCII (and the HTML-sensitive ones) escaped as <c>\uXXXX</c>, decimals without trailing
/// zeros. Strings are written as given, without Unicode normalization. The same facts therefore always give the same text,
/// and so the same audit hash.
/// </summary>
public static class CanonicalJson
{
    // 28 zeros: dividing by it leaves the value alone but drops trailing zeros from its scale (1.50m becomes 1.5m).
    private const decimal ScaleNormalizer = 1.0000000000000000000000000000m;

    /// <summary>
    /// The canonical JSON object of <paramref name="properties"/>. Values may be null, <see cref="string"/>, <see cref="bool"/>,
    /// any integer type, <see cref="decimal"/>, a nested object (a sequence of string-keyed pairs, or a dictionary with string
    /// keys) or an array (any other sequence, written in its own order).
    /// </summary>
    /// <exception cref="ArgumentException">A key appears twice in one object, or a value has a type JSON cannot hold exactly (such as <see cref="double"/>).</exception>
    public static string Serialize(IEnumerable<KeyValuePair<string, object?>> properties) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(properties));

    /// <summary>As <see cref="Serialize"/>, as UTF-8 bytes.</summary>
    public static byte[] SerializeToUtf8Bytes(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            WriteObject(writer, properties.Select(p => (p.Key, p.Value)));
        }

        return stream.ToArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, IEnumerable<(string Key, object? Value)> properties)
    {
        var sorted = properties.ToList();
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        writer.WriteStartObject();
        for (var i = 0; i < sorted.Count; i++)
        {
            var (key, value) = sorted[i];
            ArgumentNullException.ThrowIfNull(key, "key");
            if (i > 0 && string.Equals(sorted[i - 1].Key, key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The key '{key}' appears twice in one object; canonical JSON needs each key once.", nameof(properties));
            }

            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case long number: writer.WriteNumberValue(number); break;
            case int number: writer.WriteNumberValue(number); break;
            case short number: writer.WriteNumberValue(number); break;
            case sbyte number: writer.WriteNumberValue(number); break;
            case byte number: writer.WriteNumberValue(number); break;
            case ushort number: writer.WriteNumberValue(number); break;
            case uint number: writer.WriteNumberValue(number); break;
            case ulong number: writer.WriteNumberValue(number); break;
            case decimal number: writer.WriteNumberValue(Normalize(number)); break;
            case IEnumerable<KeyValuePair<string, object?>> nested: WriteObject(writer, nested.Select(p => (p.Key, p.Value))); break;
            case IDictionary dictionary: WriteObject(writer, DictionaryEntries(dictionary)); break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"A value of type {value.GetType().Name} cannot be written as canonical JSON; use string, bool, an integer, decimal, an object or an array.",
                    nameof(value));
        }
    }

    private static IEnumerable<(string Key, object? Value)> DictionaryEntries(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return entry.Key is string key
                ? (key, entry.Value)
                : throw new ArgumentException($"An object's keys must be strings; found a key of type {entry.Key.GetType().Name}.", nameof(dictionary));
        }
    }

    // Equal decimals must write equally: without this, 1.5m and 1.50m would give "1.5" and "1.50", and -0m would give "-0".
    private static decimal Normalize(decimal value) => value == 0m ? 0m : value / ScaleNormalizer;
}
