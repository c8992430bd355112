using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Policy.CodeFixes;

/// <summary>
/// Fix all for a fixer that fixes a document's diagnostics together in one pass (so that fixes which touch the same
/// node, or must not choose the same name, see each other): the same routine serves one fix and fix all.
/// </summary>
internal sealed class DocumentFixAll : DocumentBasedFixAllProvider
{
    private readonly string _title;
    private readonly Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> _fix;

    public DocumentFixAll(string title, Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fix) => (_title, _fix) = (title, fix);

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => _title;

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        await _fix(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
}
