using Policy.Runtime.Audit;

namespace Policy.Runtime.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_genesis_hash_is_64_zeros() => Assert.Equal(new string('0', 64), AuditChain.GenesisHash);

    [Fact]
    public void A_valid_chain_of_a_thousand_entries_verifies()
    {
        var chain = Chain(1000);
        Assert.Equal(AuditVerification.Valid, AuditChain.Verify(chain));
        Assert.Equal(AuditVerification.Valid, AuditChain.Verify(chain, chain[^1].Hash, 1000));
        Assert.Equal(1000, chain.Select(e => e.Hash).Distinct().Count());
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
    }

    [Fact]
    public void An_empty_chain_is_valid_and_its_head_is_the_genesis_hash()
    {
        Assert.True(AuditChain.Verify([]).IsValid);
        Assert.True(AuditChain.Verify([], AuditChain.GenesisHash, 0).IsValid);
    }

    [Fact]
    public void Seal_hashes_the_entry_it_builds()
    {
        var record = new AuditRecord(AuditKind.Read, Start, "case-1", "officer-1", "Supervision review", "{\"version\":3}");
        var entry = AuditChain.Seal(AuditChain.GenesisHash, 1, record);
        Assert.Equal(
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "case-1", "officer-1", "Supervision review", "{\"version\":3}"),
            entry.Hash);
        Assert.Equal((1L, AuditChain.GenesisHash, record.Content, record.Purpose), (entry.Position, entry.PreviousHash, entry.Content, entry.Purpose));
    }

    [Fact]
    public void The_hash_is_the_documented_encoding()
    {
        // Computed outside .NET (Python's hashlib) from the encoding described on ComputeHash (tag, length-prefixed UTF-8
        // strings with a null marker, big-endian position, microsecond UTC time). If this changes, every stored trail
        // stops verifying. The store-wide v1 hash is what schema versions 1 and 2 wrote, checked before migrating them.
        Assert.Equal(
            "4454f560690ee4fd135f4d4dd359d95793636f90db9768237edce8e6eaee7b6c",
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Event, Start, "c", "a", null, "{}"));
        Assert.Equal(
            "763aef22945b2f7e303b95ead77d04b97a868e7c86068f2f6b24fd2485dc5e4d",
            AuditChain.ComputeStoreWideHash(AuditChain.GenesisHash, 1, AuditKind.Event, Start, "c", "a", null, "{}"));
    }

    [Fact]
    public void Part_of_a_trail_verifies_from_a_trusted_entry_and_counts_the_whole_trail()
    {
        var chain = Chain(10);
        Assert.True(AuditChain.Verify(chain.Skip(6), 7, chain[5].Hash, chain[^1].Hash, 10).IsValid);
        AssertBad(AuditChain.Verify(chain.Skip(6), 7, chain[4].Hash), 7, "does not follow");
        AssertBad(AuditChain.Verify(chain.Skip(6), 7, chain[5].Hash, expectedCount: 12), 11, "removed");
    }

    [Fact]
    public void Null_and_empty_strings_hash_differently()
    {
        var nullCase = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, null, "a", "p", "{}");
        var emptyCase = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "", "a", "p", "{}");
        var nullPurpose = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "c", "a", null, "{}");
        var emptyPurpose = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "c", "a", "", "{}");
        Assert.NotEqual(nullCase, emptyCase);
        Assert.NotEqual(nullPurpose, emptyPurpose);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        // Without length prefixes, "ab" + "" and "a" + "b" would run together into the same bytes.
        var first = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "ab", "", "p", "{}");
        var second = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Read, Start, "a", "b", "p", "{}");
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Every_field_is_covered_by_the_hash()
    {
        string Hash(string previous = AuditChain.GenesisHash, long position = 1, AuditKind kind = AuditKind.Event, DateTimeOffset? at = null, string? caseId = "c", string? actor = "a", string? purpose = "p", string content = "{}") =>
            AuditChain.ComputeHash(previous, position, kind, at ?? Start, caseId, actor, purpose, content);

        var variants = new[]
        {
            Hash(),
            Hash(previous: new string('1', 64)),
            Hash(position: 2),
            Hash(kind: AuditKind.Refusal),
            Hash(at: Start.AddTicks(10)),
            Hash(caseId: "d"),
            Hash(actor: "b"),
            Hash(purpose: "q"),
            Hash(content: "{ }"),
        };
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void The_same_instant_hashes_the_same_whatever_its_offset() =>
        Assert.Equal(
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Event, Start, "c", "a", null, "{}"),
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditKind.Event, Start.ToOffset(TimeSpan.FromHours(1)), "c", "a", null, "{}"));

    [Fact]
    public void Seal_keeps_the_time_to_the_microsecond_in_UTC()
    {
        var at = new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var entry = AuditChain.Seal(AuditChain.GenesisHash, 1, new AuditRecord(AuditKind.Event, at, "c", "a", null, "{}"));
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
        Assert.Equal(at.UtcTicks - 7, entry.At.UtcTicks);
        Assert.True(AuditChain.Verify([entry]).IsValid);
    }

    [Fact]
    public void A_modified_entry_is_found()
    {
        var chain = Chain(10);
        chain[4] = chain[4] with { Content = "{\"detail\":\"changed\"}" };
        AssertBad(AuditChain.Verify(chain), 5, "altered");
    }

    [Fact]
    public void A_modified_and_rehashed_entry_is_found_at_the_entry_after_it()
    {
        var chain = Chain(10);
        var changed = chain[4] with { ActorId = "someone-else" };
        chain[4] = changed with { Hash = AuditChain.ComputeHash(changed.PreviousHash, changed.Position, changed.Kind, changed.At, changed.CaseId, changed.ActorId, changed.Purpose, changed.Content) };
        AssertBad(AuditChain.Verify(chain), 6, "does not follow");
    }

    [Fact]
    public void A_deleted_entry_is_found()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        AssertBad(AuditChain.Verify(chain), 4, "missing");
    }

    [Fact]
    public void A_deleted_entry_with_the_rest_renumbered_is_found()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        for (var i = 3; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Position = i + 1 };
        }

        AssertBad(AuditChain.Verify(chain), 4, "does not follow");
    }

    [Fact]
    public void A_deleted_first_entry_is_found()
    {
        var chain = Chain(5);
        chain.RemoveAt(0);
        AssertBad(AuditChain.Verify(chain), 1, "missing");
        chain[0] = chain[0] with { Position = 1 };
        AssertBad(AuditChain.Verify(chain), 1, "genesis");
    }

    [Fact]
    public void An_inserted_entry_is_found()
    {
        var chain = Chain(10);
        var forged = AuditChain.Seal(chain[2].Hash, 4, Record(999));
        chain.Insert(3, forged);
        AssertBad(AuditChain.Verify(chain), 5, "inserted");
    }

    [Fact]
    public void An_inserted_entry_with_the_rest_renumbered_is_found()
    {
        var chain = Chain(10);
        chain.Insert(3, AuditChain.Seal(chain[2].Hash, 4, Record(999)));
        for (var i = 4; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Position = i + 1 };
        }

        AssertBad(AuditChain.Verify(chain), 5, "does not follow");
    }

    [Fact]
    public void Reordered_entries_are_found()
    {
        var chain = Chain(10);
        (chain[5], chain[6]) = (chain[6], chain[5]);
        AssertBad(AuditChain.Verify(chain), 6, "out of order");
    }

    [Fact]
    public void Reordered_entries_with_their_positions_swapped_are_found()
    {
        var chain = Chain(10);
        (chain[5], chain[6]) = (chain[6] with { Position = 6 }, chain[5] with { Position = 7 });
        AssertBad(AuditChain.Verify(chain), 6, "does not follow");
    }

    [Fact]
    public void A_truncated_tail_is_found_only_with_the_expected_head_or_count()
    {
        var chain = Chain(10);
        var head = chain[^1].Hash;
        chain.RemoveRange(7, 3);
        Assert.True(AuditChain.Verify(chain).IsValid);
        AssertBad(AuditChain.Verify(chain, expectedHeadHash: head), 8, "removed");
        AssertBad(AuditChain.Verify(chain, expectedCount: 10), 8, "removed");
    }

    [Fact]
    public void Entries_appended_after_the_expected_head_are_reported()
    {
        var chain = Chain(10);
        AssertBad(AuditChain.Verify(chain, expectedHeadHash: chain[6].Hash), 8, "continues past it");
        AssertBad(AuditChain.Verify(chain, expectedCount: 7), 8, "added");
    }

    [Fact]
    public void A_time_changed_below_the_microsecond_is_found()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { At = chain[1].At.AddTicks(3) };
        AssertBad(AuditChain.Verify(chain), 2, "finer than a microsecond");
    }

    [Fact]
    public void Entries_that_could_not_have_been_sealed_are_reported_not_thrown()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { Content = "\ud800" };
        AssertBad(AuditChain.Verify(chain), 2, "cannot have been sealed");
        Assert.ThrowsAny<ArgumentException>(() => AuditChain.Seal(AuditChain.GenesisHash, 1, Record(1) with { Content = "\ud800" }));
    }

    [Fact]
    public void Verify_stops_at_the_first_problem()
    {
        var chain = Chain(10);
        chain[7] = chain[7] with { Content = "later" };
        chain[2] = chain[2] with { Content = "earlier" };
        AssertBad(AuditChain.Verify(chain), 3, "altered");
    }

    private static void AssertBad(AuditVerification verification, long position, string problemContains)
    {
        Assert.False(verification.IsValid);
        Assert.Equal(position, verification.FirstBadPosition);
        Assert.NotNull(verification.Problem);
        Assert.Contains(problemContains, verification.Problem, StringComparison.Ordinal);
    }

    private static AuditRecord Record(int i) =>
        new((AuditKind)(i % 4), Start.AddSeconds(i), i % 3 == 0 ? null : $"case-{i % 7}", $"officer-{i % 5}", i % 4 == 2 ? "Review" : null, $"{{\"n\":{i}}}");

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>(count);
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.Seal(previous, i, Record(i));
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }
}
