namespace Policy.Runtime.Storage;

/// <summary>
/// What <see cref="ICaseStore.FindDueWorkAsync"/> looks for: the open deadlines of every case, or of those whose role
/// one of some officers holds (an officer's own work, or a team's), or of one role, optionally only those due by a
/// time (overdue: due by now), a page at a time. Build one with <see cref="AllCases"/>, <see cref="ForOfficer"/>,
/// <see cref="ForOfficers"/> or <see cref="ForRole"/>, then narrow it with <c>with</c>.
/// </summary>
public sealed record DueWorkQuery
{
    /// <summary>The most rows a page may ask for.</summary>
    public const int MaximumLimit = 1000;

    /// <summary>The most officers one query may name (a team).</summary>
    public const int MaximumOfficers = 500;

    /// <summary>Only deadlines whose role one of these officers holds on the case; null for anyone's (or nobody's).</summary>
    public IReadOnlyList<string>? Officers { get; init; }

    /// <summary>Only deadlines that this role must meet, as the policy names it; null for every role.</summary>
    public string? Role { get; init; }

    /// <summary>Only deadlines due at or before this time (now, for what is overdue); null for every open deadline.</summary>
    public DateTimeOffset? DueBy { get; init; }

    /// <summary>How many rows the page holds at most (1 to <see cref="MaximumLimit"/>).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Where the page starts: the <see cref="DueWorkPage.Next"/> of the page before; null for the first page.</summary>
    public DueWorkCursor? After { get; init; }

    /// <summary>Every open deadline of every case.</summary>
    public static DueWorkQuery AllCases(int limit = 50) => new() { Limit = limit };

    /// <summary>The deadlines whose role the officer holds on its case: what the officer must do.</summary>
    public static DueWorkQuery ForOfficer(string officerId, int limit = 50) => new() { Officers = [officerId], Limit = limit };

    /// <summary>The deadlines whose role any of the officers holds (a team's work).</summary>
    public static DueWorkQuery ForOfficers(IReadOnlyList<string> officerIds, int limit = 50) => new() { Officers = officerIds, Limit = limit };

    /// <summary>The deadlines the role must meet, on every case, whoever holds it.</summary>
    public static DueWorkQuery ForRole(string role, int limit = 50) => new() { Role = role, Limit = limit };

    /// <summary>Throws, naming the setting, for a query no store can answer.</summary>
    internal void Check()
    {
        if (Limit is < 1 or > MaximumLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"{nameof(DueWorkQuery)}.{nameof(Limit)} must be from 1 to {MaximumLimit}.");
        }

        if (Officers is not null)
        {
            if (Officers.Count > MaximumOfficers)
            {
                throw new ArgumentException($"{nameof(DueWorkQuery)}.{nameof(Officers)} names {Officers.Count} officers; at most {MaximumOfficers} may be asked for at once.", nameof(Officers));
            }

            for (var i = 0; i < Officers.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(Officers[i]))
                {
                    throw new ArgumentException($"{nameof(DueWorkQuery)}.{nameof(Officers)}[{i}] is empty; every officer id must have text.", nameof(Officers));
                }
            }
        }

        if (Role is not null && string.IsNullOrWhiteSpace(Role))
        {
            throw new ArgumentException($"{nameof(DueWorkQuery)}.{nameof(Role)} is empty; give a role's name, or null for every role.", nameof(Role));
        }

        if (After is { } after && (string.IsNullOrEmpty(after.CaseId) || after.Deadline is null))
        {
            throw new ArgumentException($"{nameof(DueWorkQuery)}.{nameof(After)} is not a cursor a page gave back.", nameof(After));
        }
    }

    /// <summary>True when <paramref name="row"/>, held by <paramref name="officer"/>, is on one of this query's pages, before or after <see cref="After"/>.</summary>
    internal bool Matches(DueDeadline row, string? officer) =>
        (Role is null || string.Equals(row.Role, Role, StringComparison.Ordinal))
        && (Officers is null || (officer is not null && Officers.Contains(officer, StringComparer.Ordinal)))
        && (DueBy is not { } by || row.DueAt <= by);
}

/// <summary>One open deadline on a page of work.</summary>
/// <param name="Deadline">The deadline's row in the due-time index (its <see cref="DueDeadline.Role"/> is who must meet it).</param>
/// <param name="OfficerId">The officer who holds that role on the case now; null when nobody does.</param>
public sealed record DueWork(DueDeadline Deadline, string? OfficerId);

/// <summary>A page of <see cref="ICaseStore.FindDueWorkAsync"/>: most urgent first (by due time, then case, deadline and instance).</summary>
/// <param name="Next">Where the next page starts (pass it as <see cref="DueWorkQuery.After"/>); null when this page is the last.</param>
public sealed record DueWorkPage(IReadOnlyList<DueWork> Items, DueWorkCursor? Next);

/// <summary>A place in the order of work pages: the key of the last row of a page. Later rows come strictly after it.</summary>
public readonly record struct DueWorkCursor(DateTimeOffset DueAt, string CaseId, string Deadline, int Instance)
{
    /// <summary>The cursor just after <paramref name="row"/>.</summary>
    public static DueWorkCursor After(DueDeadline row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.DueAt, row.CaseId, row.Deadline, row.Instance);
    }

    /// <summary>True when <paramref name="row"/> comes after this cursor in the pages' order.</summary>
    internal bool Precedes(DueDeadline row)
    {
        var byTime = row.DueAt.UtcTicks.CompareTo(DueAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime > 0;
        }

        var byCase = string.CompareOrdinal(row.CaseId, CaseId);
        if (byCase != 0)
        {
            return byCase > 0;
        }

        var byDeadline = string.CompareOrdinal(row.Deadline, Deadline);
        return byDeadline != 0 ? byDeadline > 0 : row.Instance > Instance;
    }
}
