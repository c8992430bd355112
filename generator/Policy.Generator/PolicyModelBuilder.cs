using Policy.Generator.Emit;
using Policy.Generator.Model;
using Policy.Language;
using Policy.Language.Diagnostics;

namespace Policy.Generator;

/// <summary>The pipeline's model step: compiles one policy file into diagnostics and a render-ready view.</summary>
internal static class PolicyModelBuilder
{
    public static PolicyModel Build(PolicyFile file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(file.Path);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var compilation = PolicyCompiler.Compile(file.Path, file.Text);
            var diagnostics = compilation.Diagnostics.Select(d =>
            {
                var start = compilation.Source.GetLinePosition(d.Span.Start);
                var end = compilation.Source.GetLinePosition(d.Span.End);
                return new DiagnosticInfo(d.Id, d.Severity == DiagnosticSeverity.Error, d.Descriptor.Title, d.Message, file.Path, d.Span.Start, d.Span.Length, start.Line - 1, start.Column - 1, end.Line - 1, end.Column - 1);
            }).ToEquatableArray();
            name = compilation.Bound?.Definition.Name ?? name;
            var view = compilation.Definition is { } definition ? ViewBuilder.Build(definition, Path.GetFileName(file.Path)) : null;
            return new PolicyModel(file.Path, diagnostics, view, view is null ? null : VersionFacts.From(Language.Checking.PolicyVersionFacts.From(compilation)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new PolicyModel(file.Path, new EquatableArray<DiagnosticInfo>(new[] { Failure(file.Path, name, e) }), null);
        }
    }

    public static DiagnosticInfo Failure(string path, string policyName, Exception e)
    {
        var descriptor = DiagnosticDescriptors.GenerationFailed;
        var message = string.Format(descriptor.MessageFormat, policyName, $"{e.GetType().Name}: {e.Message}");
        return new DiagnosticInfo(descriptor.Id, true, descriptor.Title, message, path, 0, 0, 0, 0, 0, 0);
    }
}
