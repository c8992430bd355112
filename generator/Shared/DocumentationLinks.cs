using System;

namespace Policy.Documentation;

/// <summary>
/// Where diagnostics link to: <c>{base URL}docs/diagnostics/{id}.md</c>, below the published documentation unless the
/// project sets <c>&lt;PolicyDocumentationBaseUrl&gt;</c>. One file compiled into the generator (POL0xxx) and the
/// analyzers (POL1xxx), which share no assembly, so that both link alike.
/// </summary>
internal static class DocumentationLinks
{
    /// <summary>The MSBuild property, as the compiler passes on those <c>Policy.props</c> marks <c>CompilerVisibleProperty</c>.</summary>
    public const string BaseUrlProperty = "build_property.PolicyDocumentationBaseUrl";

    /// <summary>The published documentation: the repository's root, below which <see cref="HelpPath"/> is.</summary>
    public const string DefaultBaseUrl = "https://policy.example/";

    /// <summary>Where the help pages live below the base URL, as in the repository; one page per id.</summary>
    public const string HelpPath = "docs/diagnostics/";

    /// <summary>The configured URL as a base to append to (ending in '/'); null when it is empty or not an absolute URL.</summary>
    public static string? BaseUrl(string? configured)
    {
        var text = configured?.Trim();
        if (text is null || text.Length == 0 || !Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            return null;
        }

        return text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/";
    }

    /// <summary>The help page of <paramref name="id"/> below <paramref name="baseUrl"/> (from <see cref="BaseUrl"/>), or below the default.</summary>
    public static string HelpLink(string? baseUrl, string id) => (baseUrl ?? DefaultBaseUrl) + HelpPath + id + ".md";
}
