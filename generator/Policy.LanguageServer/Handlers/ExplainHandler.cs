using Policy.Cli.Explaining;
using Policy.LanguageServer.Documents;
using Policy.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Policy.LanguageServer.Handlers;

/// <summary>
/// <c>policy/explain</c> and <c>policy/graph</c>, the extension's own requests: the policy in plain English (what
/// <c>policy explain</c> prints) and its state diagram in Mermaid (what <c>policy graph</c> prints), for the open text.
/// </summary>
internal sealed class ExplainHandler
{
    private readonly DocumentStore _documents;

    public ExplainHandler(DocumentStore documents) => _documents = documents;

    [JsonRpcMethod("policy/explain")]
    public ExplainResult? Explain(DocumentParams parameters) => Guard.Run("explain", () =>
        Render(parameters, definition => new ExplainResult(Templates.Render("explain.sbn-md", ExplainView.From(definition)), null, null)));

    [JsonRpcMethod("policy/graph")]
    public ExplainResult? Graph(DocumentParams parameters) => Guard.Run("graph", () =>
        Render(parameters, definition => new ExplainResult(null, StateDiagram.Mermaid(definition), null)));

    private ExplainResult Render(DocumentParams parameters, Func<Policy.Definitions.PolicyDefinition, ExplainResult> render)
    {
        if (_documents.Get(parameters.TextDocument?.Uri) is not { } document)
        {
            return new ExplainResult(null, null, "This document is not open.");
        }

        if (document.Compilation.Definition is not { } definition)
        {
            var errors = document.Compilation.Diagnostics.Count(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);
            return new ExplainResult(null, null, $"The policy has {errors} error(s); fix them first (they are listed in the Problems panel).");
        }

        return render(definition);
    }
}
