using CaseManagement.Cases;
using CaseManagement.Display;
using CaseManagement.Officers;
using CaseManagement.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseManagement.Pages;

[EnableRateLimiting(SignInThrottle.PolicyName)]
public sealed class SignInModel(OfficerDirectory officers, SignInLockout lockout, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Officer { get; private set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? officer, string? password)
    {
        Officer = officer is { Length: > InputLimits.OfficerId } ? officer[..InputLimits.OfficerId] : officer;
        var id = (officer ?? "").Trim();
        if (id.Length == 0 || id.Length > InputLimits.OfficerId || (password ?? "").Length > InputLimits.Password)
        {
            Problem = $"Enter your officer ID (at most {InputLimits.OfficerId} characters) and your password (at most {InputLimits.Password}).";
            return Page();
        }

        if (lockout.LockedUntil(id) is { } locked)
        {
            Problem = Locked(locked);
            return Page();
        }

        var signedIn = officers.Verify(id, password);
        if (signedIn is null)
        {
            Problem = lockout.Failed(id) is { } until
                ? Locked(until)
                : "That officer ID and password do not match. Try again.";
            return Page();
        }

        lockout.Succeeded(id);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignedInOfficer.ToPrincipal(signedIn));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/work");
    }

    private string Locked(DateTimeOffset until) =>
        $"Signing in with this officer ID is locked after {SignInLockout.MaximumFailures} wrong passwords in a row. " +
        $"Try again after {Show.Clock(until, clock.GetUtcNow())}, or ask the service desk to check your account.";
}
