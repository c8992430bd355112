using System.Text.Json;

namespace CaseManagement.Officers;

/// <summary>A team: its officers are those whose <see cref="Officer.Team"/> is its id; its supervisors oversee its cases.</summary>
/// <param name="Supervisors">Officer ids, in the order an escalation looks for a holder of the role it names.</param>
public sealed record Team(string Id, string Name, IReadOnlyList<string> Supervisors);

/// <summary>
/// The force's teams, kept in <c>teams.json</c> in the data folder and seeded once with the demonstration's two: the
/// investigations team (RASSO and general investigations) and the response team with the control room. An escalation
/// to a role on a case goes to the named supervisor of the case's team who holds that role (<see cref="HolderOf"/>).
/// </summary>
public sealed class TeamDirectory
{
    public const string Investigations = "investigations";
    public const string Response = "response";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Dictionary<string, Team> _byId;
    private readonly OfficerDirectory _officers;

    private TeamDirectory(IEnumerable<Team> teams, OfficerDirectory officers)
    {
        _byId = teams.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _officers = officers;
    }

    public IReadOnlyCollection<Team> All => _byId.Values;

    public Team? Find(string? id) => id is not null && _byId.TryGetValue(id, out var team) ? team : null;

    /// <summary>The team an officer belongs to, or null.</summary>
    public Team? TeamOf(string? officerId) => Find(_officers.Find(officerId)?.Team);

    /// <summary>The teams <paramref name="officer"/> supervises.</summary>
    public IReadOnlyList<Team> SupervisedBy(Officer officer) =>
        _byId.Values.Where(t => t.Supervisors.Contains(officer.Id, StringComparer.Ordinal)).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The named officer an escalation to <paramref name="role"/> goes to on a case of <paramref name="team"/>: its first supervisor holding the role.</summary>
    public Officer? HolderOf(Team? team, string role) =>
        team?.Supervisors.Select(_officers.Find).FirstOrDefault(o => o is not null && o.Roles.Contains(role, StringComparer.Ordinal));

    public static TeamDirectory LoadOrSeed(string dataFolder, OfficerDirectory officers)
    {
        var path = Path.Combine(dataFolder, "teams.json");
        if (File.Exists(path))
        {
            return new TeamDirectory(JsonSerializer.Deserialize<List<Team>>(File.ReadAllText(path), Json) ?? [], officers);
        }

        Team[] seeded =
        [
            new(Investigations, "Public protection investigations", ["ps.shah", "di.walsh"]),
            new(Response, "Response and control room", ["ps.khan"]),
        ];
        File.WriteAllText(path, JsonSerializer.Serialize(seeded, Json));
        return new TeamDirectory(seeded, officers);
    }
}
