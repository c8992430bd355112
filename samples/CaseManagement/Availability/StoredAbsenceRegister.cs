using System.Text.Json;
using Policy.Runtime.Availability;

namespace CaseManagement.Availability;

/// <summary>
/// The runtime's in-memory absence register, kept across restarts in <c>absences.jsonl</c> (one absence a line) in
/// the data folder, so an officer recorded as absent stays absent when the application restarts.
/// </summary>
public sealed class StoredAbsenceRegister : IAbsenceRegister
{
    private readonly AbsenceRegister _register = new();
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
                    await register._register.RecordAsync(absence, cancellationToken);
                }
            }
        }

        return register;
    }

    public async Task RecordAsync(OfficerAbsence absence, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(_path, JsonSerializer.Serialize(absence) + "\n", cancellationToken);
        }
        finally
        {
            _writing.Release();
        }

        await _register.RecordAsync(absence, cancellationToken);
    }

    public Task<IReadOnlyList<OfficerAbsence>> GetAbsencesAsync(string officerId, CancellationToken cancellationToken = default) =>
        _register.GetAbsencesAsync(officerId, cancellationToken);

    public bool IsAvailable(string officerId, DateTimeOffset at) => _register.IsAvailable(officerId, at);
}
