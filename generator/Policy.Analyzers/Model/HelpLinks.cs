using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Policy.Documentation;

namespace Policy.Analyzers.Model;

/// <summary>
/// The rules' descriptors with their help links under the documentation base URL a project sets
/// (<c>&lt;PolicyDocumentationBaseUrl&gt;</c>, read as <see cref="PolicyDiagnostics.DocumentationBaseUrlProperty"/>), so
/// that a force that publishes the docs on its own intranet links its developers there. Asked only when a rule
/// reports, which is rare; each (base URL, rule) pair is made once.
/// </summary>
internal static class HelpLinks
{
    private static readonly ConcurrentDictionary<(string BaseUrl, string Id), DiagnosticDescriptor> Rebased = new();

    /// <summary><paramref name="rule"/> itself, or a copy linking to its page under the project's base URL if it sets a valid one.</summary>
    public static DiagnosticDescriptor For(DiagnosticDescriptor rule, AnalyzerOptions options)
    {
        if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PolicyDiagnostics.DocumentationBaseUrlProperty, out var configured)
            || DocumentationLinks.BaseUrl(configured) is not { } baseUrl
            || baseUrl == PolicyDiagnostics.DefaultDocumentationBaseUrl)
        {
            return rule;
        }

        return Rebased.GetOrAdd((baseUrl, rule.Id), key => WithHelpLink(rule, DocumentationLinks.HelpLink(key.BaseUrl, rule.Id)));
    }

    // The id, title and message are the rule's own, so this is the same rule: the compiler matches reported
    // diagnostics to SupportedDiagnostics by id.
#pragma warning disable RS1017 // DiagnosticId must be a constant: it is the constant of the rule being copied.
    private static DiagnosticDescriptor WithHelpLink(DiagnosticDescriptor rule, string helpLink) => new(
        rule.Id,
        rule.Title,
        rule.MessageFormat,
        rule.Category,
        rule.DefaultSeverity,
        rule.IsEnabledByDefault,
        rule.Description,
        helpLink,
        rule.CustomTags.ToArray());
#pragma warning restore RS1017
}
