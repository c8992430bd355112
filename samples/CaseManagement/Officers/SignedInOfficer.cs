using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CaseManagement.Officers;

/// <summary>What the sign-in cookie says about the officer, and how pages get the officer back from it.</summary>
public static class SignedInOfficer
{
    public const string SupervisesPolicy = "Supervises";
    public const string SupervisesClaim = "supervises";
    public const string StandardsPolicy = "ProfessionalStandards";

    public static ClaimsPrincipal ToPrincipal(Officer officer)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, officer.Id),
            new(ClaimTypes.Name, officer.DisplayName),
            new(SupervisesClaim, officer.Supervises ? "yes" : "no"),
        };
        claims.AddRange(officer.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>The signed-in officer as the directory holds them now (roles are read afresh, not trusted from an old cookie).</summary>
    public static Officer Require(this OfficerDirectory officers, ClaimsPrincipal user) =>
        officers.SignedIn(user) ?? throw new InvalidOperationException("The signed-in officer is not in the directory.");
}
