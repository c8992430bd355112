using Policy.Runtime.Audit;

namespace Policy.Runtime.Storage.Snapshots;

/// <summary>
/// A case's state at one version, kept so that a load replays only the events after it. A cache, never the record: it
/// is outside the case's chain, a store may drop it at any time, and a load that cannot use it replays the case's
/// events from the chain instead, with the same result.
/// </summary>
/// <param name="Version">The case version the state is at: it holds the first <paramref name="Version"/> events.</param>
/// <param name="PolicyKey">Which policy, in which version and form, built the state; a snapshot under any other key is not used.</param>
/// <param name="Content">The state, as the engine writes it.</param>
public sealed record CaseSnapshot(string CaseId, long Version, string PolicyKey, string Content)
{
    /// <summary>The chain position of the snapshot's last event, as the store found it; 0 before it is stored.</summary>
    internal long ChainPosition { get; init; }

    /// <summary>The hash of the chain's entry at <see cref="ChainPosition"/>: a snapshot belongs to one prefix of one chain.</summary>
    internal string? ChainHash { get; init; }

    /// <summary>What a store's audit key seals: the snapshot and the point of the chain it belongs to.</summary>
    internal string SignedText => string.Join('\n', CaseId, Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ChainPosition.ToString(System.Globalization.CultureInfo.InvariantCulture), ChainHash, PolicyKey, Content);

    /// <summary>True when <paramref name="keys"/> (if any) sealed it, as <paramref name="keyId"/> and <paramref name="seal"/> say.</summary>
    internal bool IsSealedBy(AuditKeyRing? keys, string? keyId, string? seal) => keys is null || keys.IsSnapshotSealed(keyId, SignedText, seal);
}
