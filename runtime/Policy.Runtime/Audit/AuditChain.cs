using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Policy.Runtime.Audit;

/// <summary>
/// Computes and verifies the hash chain of one case's audit trail. Each entry's hash covers the previous entry's hash and
/// all of the entry's own fields, so changing, removing, inserting or reordering entries breaks the chain from that point
/// on. The hash is unkeyed: anyone can recompute a chain, which is why entries are also sealed with a key
/// (<see cref="AuditKeyRing"/>) and whole stores are anchored by signed checkpoints (<see cref="AuditCheckpoint"/>).
/// </summary>
public static partial class AuditChain
{
    /// <summary>The "previous hash" of the first entry (position 1): 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The position of the first entry of a case's trail.</summary>
    public const long FirstPosition = 1;

    /// <summary>The format of <c>at</c> in the hash: UTC, microseconds, which every store (PostgreSQL included) keeps exactly.</summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    // Names the encoding, so that a future change of encoding can never produce a hash equal to one of this version.
    // v2: positions count within one case's chain (v1 numbered one chain for the whole store).
    private static readonly byte[] EncodingTag = "policy-audit-v2"u8.ToArray();

    // What schema versions 1 and 2 of the stores wrote; read only to check an old trail before it is migrated.
    private static readonly byte[] StoreWideEncodingTag = "policy-audit-v1"u8.ToArray();

    // Strict, because the default encoder turns every lone surrogate into U+FFFD: two different strings, one encoding.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The lowercase hex SHA-256 of the entry's canonical encoding: each field in a fixed order, strings as a marker byte
    /// (0 for null, 1 for present) followed by the UTF-8 length as 4 bytes big-endian and the bytes, the position as
    /// 8 bytes big-endian, the kind by name and <paramref name="at"/> as UTC ISO-8601 to the microsecond (finer ticks
    /// are not covered). No two different entries encode to the same bytes, and null differs from the empty string.
    /// The names of <see cref="AuditKind"/> are part of the hash, so they must never be renamed.
    /// </summary>
    /// <exception cref="ArgumentException">A string is not valid UTF-16 (a lone surrogate), or the kind is not defined.</exception>
    public static string ComputeHash(string previousHash, long position, AuditKind kind, DateTimeOffset at, string? caseId, string? actorId, string? purpose, string content) =>
        ComputeHash(EncodingTag, previousHash, position, kind, at, caseId, actorId, purpose, content);

    /// <summary>The hash as schema versions 1 and 2 computed it, over one store-wide chain; for migrating an old trail.</summary>
    internal static string ComputeStoreWideHash(string previousHash, long position, AuditKind kind, DateTimeOffset at, string? caseId, string? actorId, string? purpose, string content) =>
        ComputeHash(StoreWideEncodingTag, previousHash, position, kind, at, caseId, actorId, purpose, content);

    private static string ComputeHash(byte[] encodingTag, string previousHash, long position, AuditKind kind, DateTimeOffset at, string? caseId, string? actorId, string? purpose, string content)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(content);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined audit kind.");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(encodingTag);
        WriteString(buffer, previousHash);
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(sizeof(long)), position);
        buffer.Advance(sizeof(long));
        WriteString(buffer, kind.ToString());
        WriteString(buffer, at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        WriteString(buffer, caseId);
        WriteString(buffer, actorId);
        WriteString(buffer, purpose);
        WriteString(buffer, content);
        return Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan)).ToLowerInvariant();
    }

    /// <summary>
    /// The entry for <paramref name="record"/> at <paramref name="position"/>, after the entry whose hash is
    /// <paramref name="previousHash"/> (<see cref="GenesisHash"/> for position 1). Its time is converted to UTC and cut to
    /// whole microseconds, so that what a store keeps is exactly what the hash covers.
    /// </summary>
    public static AuditEntry Seal(string previousHash, long position, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(position, FirstPosition);

        var at = TruncateToMicroseconds(record.At);
        var hash = ComputeHash(previousHash, position, record.Kind, at, record.CaseId, record.ActorId, record.Purpose, record.Content);
        return new AuditEntry(position, record.Kind, at, record.CaseId, record.ActorId, record.Purpose, record.Content, previousHash, hash);
    }

    /// <summary>
    /// Walks <paramref name="entries"/> in order from position 1 and reports the first position at which the chain is broken:
    /// an entry changed after it was sealed, an entry missing, inserted, duplicated or out of order.
    /// Removing entries from the END of the trail leaves a shorter chain that is still valid on its own: that is detected
    /// only when the caller passes what it knows from elsewhere, the hash of the last entry
    /// (<paramref name="expectedHeadHash"/>) or the number of entries (<paramref name="expectedCount"/>), kept where
    /// whoever can edit the trail cannot change them (a signed receipt, another system, a printed report).
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, string? expectedHeadHash = null, long? expectedCount = null) =>
        Verify(entries, FirstPosition, GenesisHash, expectedHeadHash, expectedCount);

    /// <summary>
    /// As <see cref="Verify(IEnumerable{AuditEntry}, string?, long?)"/> for the part of a trail that starts at
    /// <paramref name="fromPosition"/>, after an entry already trusted whose hash is <paramref name="previousHash"/>
    /// (the head of a checkpoint, for verifying only what was appended since). <paramref name="expectedCount"/> counts
    /// the whole trail.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, long fromPosition, string previousHash, string? expectedHeadHash = null, long? expectedCount = null) =>
        Verify(entries, fromPosition, previousHash, expectedHeadHash, expectedCount, ComputeHash);

    /// <summary>Verifies a trail of schema versions 1 and 2 (one chain for the whole store), before it is migrated.</summary>
    internal static AuditVerification VerifyStoreWide(IEnumerable<AuditEntry> entries) =>
        Verify(entries, FirstPosition, GenesisHash, null, null, ComputeStoreWideHash);

    private delegate string HashFunction(string previousHash, long position, AuditKind kind, DateTimeOffset at, string? caseId, string? actorId, string? purpose, string content);

    private static AuditVerification Verify(IEnumerable<AuditEntry> entries, long fromPosition, string previousHash, string? expectedHeadHash, long? expectedCount, HashFunction hash)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, FirstPosition);
        if (expectedCount is { } count and < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedCount), count, "An expected count cannot be negative.");
        }

        var expectedPosition = fromPosition;
        long? headSeenAt = null;
        foreach (var entry in entries)
        {
            if (CheckEntry(entry, expectedPosition, previousHash, hash) is { } problem)
            {
                return AuditVerification.Bad(expectedPosition, problem);
            }

            if (expectedHeadHash is not null && string.Equals(entry.Hash, expectedHeadHash, StringComparison.Ordinal))
            {
                headSeenAt = entry.Position;
            }

            previousHash = entry.Hash;
            expectedPosition++;
        }

        var found = expectedPosition - FirstPosition;
        if (expectedCount is { } expected && expected != found)
        {
            return found < expected
                ? AuditVerification.Bad(expectedPosition, $"The trail ends after {found} entries but {expected} were expected: entries from position {expectedPosition} onwards have been removed.")
                : AuditVerification.Bad(FirstPosition + expected, $"The trail has {found} entries but {expected} were expected: entries from position {FirstPosition + expected} onwards were added after the expected count was taken.");
        }

        if (expectedHeadHash is not null && !string.Equals(previousHash, expectedHeadHash, StringComparison.Ordinal))
        {
            return headSeenAt is { } headPosition
                ? AuditVerification.Bad(headPosition + 1, $"The expected last entry is at position {headPosition}, but the trail continues past it: entries from position {headPosition + 1} onwards were added after the expected head was taken.")
                : AuditVerification.Bad(expectedPosition, $"The last entry's hash is not the expected head hash: entries after position {expectedPosition - 1} have been removed, or the trail is not the one the head hash was taken from.");
        }

        return AuditVerification.Valid;
    }

    private static string? CheckEntry(AuditEntry? entry, long expectedPosition, string previousHash, HashFunction hash)
    {
        if (entry is null)
        {
            return $"The entry at position {expectedPosition} is null.";
        }

        if (entry.Position > expectedPosition)
        {
            return $"The entry at position {expectedPosition} is missing (the next entry found is at position {entry.Position}): entries were removed, or are out of order.";
        }

        if (entry.Position < expectedPosition)
        {
            return $"An entry claiming position {entry.Position} appears where position {expectedPosition} was expected: an entry was inserted or duplicated, or entries are out of order.";
        }

        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return expectedPosition == FirstPosition
                ? $"The first entry does not start the chain (its previous hash is not the genesis hash): entries before it were removed."
                : $"The entry at position {expectedPosition} does not follow the entry before it (its previous hash differs from that entry's hash): an entry was removed, inserted or reordered here, or the previous entry was altered and re-hashed.";
        }

        if (entry.At.UtcTicks % TicksPerMicrosecond != 0)
        {
            return $"The entry at position {expectedPosition} has a time finer than a microsecond, which its hash does not cover: it was altered after it was sealed.";
        }

        string actual;
        try
        {
            actual = hash(entry.PreviousHash, entry.Position, entry.Kind, entry.At, entry.CaseId, entry.ActorId, entry.Purpose, entry.Content);
        }
        catch (ArgumentException exception)
        {
            // Seal refuses such an entry, so one in the trail was written there by something else.
            return $"The entry at position {expectedPosition} cannot have been sealed: {exception.Message}";
        }

        return string.Equals(actual, entry.Hash, StringComparison.Ordinal)
            ? null
            : $"The entry at position {expectedPosition} has been altered: its contents no longer match its hash.";
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            buffer.GetSpan(1)[0] = 0;
            buffer.Advance(1);
            return;
        }

        var length = StrictUtf8.GetByteCount(value);
        var span = buffer.GetSpan(1 + sizeof(int) + length);
        span[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], length);
        StrictUtf8.GetBytes(value, span[(1 + sizeof(int))..]);
        buffer.Advance(1 + sizeof(int) + length);
    }
}
