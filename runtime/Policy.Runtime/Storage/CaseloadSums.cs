namespace Policy.Runtime.Storage;

/// <summary>Officers' caseloads from a whole index, for the stores that keep no caseload table of their own.</summary>
internal static class CaseloadSums
{
    /// <summary>
    /// What <see cref="ICaseStore.FindCaseloadsAsync"/> answers, from <paramref name="index"/>: each officer's sum of the
    /// weights of the cases (other than <paramref name="exceptCaseId"/>) they hold an assigned role on, each case once;
    /// an officer with a case of unknown weight is left out.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> FromIndex(
        IReadOnlyDictionary<string, CaseIndexRows> index,
        IReadOnlyCollection<string> officerIds,
        string? exceptCaseId)
    {
        var sums = officerIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 0m, StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (caseId, rows) in index)
        {
            if (string.Equals(caseId, exceptCaseId, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var officer in rows.Assignments.Values.Distinct(StringComparer.Ordinal))
            {
                if (!sums.TryGetValue(officer, out var sum))
                {
                    continue;
                }

                if (rows.Caseload is { } weight)
                {
                    sums[officer] = sum + weight;
                }
                else
                {
                    unknown.Add(officer);
                }
            }
        }

        foreach (var officer in unknown)
        {
            sums.Remove(officer);
        }

        return sums;
    }
}
