namespace Policy.Runtime.Storage;

/// <summary>Pages of work from rows already in memory: the in-memory store's answer, and the default for any store.</summary>
internal static class DueWorkPages
{
    /// <summary>The page <paramref name="query"/> asks for among <paramref name="rows"/>, each with the officer who holds its role.</summary>
    public static DueWorkPage Page(DueWorkQuery query, IEnumerable<(DueDeadline Row, string? Officer)> rows)
    {
        var after = query.After;
        var items = rows
            .Where(r => query.Matches(r.Row, r.Officer) && (after is not { } cursor || cursor.Precedes(r.Row)))
            .OrderBy(r => r.Row.DueAt.UtcTicks)
            .ThenBy(r => r.Row.CaseId, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Deadline, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Instance)
            .Take(query.Limit + 1)
            .Select(r => new DueWork(r.Row, r.Officer))
            .ToArray();
        return Of(query, items);
    }

    /// <summary>
    /// The page of <paramref name="found"/>, the query's first rows after its cursor in order, up to one more than its
    /// limit: that one, if there, is not on the page but says that another page follows.
    /// </summary>
    public static DueWorkPage Of(DueWorkQuery query, IReadOnlyList<DueWork> found) =>
        found.Count > query.Limit
            ? new(found.Take(query.Limit).ToArray(), DueWorkCursor.After(found[query.Limit - 1].Deadline))
            : new(found, null);

    public static async Task<DueWorkPage> FromIndexAsync(ICaseStore store, DueWorkQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var index = await store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return Page(query, index.Values.SelectMany(c => c.Due.Select(d => (d, OfficerHolding(c.Assignments, d.Role)))));
    }

    public static string? OfficerHolding(IReadOnlyDictionary<string, string> assignments, string? role) =>
        role is not null && assignments.TryGetValue(role, out var officer) ? officer : null;
}
