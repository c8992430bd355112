using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Policy.Runtime.Availability;

namespace CaseManagement.Officers;

/// <summary>
/// The force's officers and their roles, kept in <c>officers.json</c> in the data folder and seeded once with the
/// demonstration officers. A real force would read its HR system or directory instead. It is also the register the
/// policies ask whether an officer holds a role in the force: <c>assign SOIT = soit</c> refuses an officer who is not
/// SOIT-trained, and <c>assign OIC = oic</c> one who is not an investigator.
/// </summary>
public sealed class OfficerDirectory : IOfficerRoles
{
    /// <summary>The password every seeded officer signs in with (documented in the sample's README).</summary>
    public const string DemoPassword = "policy-demo";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly PasswordHasher<Officer> _hasher = new();
    private readonly Dictionary<string, Officer> _byId;

    private OfficerDirectory(IEnumerable<Officer> officers) =>
        _byId = officers.ToDictionary(officer => officer.Id, StringComparer.Ordinal);

    public IReadOnlyCollection<Officer> All => _byId.Values;

    public Officer? Find(string? id) => id is not null && _byId.TryGetValue(id, out var officer) ? officer : null;

    /// <summary>True when the officer is in the directory with <paramref name="role"/> among their roles.</summary>
    public bool HoldsRole(string officerId, string role) => Find(officerId) is { } officer && officer.Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The officer's name for display, or the identifier itself when it is not in the directory.</summary>
    public string NameOf(string? id) => Find(id)?.DisplayName ?? id ?? "";

    /// <summary>The officer signed in as <paramref name="user"/>, or null.</summary>
    public Officer? SignedIn(ClaimsPrincipal user) => Find(user.FindFirstValue(ClaimTypes.NameIdentifier));

    /// <summary>The officer with these credentials, or null. Takes the same time whether or not the id exists.</summary>
    public Officer? Verify(string? id, string? password)
    {
        var officer = Find(id?.Trim().ToLowerInvariant());
        var hash = officer?.PasswordHash ?? UnknownOfficerHash;
        var result = _hasher.VerifyHashedPassword(officer!, hash, password ?? "");
        return officer is not null && result != PasswordVerificationResult.Failed ? officer : null;
    }

    // Verified against when the id is unknown, so a wrong id costs the same as a wrong password.
    private static readonly string UnknownOfficerHash = new PasswordHasher<Officer>().HashPassword(null!, Guid.NewGuid().ToString());

    /// <summary>Loads the directory from <paramref name="dataFolder"/>, writing the demonstration officers there first if it has none.</summary>
    public static OfficerDirectory LoadOrSeed(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "officers.json");
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<List<Officer>>(File.ReadAllText(path), Json) ?? [];
            return new OfficerDirectory(stored);
        }

        var hasher = new PasswordHasher<Officer>();
        var seeded = DemoOfficers
            .Select(o => o with { PasswordHash = hasher.HashPassword(o, DemoPassword) })
            .ToList();
        Directory.CreateDirectory(dataFolder);
        File.WriteAllText(path, JsonSerializer.Serialize(seeded, Json));
        return new OfficerDirectory(seeded);
    }

    private static readonly Officer[] DemoOfficers =
    [
        new("ps.shah", "Amira Shah", "DS", ["Supervisor", "Officer"], "", TeamDirectory.Investigations, "amira.shah@force.example"),
        new("di.walsh", "Helen Walsh", "DI", ["CrimeManager", "Supervisor", "Officer"], "", TeamDirectory.Investigations, "helen.walsh@force.example"),
        new("dc.patel", "Ravi Patel", "DC", ["OIC", "Officer"], "", TeamDirectory.Investigations, "ravi.patel@force.example"),
        new("dc.jones", "Sam Jones", "DC", ["OIC", "Officer"], "", TeamDirectory.Investigations, "sam.jones@force.example"),
        new("pc.okafor", "Grace Okafor", "PC", ["SOIT", "Officer"], "", TeamDirectory.Investigations, "grace.okafor@force.example"),
        new("pc.lee", "Tom Lee", "PC", ["Unit", "SOIT", "Officer"], "", TeamDirectory.Response, "tom.lee@force.example"),
        new("op.reid", "Jo Reid", "Operator", ["CallHandler", "Dispatcher"], "", TeamDirectory.Response, "jo.reid@force.example"),
        new("ps.khan", "Imran Khan", "PS", ["DispatchSupervisor", "QART", "Officer"], "", TeamDirectory.Response, "imran.khan@force.example"),
        // Professional Standards: told of every flagged read, and asks who read a case and what an officer read.
        new("ds.morgan", "Chris Morgan", "DS", ["ProfessionalStandards"], "", null, "chris.morgan@force.example"),
    ];
}
