using Policy.Runtime.Time;

namespace Policy.Policies.Tests.Infrastructure;

/// <summary>Instants written as London wall-clock times (GMT or BST, whichever was in force), as the documents give them.</summary>
internal static class London
{
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        if (EuropeLondon.TimeZone.IsInvalidTime(local) || EuropeLondon.TimeZone.IsAmbiguousTime(local))
        {
            throw new ArgumentException($"{local:yyyy-MM-dd HH:mm} is skipped or repeated when the clocks change; pick another time.");
        }

        return new DateTimeOffset(local, EuropeLondon.TimeZone.GetUtcOffset(local));
    }
}
