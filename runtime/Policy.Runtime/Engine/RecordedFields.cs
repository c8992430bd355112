using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>
/// The fields an event recorded, kept by position next to the command's shared field names: one small allocation per
/// event instead of a hash table, and replay of a live event reads the positions back without name lookups.
/// Fields that were not recorded (null) are not in the map.
/// </summary>
public sealed class RecordedFields : IReadOnlyDictionary<string, FieldValue>
{
    private readonly string[] _names;
    private readonly FieldValue?[] _values;
    private readonly int _count;

    internal RecordedFields(string[] names, FieldValue?[] values)
    {
        _names = names;
        _values = values;
        foreach (var value in values)
        {
            if (value is not null)
            {
                _count++;
            }
        }
    }

    /// <summary>The field names shared by every event of the same command; identifies where the values came from.</summary>
    internal string[] Names => _names;

    /// <summary>The values by field position (null where not recorded).</summary>
    internal ReadOnlySpan<FieldValue?> ByPosition => _values;

    public int Count => _count;

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (_values[i] is not null)
                {
                    yield return _names[i];
                }
            }
        }
    }

    public IEnumerable<FieldValue> Values
    {
        get
        {
            foreach (var value in _values)
            {
                if (value is not null)
                {
                    yield return value;
                }
            }
        }
    }

    public FieldValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No field '{key}' was recorded.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], key, StringComparison.Ordinal) && _values[i] is { } found)
            {
                value = found;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (_values[i] is { } value)
            {
                yield return new KeyValuePair<string, FieldValue>(_names[i], value);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
