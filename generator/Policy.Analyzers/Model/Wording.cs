namespace Policy.Analyzers.Model;

/// <summary>Lists in messages read as English: "OIC", "OIC or Supervisor", "OIC, SOIT or Supervisor".</summary>
internal static class Wording
{
    public static string Either(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "nobody",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1],
    };
}
