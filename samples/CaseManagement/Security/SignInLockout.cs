using System.Collections.Concurrent;

namespace CaseManagement.Security;

/// <summary>
/// Locks signing in as an officer ID after <see cref="MaximumFailures"/> wrong passwords in a row, for
/// <see cref="LockoutPeriod"/> on the application's clock. Any ID typed is counted, known or not, so that a lockout
/// does not tell a stranger which IDs exist. Kept in memory: a restart clears it (a force's directory would keep it).
/// Throttling by address is separate: the "signin" rate limiter in <c>Program.cs</c>.
/// </summary>
public sealed class SignInLockout(TimeProvider clock)
{
    public const int MaximumFailures = 5;

    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);

    /// <summary>When signing in as <paramref name="officerId"/> is locked until, or null when it is not locked now.</summary>
    public DateTimeOffset? LockedUntil(string officerId) =>
        _attempts.TryGetValue(Key(officerId), out var attempts) && attempts.LockedUntil is { } until && until > clock.GetUtcNow() ? until : null;

    /// <summary>Counts a wrong password; returns when the ID is locked until, once this failure locks it.</summary>
    public DateTimeOffset? Failed(string officerId)
    {
        var now = clock.GetUtcNow();
        var updated = _attempts.AddOrUpdate(
            Key(officerId),
            _ => new Attempts(1, null),
            (_, previous) =>
            {
                // A lockout that has run out starts the count again.
                var failures = previous.LockedUntil is { } until && until <= now ? 1 : previous.Failures + 1;
                return new Attempts(failures, failures >= MaximumFailures ? now + LockoutPeriod : null);
            });
        return updated.LockedUntil;
    }

    /// <summary>A right password clears the count.</summary>
    public void Succeeded(string officerId) => _attempts.TryRemove(Key(officerId), out _);

    private static string Key(string officerId) => officerId.Trim().ToLowerInvariant();

    private sealed record Attempts(int Failures, DateTimeOffset? LockedUntil);
}
