using System.Text.Json;
using Policy.Runtime.Availability;

namespace CaseManagement.Availability;

/// <summary>
/// The officers' absences, kept across restarts in <c>absences.jsonl</c> (one absence a line) in the data folder, so an
/// officer recorded as absent stays absent when the application restarts. An absence can be ended or corrected
/// (<see cref="ReplaceAsync"/>): the file is then written afresh beside the old one and moved over it, so a crash
/// leaves the old file or the new, never half of one.
/// </summary>
public sealed class StoredAbsenceRegister : IAbsenceRegister
{
    private readonly object _gate = new();
    private readonly List<OfficerAbsence> _absences = [];
    private readonly string _path;
    private readonly SemaphoreSlim _writing = new(1, 1);

    private StoredAbsenceRegister(string path) => _path = path;

    public static async Task<StoredAbsenceRegister> LoadAsync(string dataFolder, CancellationToken cancellationToken = default)
    {
        var register = new StoredAbsenceRegister(Path.Combine(dataFolder, "absences.jsonl"));
        if (File.Exists(register._path))
        {
            foreach (var line in await File.ReadAllLinesAsync(register._path, cancellationToken))
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<OfficerAbsence>(line) is { } absence)
                {
                    register._absences.Add(absence);
                }
            }
        }

        return register;
    }

    public async Task RecordAsync(OfficerAbsence absence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(absence);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(_path, JsonSerializer.Serialize(absence) + "\n", cancellationToken);
            lock (_gate)
            {
                _absences.Add(absence);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Replaces <paramref name="existing"/> with <paramref name="corrected"/> (ending it, or correcting a mistake); false when it is no longer recorded.</summary>
    public async Task<bool> ReplaceAsync(OfficerAbsence existing, OfficerAbsence? corrected, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            List<OfficerAbsence> updated;
            lock (_gate)
            {
                var index = _absences.IndexOf(existing);
                if (index < 0)
                {
                    return false;
                }

                updated = [.. _absences];
                if (corrected is null)
                {
                    updated.RemoveAt(index);
                }
                else
                {
                    updated[index] = corrected;
                }
            }

            var temporary = _path + ".new";
            await File.WriteAllLinesAsync(temporary, updated.Select(a => JsonSerializer.Serialize(a)), cancellationToken);
            File.Move(temporary, _path, overwrite: true);
            lock (_gate)
            {
                _absences.Clear();
                _absences.AddRange(updated);
            }

            return true;
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task<IReadOnlyList<OfficerAbsence>> GetAbsencesAsync(string officerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<OfficerAbsence> result = _absences.Where(a => a.OfficerId == officerId).OrderBy(a => a.From).ToArray();
            return Task.FromResult(result);
        }
    }

    public bool IsAvailable(string officerId, DateTimeOffset at)
    {
        lock (_gate)
        {
            return !_absences.Any(a => a.OfficerId == officerId && a.Covers(at));
        }
    }
}
