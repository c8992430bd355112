using Policy.Definitions;
using Policy.Language.Checking;
using Policy.Language.Diagnostics;
using Policy.Language.Parsing;
using Policy.Language.Semantics;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language;

/// <summary>The result of compiling one <c>.policy</c> file: its tree, its diagnostics and, when it has no errors, its definition.</summary>
public sealed class PolicyCompilation
{
    internal PolicyCompilation(PolicySource source, PolicyFileSyntax syntax, BoundPolicy? bound, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Syntax = syntax;
        Bound = bound;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    public PolicySource Source { get; }
    public PolicyFileSyntax Syntax { get; }
    /// <summary>The semantic model; null when the file has no policy declaration.</summary>
    public BoundPolicy? Bound { get; }
    /// <summary>Every diagnostic, sorted by position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public bool HasErrors { get; }
    /// <summary>The checked policy, or null when there are errors: nothing is generated or run from a policy with errors.</summary>
    public PolicyDefinition? Definition => HasErrors ? null : Bound?.Definition;
}

/// <summary>The compiler's front door: parse, bind and check one policy file.</summary>
public static class PolicyCompiler
{
    /// <summary>Compiles policy text. Never throws for any input.</summary>
    public static PolicyCompilation Compile(string path, string text)
    {
        var source = new PolicySource(path, text);
        var diagnostics = new DiagnosticBag();
        var syntax = new Parser(source.Text, diagnostics).ParseFile();
        var policies = syntax.Members.OfType<PolicyDeclarationSyntax>().ToList();
        BoundPolicy? bound = null;
        if (policies.Count == 0)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Add(DiagnosticDescriptors.MissingPolicy, new TextSpan(0, 0));
            }
        }
        else
        {
            foreach (var extra in policies.Skip(1))
            {
                diagnostics.Add(DiagnosticDescriptors.MoreThanOnePolicy, extra.Name.Span, extra.Name.Text);
            }

            var binder = new Binder(policies[0], diagnostics) { LineOf = offset => source.GetLinePosition(offset).Line };
            bound = binder.Bind();
            new Checker(bound, diagnostics).Check();
        }

        return new PolicyCompilation(source, syntax, bound, diagnostics.ToSortedList());
    }
}
