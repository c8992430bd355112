using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Policy.Runtime.Audit;

/// <summary>The head of one case's chain at a moment: how many entries it had and the hash of the last.</summary>
public sealed record ChainHead(string CaseId, long Count, string HeadHash);

/// <summary>
/// A signed tree head over the whole store: every case's chain head at <see cref="At"/>, their Merkle root
/// (<see cref="TreeRoot"/>, RFC 6962 style), the hash of the checkpoint before it, and an HMAC-SHA256 signature by a
/// key the database does not hold. Kept in the store and, one JSON line each, wherever the force keeps things an
/// attacker with the database cannot reach; verification then checks the store against it.
/// </summary>
public sealed record AuditCheckpoint(
    long Sequence,
    DateTimeOffset At,
    string PreviousCheckpointHash,
    string TreeRoot,
    IReadOnlyList<ChainHead> Cases,
    string KeyId,
    string Signature)
{
    /// <summary>The <see cref="PreviousCheckpointHash"/> of the first checkpoint.</summary>
    public const string NoPreviousCheckpoint = AuditChain.GenesisHash;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The checkpoint after <paramref name="previous"/> (null for the first) over <paramref name="heads"/>, signed with the ring's signing key.</summary>
    public static AuditCheckpoint Create(AuditCheckpoint? previous, DateTimeOffset at, IReadOnlyList<ChainHead> heads, AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(keys);
        var sorted = heads.OrderBy(h => h.CaseId, StringComparer.Ordinal).ToArray();
        var unsigned = new AuditCheckpoint(
            (previous?.Sequence ?? 0) + 1,
            new DateTimeOffset(at.UtcTicks, TimeSpan.Zero),
            previous?.Hash ?? NoPreviousCheckpoint,
            MerkleTree.Root(sorted),
            sorted,
            keys.SigningKey.Id,
            "");
        return unsigned with { Signature = keys.SignCheckpoint(unsigned.SignedText()) };
    }

    /// <summary>SHA-256 of the checkpoint's line: what the next checkpoint names as its previous one.</summary>
    public string Hash => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJsonLine()))).ToLowerInvariant();

    /// <summary>The checkpoint as one line of canonical JSON, for the store and for export.</summary>
    public string ToJsonLine() => CanonicalJson.Serialize(Properties(withSignature: true));

    /// <summary>
    /// Null when the checkpoint is whole and signed by a key of <paramref name="keys"/>: its root is the root of its
    /// cases and its signature matches. Otherwise what is wrong.
    /// </summary>
    public string? Check(AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!string.Equals(MerkleTree.Root(Cases), TreeRoot, StringComparison.Ordinal))
        {
            return "its tree root is not the root of the chain heads it lists";
        }

        return keys.CheckCheckpointSignature(KeyId, SignedText(), Signature);
    }

    /// <summary>Reads one line written by <see cref="ToJsonLine"/>.</summary>
    /// <exception cref="FormatException">The line is not a checkpoint.</exception>
    public static AuditCheckpoint Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var cases = root.GetProperty("cases").EnumerateArray()
                .Select(c => new ChainHead(c[0].GetString()!, c[1].GetInt64(), c[2].GetString()!))
                .ToArray();
            return new AuditCheckpoint(
                root.GetProperty("sequence").GetInt64(),
                new DateTimeOffset(DateTime.ParseExact(root.GetProperty("at").GetString()!, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
                root.GetProperty("previous").GetString()!,
                root.GetProperty("root").GetString()!,
                cases,
                root.GetProperty("keyId").GetString()!,
                root.GetProperty("signature").GetString()!);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException or NullReferenceException)
        {
            throw new FormatException($"Not a checkpoint line: {exception.Message}", exception);
        }
    }

    /// <summary>Reads an exported file of checkpoints, one per line; <paramref name="path"/> is named in any error.</summary>
    /// <exception cref="FormatException">The file is missing, unreadable, or a line is not a checkpoint.</exception>
    public static IReadOnlyList<AuditCheckpoint> ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new FormatException($"The checkpoint file '{path}' cannot be read: {exception.Message}");
        }

        var checkpoints = new List<AuditCheckpoint>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            try
            {
                checkpoints.Add(Parse(lines[i]));
            }
            catch (FormatException exception)
            {
                throw new FormatException($"The checkpoint file '{path}', line {i + 1}: {exception.Message}");
            }
        }

        return checkpoints;
    }

    // What the signature covers: everything but the signature, canonically, so a change to any part breaks it.
    private string SignedText() => CanonicalJson.Serialize(Properties(withSignature: false));

    private List<KeyValuePair<string, object?>> Properties(bool withSignature)
    {
        var properties = new List<KeyValuePair<string, object?>>
        {
            new("at", At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)),
            new("cases", Cases.Select(c => new object?[] { c.CaseId, c.Count, c.HeadHash }).ToArray()),
            new("keyId", KeyId),
            new("previous", PreviousCheckpointHash),
            new("root", TreeRoot),
            new("sequence", Sequence),
        };
        if (withSignature)
        {
            properties.Add(new("signature", Signature));
        }

        return properties;
    }

    /// <summary>Compares by content, the list of cases included (a record would compare the list by reference).</summary>
    public bool Equals(AuditCheckpoint? other) => other is not null && string.Equals(ToJsonLine(), other.ToJsonLine(), StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToJsonLine());
}
