using System.Text;
using System.Text.Json;
using Policy.Definitions;
using Policy.Runtime.Events;

namespace Policy.Runtime.Engine;

/// <summary>
/// A case's whole state as JSON, and back: what a snapshot holds, so that a load replays only the events after it.
/// Every field the events build is written, so that a restored state is the one replaying them would build (the
/// snapshot tests compare the two for every case they run). Values derived from others (a setting's operand and
/// duration) are derived again on restore, by the code that derives them on replay.
/// </summary>
public sealed partial class CaseState
{
    /// <summary>Bumped whenever what a snapshot holds changes: snapshots of another format are not read.</summary>
    internal const int SnapshotFormat = 2;

    /// <summary>The state as a snapshot's content.</summary>
    internal string WriteSnapshot()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format", SnapshotFormat);
            json.WriteString("case", CaseId);
            json.WriteNumber("version", Version);
            json.WriteNumber("state", StateIndex);
            WriteTime(json, "openedAt", OpenedAt);
            WriteTime(json, "lastEventAt", LastEventAt);
            WriteArray(json, "assigned", _assigned, static (w, v) => WriteText(w, v));
            WriteArray(json, "record", _record, WriteField);
            WriteArray(json, "lastEntered", _lastEntered, WriteTimeValue);
            WriteArray(json, "lastPerformed", _lastPerformed, WriteTimeValue);
            WriteArray(json, "overrides", _settingOverrides, WriteField);
            WriteArray(json, "openPerDeadline", _openPerDeadline, static (w, v) => w.WriteNumberValue(v));
            WriteArray(json, "lastInstance", _lastInstance, static (w, v) => w.WriteNumberValue(v));
            WriteArray(json, "lastDueAt", _lastDueAt, WriteTimeValue);
            WriteArray(json, "latestDueAt", _latestDueAt, WriteTimeValue);
            WriteArray(json, "performedCount", _performedCount, static (w, v) => w.WriteNumberValue(v));
            WriteArray(json, "breachCount", _breachCount, static (w, v) => w.WriteNumberValue(v));
            WriteArray(json, "metCount", _metCount, static (w, v) => w.WriteNumberValue(v));
            json.WriteStartArray("history");
            foreach (var closed in _history)
            {
                json.WriteStartArray();
                json.WriteStringValue(closed.Deadline);
                json.WriteNumberValue(closed.Instance);
                WriteTimeValue(json, closed.OpenedAt);
                WriteTimeValue(json, closed.DueAt);
                WriteTimeValue(json, closed.ClosedAt);
                json.WriteNumberValue((int)closed.Outcome);
                json.WriteNumberValue(closed.Stage);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            // In the order they first acted (a set that is only ever added to keeps it), so that the state a snapshot
            // restores is the one a replay builds, down to the order of its members.
            json.WriteStartArray("actors");
            foreach (var actor in _actors)
            {
                json.WriteStringValue(actor);
            }

            json.WriteEndArray();
            json.WriteStartArray("open");
            for (var i = 0; i < _openCount; i++)
            {
                ref readonly var open = ref _open[i];
                json.WriteStartArray();
                json.WriteNumberValue(open.Deadline);
                json.WriteNumberValue(open.Instance);
                WriteTimeValue(json, open.OpenedAt);
                WriteTimeValue(json, open.DueAt);
                WriteTimeValue(json, open.WindowStartsAt);
                json.WriteNumberValue(open.Stage);
                WriteTimeValue(json, open.PausedAt);
                json.WriteNumberValue(open.Left.Ticks);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Makes this new, empty state the one <paramref name="snapshot"/> holds. Throws <see cref="FormatException"/>
    /// for content that is not a snapshot of this format for this policy's shape (the caller then replays instead).
    /// </summary>
    internal void RestoreSnapshot(string snapshot)
    {
        if (Version != 0)
        {
            throw new InvalidOperationException("A snapshot is restored into a new state only.");
        }

        try
        {
            using var document = JsonDocument.Parse(snapshot);
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != SnapshotFormat)
            {
                throw new FormatException($"The snapshot is of format {root.GetProperty("format").GetInt32()}, not {SnapshotFormat}.");
            }

            ReadArray(root, "assigned", _assigned, static e => e.GetString());
            ReadArray(root, "record", _record, ReadField);
            ReadArray(root, "lastEntered", _lastEntered, ReadTime);
            ReadArray(root, "lastPerformed", _lastPerformed, ReadTime);
            var overrides = new FieldValue?[_settingOverrides.Length];
            ReadArray(root, "overrides", overrides, ReadField);
            ReadArray(root, "openPerDeadline", _openPerDeadline, static e => e.GetInt32());
            ReadArray(root, "lastInstance", _lastInstance, static e => e.GetInt32());
            ReadArray(root, "lastDueAt", _lastDueAt, ReadTime);
            ReadArray(root, "latestDueAt", _latestDueAt, ReadTime);
            ReadArray(root, "performedCount", _performedCount, static e => e.GetInt32());
            ReadArray(root, "breachCount", _breachCount, static e => e.GetInt32());
            ReadArray(root, "metCount", _metCount, static e => e.GetInt32());
            for (var i = 0; i < overrides.Length; i++)
            {
                if (overrides[i] is { } value)
                {
                    SetOverride(i, value);
                }
            }

            foreach (var closed in root.GetProperty("history").EnumerateArray())
            {
                _history.Add(new ClosedDeadline(
                    closed[0].GetString()!,
                    closed[1].GetInt32(),
                    ReadTime(closed[2])!.Value,
                    ReadTime(closed[3])!.Value,
                    ReadTime(closed[4])!.Value,
                    (DeadlineOutcome)closed[5].GetInt32(),
                    closed[6].GetInt32()));
            }

            foreach (var actor in root.GetProperty("actors").EnumerateArray())
            {
                _actors.Add(actor.GetString() ?? throw new FormatException("The snapshot names an actor without an id."));
            }

            var open = root.GetProperty("open");
            _open = new DeadlineInstance[Math.Max(4, open.GetArrayLength())];
            _openCount = 0;
            foreach (var item in open.EnumerateArray())
            {
                var deadline = item[0].GetInt32();
                if (deadline < 0 || deadline >= _policy.DeadlineCount)
                {
                    throw new FormatException($"The snapshot has an open deadline {deadline}; the policy has {_policy.DeadlineCount}.");
                }

                _open[_openCount++] = new DeadlineInstance
                {
                    Deadline = deadline,
                    Instance = item[1].GetInt32(),
                    OpenedAt = ReadTime(item[2])!.Value,
                    DueAt = ReadTime(item[3])!.Value,
                    WindowStartsAt = ReadTime(item[4]),
                    Stage = item[5].GetInt32(),
                    PausedAt = ReadTime(item[6]),
                    Left = TimeSpan.FromTicks(item[7].GetInt64()),
                };
            }

            var state = root.GetProperty("state").GetInt32();
            if (state < -1 || state >= _policy.StateCount)
            {
                throw new FormatException($"The snapshot is in state {state}; the policy has {_policy.StateCount}.");
            }

            StateIndex = state;
            CaseId = root.GetProperty("case").GetString()!;
            OpenedAt = ReadTime(root.GetProperty("openedAt"));
            LastEventAt = ReadTime(root.GetProperty("lastEventAt"));
            Version = root.GetProperty("version").GetInt64();
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            throw new FormatException("The snapshot cannot be read: " + exception.Message, exception);
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, T[] values, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            write(json, value);
        }

        json.WriteEndArray();
    }

    private static void ReadArray<T>(JsonElement root, string name, T[] into, Func<JsonElement, T> read)
    {
        var array = root.GetProperty(name);
        if (array.GetArrayLength() != into.Length)
        {
            throw new FormatException($"The snapshot's '{name}' has {array.GetArrayLength()} entries; the policy has {into.Length}.");
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            into[i++] = read(item);
        }
    }

    private static void WriteText(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    // A time is its instant and its offset: replay keeps the offset a calendar gave, and so must a restore.
    private static void WriteTimeValue(Utf8JsonWriter json, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartArray();
        json.WriteNumberValue(time.UtcTicks);
        json.WriteNumberValue((int)time.Offset.TotalMinutes);
        json.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        json.WritePropertyName(name);
        WriteTimeValue(json, value);
    }

    private static DateTimeOffset? ReadTime(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null
            ? null
            : new DateTimeOffset(element[0].GetInt64(), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(element[1].GetInt32()));

    private static void WriteField(Utf8JsonWriter json, FieldValue? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("kind", value.Kind.ToString());
        json.WriteString("text", value.Text);
        if (value.Fields is { } fields)
        {
            json.WriteStartObject("fields");
            foreach (var (name, field) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                WriteField(json, field);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static FieldValue? ReadField(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Dictionary<string, FieldValue>? fields = null;
        if (element.TryGetProperty("fields", out var nested))
        {
            fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            foreach (var property in nested.EnumerateObject())
            {
                fields[property.Name] = ReadField(property.Value)!;
            }
        }

        return new FieldValue(Enum.Parse<ValueKind>(element.GetProperty("kind").GetString()!), element.GetProperty("text").GetString()!, fields);
    }
}
