namespace Policy.Runtime.Availability;

/// <summary>An absence register kept in memory: absences are lost when the process ends.</summary>
public sealed class AbsenceRegister : IAbsenceRegister
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<OfficerAbsence>> _absences = new(StringComparer.Ordinal);

    public Task RecordAsync(OfficerAbsence absence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(absence);
        lock (_gate)
        {
            if (!_absences.TryGetValue(absence.OfficerId, out var list))
            {
                list = [];
                _absences[absence.OfficerId] = list;
            }

            list.Add(absence);
            list.Sort(static (a, b) => a.From.CompareTo(b.From));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OfficerAbsence>> GetAbsencesAsync(string officerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OfficerAbsence> result = _absences.TryGetValue(officerId, out var list) ? list.ToArray() : [];
            return Task.FromResult(result);
        }
    }

    public bool IsAvailable(string officerId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_absences.TryGetValue(officerId, out var list))
            {
                return true;
            }

            foreach (var absence in list)
            {
                if (absence.Covers(at))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
