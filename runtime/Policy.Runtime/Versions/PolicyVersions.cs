using System.Globalization;
using Policy.Runtime.Engine;
using Policy.Runtime.Time;

namespace Policy.Runtime.Versions;

/// <summary>
/// Every version of one policy an application holds, ordered by the date each takes effect. A new case opens under the
/// version in force on its opening day on the London clock; a case keeps that version until it is migrated.
/// </summary>
public sealed class PolicyVersions
{
    private readonly CompiledPolicy[] _byEffective;
    private readonly Dictionary<string, CompiledPolicy> _byVersion = new(StringComparer.Ordinal);

    public PolicyVersions(IEnumerable<CompiledPolicy> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var all = versions.ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("A policy needs at least one version.", nameof(versions));
        }

        Name = all[0].Name;
        foreach (var version in all)
        {
            if (!string.Equals(version.Name, Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Versions of one policy must share its name: '{version.Name}' is not '{Name}'.", nameof(versions));
            }

            if (all.Length > 1 && EffectiveDate(version) is null)
            {
                throw new ArgumentException($"Policy '{Name}' has {all.Length} versions, so each needs an effective date; version '{version.Version}' has none.", nameof(versions));
            }

            if (!_byVersion.TryAdd(version.Version, version))
            {
                throw new ArgumentException($"Policy '{Name}' has version '{version.Version}' twice.", nameof(versions));
            }
        }

        _byEffective = all.OrderBy(v => EffectiveDate(v) ?? DateOnly.MinValue).ToArray();
        for (var i = 1; i < _byEffective.Length; i++)
        {
            if (EffectiveDate(_byEffective[i]) == EffectiveDate(_byEffective[i - 1]))
            {
                throw new ArgumentException($"Versions '{_byEffective[i - 1].Version}' and '{_byEffective[i].Version}' of policy '{Name}' both take effect on {EffectiveDate(_byEffective[i]):yyyy-MM-dd}.", nameof(versions));
            }
        }
    }

    /// <summary>The policy's name, which every version shares.</summary>
    public string Name { get; }

    /// <summary>The versions, earliest effective date first.</summary>
    public IReadOnlyList<CompiledPolicy> All => _byEffective;

    /// <summary>The version that takes effect last: the one whose API the generated workflow has.</summary>
    public CompiledPolicy Newest => _byEffective[^1];

    /// <summary>The version labelled <paramref name="version"/>, or null when the application does not hold it.</summary>
    public CompiledPolicy? Find(string version) => _byVersion.TryGetValue(version, out var found) ? found : null;

    /// <summary>
    /// The version in force at <paramref name="at"/>: the latest whose effective date (a London date) is on or before
    /// that day. Before the earliest effective date, the earliest version (a force may open cases under a policy it has
    /// adopted early; the checker's versions report says when that can happen).
    /// </summary>
    public CompiledPolicy InForceAt(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, EuropeLondon.TimeZone).DateTime);
        var chosen = _byEffective[0];
        foreach (var version in _byEffective)
        {
            if (EffectiveDate(version) is { } effective && effective <= day)
            {
                chosen = version;
            }
        }

        return chosen;
    }

    /// <summary>The date a version takes effect, from its <c>effective</c> line; null when it has none.</summary>
    public static DateOnly? EffectiveDate(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DateOnly.TryParseExact(policy.Definition.Effective, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }
}
