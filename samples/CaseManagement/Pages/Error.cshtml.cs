using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseManagement.Pages;

/// <summary>
/// Every error an officer can meet, in the application's layout: what happened, whether anything changed, and what to
/// do. Reached by the status code pages (<c>/error/404</c>) and by the exception handler (<c>/error</c>).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    // A failed post is re-executed as a post: show the same page.
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        Code = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        (Heading, Explanation) = Code switch
        {
            StatusCodes.Status400BadRequest => ("The form could not be accepted",
                "It may have been open too long, or been sent from somewhere other than this application. Nothing was changed. Reload the page and submit it again."),
            StatusCodes.Status403Forbidden => ("Not for your role", "Your roles do not cover this. Nothing was changed."),
            StatusCodes.Status404NotFound => ("Page not found",
                "There is no page or case at this address. Check the case reference, or find the case from your work or the case list."),
            StatusCodes.Status405MethodNotAllowed => ("That cannot be done here", "This address does not accept that kind of request. Nothing was changed."),
            StatusCodes.Status413PayloadTooLarge => ("Too much to send at once",
                "What was sent is larger than any form of this application accepts, so none of it was read or kept. Each field says its limit beside it."),
            StatusCodes.Status429TooManyRequests => ("Too many sign-in attempts",
                "Too many sign-in attempts came from this device in the last minute. Wait a minute, then sign in again."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge or StatusCodes.Status414UriTooLong => ("The address is too long",
                "The address or what was sent with it is longer than this application accepts. Nothing was read or changed. Go back and try a shorter entry."),
            _ => ("Something went wrong",
                "The request could not be completed, and nothing was changed by it. Try again; if it happens again, tell the service desk the time it happened."),
        };
        if (Code is >= 400 and < 600)
        {
            Response.StatusCode = Code;
        }
    }
}
