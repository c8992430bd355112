using System.Security.Cryptography;
using System.Text;

namespace Policy.Runtime.Audit;

/// <summary>A secret key for sealing audit entries and signing checkpoints, named so that keys can rotate.</summary>
public sealed class AuditKey
{
    /// <summary>The shortest secret accepted: HMAC-SHA256 gains nothing from more, and is weakened by less.</summary>
    public const int MinimumSecretBytes = 32;

    public AuditKey(string id, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(id) || id.Any(c => char.IsWhiteSpace(c) || c is ':' or '#'))
        {
            throw new ArgumentException("A key id must be a non-empty word without spaces, ':' or '#'.", nameof(id));
        }

        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The secret of key '{id}' has {secret.Length} bytes; at least {MinimumSecretBytes} are needed.", nameof(secret));
        }

        Id = id;
        Secret = secret.ToArray();
    }

    public string Id { get; }

    internal byte[] Secret { get; }

    /// <summary>A new key with a random secret, as one line of a key file.</summary>
    public static string NewKeyLine(string id)
    {
        var key = new AuditKey(id, RandomNumberGenerator.GetBytes(MinimumSecretBytes));
        return $"{key.Id}:{Convert.ToBase64String(key.Secret)}";
    }

    // The key itself never appears in logs or exception messages.
    public override string ToString() => $"audit key '{Id}'";
}

/// <summary>
/// The keys the application seals audit entries and signs checkpoints with, kept outside the database (configuration,
/// a key file, a secret store). The first key signs; every key is accepted when verifying, so an old key stays in the
/// ring after a new one takes over. The text form is one key per line, <c>id:base64-secret</c>; blank lines and lines
/// starting with <c>#</c> are ignored; <c>;</c> also separates keys, for environment variables.
/// </summary>
public sealed class AuditKeyRing
{
    // Each use of a key is tagged, so a seal can never be passed off as a checkpoint signature or the reverse.
    private static readonly byte[] SealTag = "policy-audit-seal-v1\n"u8.ToArray();
    private static readonly byte[] CheckpointTag = "policy-audit-checkpoint-v1\n"u8.ToArray();
    private static readonly byte[] SnapshotTag = "policy-case-snapshot-v1\n"u8.ToArray();

    private readonly Dictionary<string, AuditKey> _byId;

    public AuditKeyRing(IReadOnlyList<AuditKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("A key ring needs at least one key.", nameof(keys));
        }

        _byId = new Dictionary<string, AuditKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!_byId.TryAdd(key.Id, key))
            {
                throw new ArgumentException($"The key id '{key.Id}' appears twice in the key ring.", nameof(keys));
            }
        }

        Keys = keys.ToArray();
    }

    /// <summary>Every key, the signing key first.</summary>
    public IReadOnlyList<AuditKey> Keys { get; }

    /// <summary>The key new seals and checkpoints are made with.</summary>
    public AuditKey SigningKey => Keys[0];

    /// <summary>Reads keys from their text form; <paramref name="source"/> names where the text came from, for the error message.</summary>
    /// <exception cref="FormatException">The text holds no key, or a line is not <c>id:base64-secret</c> with a long enough secret.</exception>
    public static AuditKeyRing Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var keys = new List<AuditKey>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n', ';'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            byte[]? secret = null;
            if (colon > 0)
            {
                try
                {
                    secret = Convert.FromBase64String(line[(colon + 1)..].Trim());
                }
                catch (FormatException)
                {
                }
            }

            if (secret is null)
            {
                throw new FormatException($"{source}, key {lineNumber}: expected 'id:base64-secret' (for example the output of 'openssl rand -base64 32' after 'key-1:').");
            }

            try
            {
                keys.Add(new AuditKey(line[..colon].Trim(), secret));
            }
            catch (ArgumentException exception)
            {
                throw new FormatException($"{source}, key {lineNumber}: {FirstSentence(exception.Message)}");
            }
        }

        if (keys.Count == 0)
        {
            throw new FormatException($"{source} holds no key: expected one 'id:base64-secret' per line.");
        }

        try
        {
            return new AuditKeyRing(keys);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"{source}: {FirstSentence(exception.Message)}");
        }
    }

    /// <summary>Reads a key file (see <see cref="Parse"/>).</summary>
    /// <exception cref="FormatException">The file is missing, unreadable or not a key file; the message names it.</exception>
    public static AuditKeyRing FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FormatException($"The key file '{path}' cannot be read: {exception.Message}");
        }

        return Parse(text, $"The key file '{path}'");
    }

    /// <summary>The entry with its seal: an HMAC of its hash under the signing key.</summary>
    public AuditEntry SealEntry(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry with { SealKeyId = SigningKey.Id, Seal = Mac(SigningKey, SealTag, entry.Hash) };
    }

    /// <summary>Null when the entry's seal was made by a key of this ring over its hash; otherwise what is wrong.</summary>
    public string? CheckSeal(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Seal is null || entry.SealKeyId is null)
        {
            return "it is not sealed: it was not written by the application holding the audit key";
        }

        if (!_byId.TryGetValue(entry.SealKeyId, out var key))
        {
            return $"it is sealed with the key '{entry.SealKeyId}', which is not in the key ring";
        }

        return FixedTimeEquals(Mac(key, SealTag, entry.Hash), entry.Seal)
            ? null
            : "its seal does not match its hash: it was written or rewritten without the audit key";
    }

    /// <summary>A case snapshot's seal over <paramref name="signedText"/> under the signing key, and that key's id.</summary>
    internal (string KeyId, string Seal) SealSnapshot(string signedText) => (SigningKey.Id, Mac(SigningKey, SnapshotTag, signedText));

    /// <summary>True when <paramref name="seal"/> is the key <paramref name="keyId"/>'s seal of a snapshot's <paramref name="signedText"/>.</summary>
    internal bool IsSnapshotSealed(string? keyId, string signedText, string? seal) =>
        keyId is not null && seal is not null && _byId.TryGetValue(keyId, out var key) && FixedTimeEquals(Mac(key, SnapshotTag, signedText), seal);

    /// <summary>A checkpoint's signature over <paramref name="signedText"/> under the signing key.</summary>
    internal string SignCheckpoint(string signedText) => Mac(SigningKey, CheckpointTag, signedText);

    /// <summary>Null when <paramref name="signature"/> is the key <paramref name="keyId"/>'s signature of <paramref name="signedText"/>; otherwise what is wrong.</summary>
    internal string? CheckCheckpointSignature(string keyId, string signedText, string signature)
    {
        if (!_byId.TryGetValue(keyId, out var key))
        {
            return $"it is signed with the key '{keyId}', which is not in the key ring";
        }

        return FixedTimeEquals(Mac(key, CheckpointTag, signedText), signature) ? null : "its signature does not match its contents";
    }

    private static string Mac(AuditKey key, byte[] tag, string text)
    {
        var data = new byte[tag.Length + Encoding.UTF8.GetByteCount(text)];
        tag.CopyTo(data, 0);
        Encoding.UTF8.GetBytes(text, data.AsSpan(tag.Length));
        return Convert.ToHexString(HMACSHA256.HashData(key.Secret, data)).ToLowerInvariant();
    }

    // Constant time, so that how long a comparison takes tells nothing about how much of a forged MAC was right.
    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
