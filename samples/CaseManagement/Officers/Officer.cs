using Policy.Runtime.Workflows;

namespace CaseManagement.Officers;

/// <summary>An officer who can sign in: identifier (as recorded in cases), name, the policy roles they hold, a password hash, their team and e-mail address.</summary>
public sealed record Officer(string Id, string Name, string Rank, IReadOnlyList<string> Roles, string PasswordHash, string? Team = null, string? Email = null)
{
    public string DisplayName => $"{Rank} {Name}";

    /// <summary>The officer as the runtime sees them when they act.</summary>
    public Actor ToActor() => new(Id, Roles);

    /// <summary>True when the officer works in Professional Standards: the page of flagged reads and records of access.</summary>
    public bool InProfessionalStandards => Roles.Contains("ProfessionalStandards", StringComparer.Ordinal);

    /// <summary>True when the officer may see the supervisors' page and record absences.</summary>
    public bool Supervises => Roles.Any(role => role is "Supervisor" or "CrimeManager" or "DispatchSupervisor");
}
