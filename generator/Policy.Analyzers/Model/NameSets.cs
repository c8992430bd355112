using System.Collections.Immutable;

namespace Policy.Analyzers.Model;

/// <summary>
/// Set operations on the short lists of names the rules compare (states, roles). They run on every action call the
/// rules look at: plain loops over a few names, without the boxing and delegates that LINQ over ImmutableArray costs.
/// </summary>
internal static class NameSets
{
    /// <summary>True when the lists have a name in common.</summary>
    public static bool Overlap(ImmutableArray<string> left, ImmutableArray<string> right)
    {
        foreach (var name in left)
        {
            if (right.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="left"/>, then the names of <paramref name="right"/> it lacks.</summary>
    public static ImmutableArray<string> Union(ImmutableArray<string> left, ImmutableArray<string> right)
    {
        var union = left;
        foreach (var name in right)
        {
            if (!left.Contains(name))
            {
                union = union.Add(name);
            }
        }

        return union;
    }

    /// <summary>The names of <paramref name="left"/> that <paramref name="right"/> also has, each once.</summary>
    public static ImmutableArray<string> Intersection(ImmutableArray<string> left, ImmutableArray<string> right)
    {
        var both = ImmutableArray<string>.Empty;
        foreach (var name in left)
        {
            if (right.Contains(name) && !both.Contains(name))
            {
                both = both.Add(name);
            }
        }

        return both;
    }
}
