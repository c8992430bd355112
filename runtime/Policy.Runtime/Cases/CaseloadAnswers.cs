using Policy.Runtime.Availability;

namespace Policy.Runtime.Cases;

/// <summary>
/// The caseloads one decision has been given, read from the store's caseload index: it answers the officers already
/// read and notes the ones it was asked about and could not answer, for <see cref="CaseService"/> to read before it
/// decides again.
/// </summary>
internal sealed class CaseloadAnswers : IOfficerCaseloads
{
    /// <summary>How many times one change is decided at most while the officers whose caseloads it reads are found.</summary>
    public const int MaxRounds = 8;

    private readonly Dictionary<string, decimal?> _read = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unread = new(StringComparer.Ordinal);

    /// <summary>The officers asked about since the last <see cref="Add"/> whose caseloads have not been read.</summary>
    public IReadOnlyCollection<string> Unread => _unread;

    public decimal? CaseloadOf(string officerId)
    {
        if (_read.TryGetValue(officerId, out var caseload))
        {
            return caseload;
        }

        _unread.Add(officerId);
        return null;
    }

    /// <summary>Keeps what the store answered for <paramref name="asked"/>; an officer it left out stays unknown, and is not asked for again.</summary>
    public void Add(IReadOnlyCollection<string> asked, IReadOnlyDictionary<string, decimal> answered)
    {
        foreach (var officer in asked)
        {
            _read[officer] = answered.TryGetValue(officer, out var caseload) ? caseload : null;
            _unread.Remove(officer);
        }
    }
}
