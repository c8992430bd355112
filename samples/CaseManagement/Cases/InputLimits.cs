using System.Globalization;
using Policy.Runtime.Cases;

namespace CaseManagement.Cases;

/// <summary>
/// The longest text each input may hold, checked before anything is stored; the forms say the limit beside the field.
/// A case's record is permanent, so a paragraph is kept and a document is not (attach documents in the force's own
/// document store). A request larger than <see cref="RequestBodyBytes"/> is refused before it is read.
/// </summary>
public static class InputLimits
{
    /// <summary>A text field of an action: a few paragraphs.</summary>
    public const int Text = 4000;

    /// <summary>The purpose of a read: the runtime's own limit.</summary>
    public const int Purpose = CaseService.MaximumPurposeLength;

    /// <summary>The reason given for an absence.</summary>
    public const int AbsenceReason = 200;

    /// <summary>A case reference typed into a search.</summary>
    public const int CaseReference = 100;

    /// <summary>An officer ID typed at sign-in.</summary>
    public const int OfficerId = 64;

    /// <summary>A password typed at sign-in.</summary>
    public const int Password = 256;

    /// <summary>The largest request body accepted (every form's limits together fit well within it).</summary>
    public const long RequestBodyBytes = 256 * 1024;

    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"At most 4,000 characters", for the hint beside a field.</summary>
    public static string Describe(int limit) => string.Create(British, $"At most {limit:N0} characters");

    /// <summary>The message for text longer than <paramref name="limit"/>, or null when it fits.</summary>
    public static string? TooLong(string text, int limit) =>
        text.Length <= limit
            ? null
            : string.Create(British, $"This is {text.Length:N0} characters; at most {limit:N0} can be kept. Shorten it and submit again.");
}
