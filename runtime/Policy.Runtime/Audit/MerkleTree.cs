using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Policy.Runtime.Audit;

/// <summary>
/// The Merkle tree hash of RFC 6962 (section 2.1) over the heads of every case's chain: a leaf is SHA-256 of 0x00 and the
/// leaf's bytes, an inner node SHA-256 of 0x01 and its two children, and a tree of n leaves splits at the largest power
/// of two below n. The prefixes keep a leaf from ever being taken for a node, so no two different sets of heads share a root.
/// </summary>
internal static class MerkleTree
{
    /// <summary>The root, as lowercase hex, over <paramref name="heads"/> in case id order (ordinal).</summary>
    public static string Root(IReadOnlyList<ChainHead> heads)
    {
        var leaves = heads.OrderBy(h => h.CaseId, StringComparer.Ordinal).Select(LeafHash).ToArray();
        return Convert.ToHexString(Root(leaves)).ToLowerInvariant();
    }

    private static byte[] Root(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var split = 1;
        while (split * 2 < leaves.Length)
        {
            split *= 2;
        }

        var node = new byte[1 + (2 * SHA256.HashSizeInBytes)];
        node[0] = 0x01;
        Root(leaves[..split]).CopyTo(node, 1);
        Root(leaves[split..]).CopyTo(node, 1 + SHA256.HashSizeInBytes);
        return SHA256.HashData(node);
    }

    // A leaf: 0x00, then the case id as its UTF-8 length (4 bytes big-endian) and bytes, the entry count (8 bytes
    // big-endian) and the head hash as text, so that a head that is not valid hex is still a leaf of its own.
    private static byte[] LeafHash(ChainHead head)
    {
        var id = Encoding.UTF8.GetBytes(head.CaseId);
        var hash = Encoding.UTF8.GetBytes(head.HeadHash);
        var leaf = new byte[1 + sizeof(int) + id.Length + sizeof(long) + hash.Length];
        leaf[0] = 0x00;
        BinaryPrimitives.WriteInt32BigEndian(leaf.AsSpan(1), id.Length);
        id.CopyTo(leaf, 1 + sizeof(int));
        BinaryPrimitives.WriteInt64BigEndian(leaf.AsSpan(1 + sizeof(int) + id.Length), head.Count);
        hash.CopyTo(leaf, 1 + sizeof(int) + id.Length + sizeof(long));
        return SHA256.HashData(leaf);
    }
}
