namespace Policy.Generator.Tests.Differential;

/// <summary>
/// Cuts a failing policy down to the lines it needs (delta debugging over lines: drop ever smaller runs of lines while
/// the failure persists). A cut that breaks the policy's syntax or meaning no longer checks clean, so it does not fail
/// the same way and is undone: what is left is a valid policy that still fails.
/// </summary>
internal static class Shrinker
{
    public static string Minimize(string text, Func<string, bool> stillFails)
    {
        var lines = text.Split('\n').ToList();
        for (var size = Math.Max(1, lines.Count / 2); size >= 1; size /= 2)
        {
            var removedAny = true;
            while (removedAny)
            {
                removedAny = false;
                for (var start = 0; start < lines.Count; start += size)
                {
                    var candidate = lines.Take(start).Concat(lines.Skip(start + size)).ToList();
                    if (candidate.Count < lines.Count && stillFails(string.Join('\n', candidate)))
                    {
                        lines = candidate;
                        removedAny = true;
                        start -= size;
                    }
                }
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>A predicate for <see cref="Minimize"/>: the policy still fails at <paramref name="failure"/>'s stage, in its class.</summary>
    public static Func<string, bool> FailsLike(DifferentialFailure failure) =>
        text => DifferentialPipeline.ChecksClean(text)
            && DifferentialPipeline.FailuresOf(text, seed: failure.Seed).Any(f => f.Stage == failure.Stage && f.ClassKey == failure.ClassKey);
}
