using CsCheck;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Syntax;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests.Properties;

/// <summary>
/// Properties that hold for every text, checked on more than 100,000 random and mutated policies per run:
/// the compiler does not throw, every diagnostic lies within the text, compiling twice gives the same
/// diagnostics, a text without errors has a definition, and the syntax tree keeps every token in order.
/// A failure prints the shrunk input and a seed; set CsCheck_Seed to that seed to reproduce it.
/// </summary>
public sealed class CompilerProperties
{
    [Fact]
    public void Token_soups_keep_every_property() =>
        PolicyGenerators.TokenSoup.Sample(AssertProperties, iter: 65_000, print: Show);

    [Fact]
    public void Mutated_samples_keep_every_property() =>
        PolicyGenerators.MutatedSample.Sample(AssertProperties, iter: 25_000, print: Show);

    [Fact]
    public void Random_unicode_keeps_every_property() =>
        PolicyGenerators.RandomUnicode.Sample(AssertProperties, iter: 15_000, print: Show);

    private static void AssertProperties(string text)
    {
        var first = PolicyCompiler.Compile("random.policy", text);
        var second = PolicyCompiler.Compile("random.policy", text);

        Compile.AssertWellFormed(first);
        Assert.Equal(Describe(first), Describe(second));
        AssertTreeKeepsEveryToken(text, first.Syntax);
    }

    /// <summary>
    /// The parser "always returns a complete tree": the tokens in the tree, missing ones aside, are exactly the
    /// lexer's tokens, in source order, each once.
    /// </summary>
    private static void AssertTreeKeepsEveryToken(string text, PolicyFileSyntax tree)
    {
        var lexed = new Lexer(text, new DiagnosticBag()).LexAll();
        var inTree = new List<Token>(lexed.Count);
        var pending = new Stack<object>();
        pending.Push(tree);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case Token { IsMissing: false } token:
                    inTree.Add(token);
                    break;
                case SyntaxNode node:
                    foreach (var child in node.Children.Reverse())
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        Assert.Equal(lexed.Select(t => (t.Kind, t.Span)), inTree.Select(t => (t.Kind, t.Span)));
    }

    private static string[] Describe(PolicyCompilation compilation) =>
        compilation.Diagnostics.Select(d => $"{d.Span} {d.Id} {d.Message}").ToArray();

    private static string Show(string text) => "\"" + Printing.OneLine(text, max: 2_000) + "\"";
}
