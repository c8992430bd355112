namespace Policy.Language.Semantics;

/// <summary>The calendars a policy may name. The runtime's calendar registry must know each of these (a test checks it).</summary>
public static class KnownCalendars
{
    /// <summary>Weekends and England &amp; Wales bank holidays are not working days; times in Europe/London.</summary>
    public const string EnglandAndWales = "england-and-wales";

    public static IReadOnlyList<string> Names { get; } = new[] { EnglandAndWales };
}
