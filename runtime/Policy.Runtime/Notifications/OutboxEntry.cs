using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Policy.Definitions;
using Policy.Runtime.Audit;

namespace Policy.Runtime.Notifications;

/// <summary>
/// A notification waiting in the store's outbox: written in the same transaction as the events that caused it, and
/// removed, with a <see cref="AuditKind.Notification"/> entry on the case's chain, once the application's sink has
/// taken it. So a notification is never lost between the save and the sending: what is saved is sent.
/// </summary>
/// <param name="CaseId">The case it is about.</param>
/// <param name="Key">Its identity in the outbox: the SHA-256 of <paramref name="Content"/>, so the same notification is kept once and a row whose text was changed is known.</param>
/// <param name="Content">The notification as canonical JSON (<see cref="OutboxContent"/>).</param>
/// <param name="Attempts">How many deliveries have failed so far.</param>
/// <param name="LastError">What the last failure said.</param>
public sealed record OutboxEntry(string CaseId, string Key, string Content, int Attempts, string? LastError)
{
    /// <summary>True when <see cref="Key"/> is the hash of <see cref="Content"/>: the row is as the runtime wrote it.</summary>
    public bool IsIntact => string.Equals(Key, OutboxContent.KeyOf(Content), StringComparison.Ordinal);
}

/// <summary>A sent outbox entry and the <see cref="AuditKind.Notification"/> record that says it was sent.</summary>
public readonly record struct OutboxCompletion(OutboxEntry Entry, AuditRecord Sent);

/// <summary>Notifications as the outbox keeps them: canonical JSON, read back exactly, keyed by its hash.</summary>
public static class OutboxContent
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Serialize(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return CanonicalJson.Serialize(new Dictionary<string, object?>
        {
            ["action"] = notification.Action,
            ["at"] = notification.At.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture),
            ["case"] = notification.CaseId,
            ["citations"] = notification.Citations.Select(c => new Dictionary<string, object?> { ["clause"] = c.Clause, ["source"] = c.SourceId }).ToArray(),
            ["deadline"] = notification.Deadline,
            ["instance"] = notification.Instance,
            ["kind"] = notification.Kind.ToString(),
            ["message"] = notification.Message,
            ["officer"] = notification.OfficerId,
            ["policy"] = notification.PolicyName,
            ["role"] = notification.Role,
        });
    }

    /// <exception cref="FormatException">The text is not a notification this runtime wrote.</exception>
    public static Notification Deserialize(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            string? Text(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : root.GetProperty(name).GetString();
            string Required(string name) => Text(name) ?? throw new FormatException($"An outbox notification has no '{name}'.");
            return new Notification(
                Enum.Parse<NotificationKind>(Required("kind")),
                Required("case"),
                Required("policy"),
                Text("deadline"),
                root.GetProperty("instance").GetInt32(),
                Text("action"),
                Required("role"),
                Text("officer"),
                Required("message"),
                root.GetProperty("citations").EnumerateArray().Select(c => new Citation(c.GetProperty("source").GetString()!, c.GetProperty("clause").GetString()!)).ToArray(),
                DateTimeOffset.ParseExact(Required("at"), InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("The outbox holds a notification this runtime cannot read: " + exception.Message, exception);
        }
    }

    /// <summary>The outbox key of <paramref name="content"/>: its SHA-256, in lower-case hex.</summary>
    public static string KeyOf(string content) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();
}
