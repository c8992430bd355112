using Policy.Runtime.Audit;

namespace Policy.Runtime.Tests.Audit;

public sealed class CheckpointTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditKeyRing Keys = AuditKeyRing.Parse("key-2024:" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), "test");

    private static readonly ChainHead[] Heads =
    [
        new("c1", 1, new string('1', 64)),
        new("c2", 2, new string('2', 64)),
        new("c3", 3, new string('3', 64)),
    ];

    [Fact]
    public void The_tree_root_is_RFC_6962s_with_leaf_and_node_prefixes()
    {
        // Computed outside .NET (Python's hashlib) from RFC 6962 section 2.1 and the leaf encoding on MerkleTree.
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleTree.Root([]));
        Assert.Equal("aaf2e905fb1a3bb6403485b9fce85c43828edaafafa52e04873ef130ac619041", MerkleTree.Root([Heads[0]]));
        Assert.Equal("ae810379d061b2a8aacd64f1de0ad541ad40a84c53f398842a32200c0fc10876", MerkleTree.Root(Heads));
        Assert.Equal(MerkleTree.Root(Heads), MerkleTree.Root(Heads.Reverse().ToArray()));
        Assert.NotEqual(MerkleTree.Root(Heads), MerkleTree.Root([Heads[0], Heads[1], Heads[2] with { Count = 2 }]));
    }

    [Fact]
    public void A_checkpoint_round_trips_through_its_line_and_any_change_to_it_is_found()
    {
        var first = AuditCheckpoint.Create(null, Start, Heads, Keys);
        var second = AuditCheckpoint.Create(first, Start.AddHours(1), Heads, Keys);
        Assert.Equal((1L, 2L, first.Hash), (first.Sequence, second.Sequence, second.PreviousCheckpointHash));

        var line = first.ToJsonLine();
        Assert.DoesNotContain('\n', line);
        var parsed = AuditCheckpoint.Parse(line);
        Assert.Equal(first, parsed);
        Assert.Null(parsed.Check(Keys));

        // A case dropped, with the root recomputed to match: only the signature can tell.
        var dropped = parsed with { Cases = [Heads[0], Heads[1]], TreeRoot = MerkleTree.Root([Heads[0], Heads[1]]) };
        Assert.Contains("signature does not match", dropped.Check(Keys), StringComparison.Ordinal);
        Assert.Contains("tree root", (parsed with { TreeRoot = new string('0', 64) }).Check(Keys), StringComparison.Ordinal);
        Assert.Contains("signature does not match", (parsed with { At = Start.AddSeconds(1) }).Check(Keys), StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AuditCheckpoint.Parse("{\"sequence\":1}"));
    }

    [Fact]
    public void Seals_verify_under_any_key_of_the_ring_and_under_no_other()
    {
        var entry = AuditChain.Seal(AuditChain.GenesisHash, 1, new AuditRecord(AuditKind.Read, Start, "c1", "a", "p", "{}"));
        var sealedEntry = Keys.SealEntry(entry);
        Assert.Equal("key-2024", sealedEntry.SealKeyId);
        Assert.Null(Keys.CheckSeal(sealedEntry));
        Assert.Contains("not sealed", Keys.CheckSeal(entry), StringComparison.Ordinal);
        Assert.Contains("does not match", Keys.CheckSeal(sealedEntry with { Hash = new string('0', 64) }), StringComparison.Ordinal);

        var next = AuditKeyRing.Parse(AuditKey.NewKeyLine("key-2025") + "\n" + "key-2024:" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), "rotated");
        Assert.Null(next.CheckSeal(sealedEntry));
        Assert.Equal("key-2025", next.SealEntry(entry).SealKeyId);
        Assert.Contains("not in the key ring", Keys.CheckSeal(next.SealEntry(entry)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "holds no key")]
    [InlineData("# only a comment", "holds no key")]
    [InlineData("no-colon", "key 1: expected 'id:base64-secret'")]
    [InlineData("k:not base64!", "key 1: expected 'id:base64-secret'")]
    [InlineData("k:AAAA", "has 3 bytes; at least 32")]
    public void A_bad_key_text_is_refused_naming_where_it_came_from(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AuditKeyRing.Parse(text, "POLICY_AUDIT_KEYS"));
        Assert.StartsWith("POLICY_AUDIT_KEYS", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "audit.keys");
        Assert.Contains($"'{path}' cannot be read", Assert.Throws<FormatException>(() => AuditKeyRing.FromFile(path)).Message, StringComparison.Ordinal);
    }
}
