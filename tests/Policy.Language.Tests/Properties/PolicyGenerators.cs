using System.Text;
using CsCheck;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Tests.Infrastructure;

namespace Policy.Language.Tests.Properties;

/// <summary>CsCheck generators of policy text: token soups, mutated samples, and random Unicode.</summary>
internal static class PolicyGenerators
{
    /// <summary>Every word the parser treats as a keyword somewhere, and the types and units.</summary>
    private static readonly string[] Keywords =
    {
        "policy", "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action",
        "deadline", "rule", "record", "require", "assign", "notify", "cite", "starts", "when", "each", "on", "entering",
        "every", "while", "within", "not", "before", "stops", "leaving", "escalate", "to", "then", "after", "warn", "forbid",
        "unless", "by", "from", "in", "initial", "final", "assigned", "absence", "of", "optional", "is", "set", "available",
        "open", "since", "happened", "and", "or", "otherwise", "where", "must", "yes", "no", "text", "yes/no", "number",
        "date", "date-time", "duration", "officer", "minute", "minutes", "hour", "hours", "day", "days", "working", "week",
        "weeks", "month", "months", "england-and-wales",
        "counts", "counted", "except", "weekdays", "Sundays", "bank", "holidays", "Christmas", "Good", "Friday", "beginning",
        "with", "the", "was", "due", "breached", "met", "overdue", "now", "times", "once", "twice", "at", "least", "most",
        "more", "fewer", "than",
    };

    private static readonly string[] Names = { "A", "B", "Open", "Closed", "OIC", "Supervisor", "Rag", "Red", "x", "grade", "SOP", "Close", "D", "actor", "Perform", "Über", "调查" };

    private static readonly string[] Literals = { "\"t\"", "\"\"", "\"unterminated", "“curly”", "\"a \\\" b\"", "14", "0", "2.5", "1234567890123", "2025-02-01", "2025-02-30", "2025-02-01T10:00", "2025-02-01T25:00" };

    private static readonly string[] Punctuation = { "{", "}", "(", ")", ",", ":", ".", "/", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "+", "-", "+ 24 hours", "- 1 working day" };

    private static readonly string[] Oddities = { "# comment", "// comment", "$", "@", "\0", "\uFEFF", "\uFFFD", "👮", "\u0301", "-", "!", ";", "\\" };

    private static readonly string[] Separators = { " ", " ", " ", "\n", "\n  ", "\r\n", "\r", "\t", string.Empty };

    private static readonly string[] Vocabulary = Keywords.Concat(Names).Concat(Literals).Concat(Punctuation).Concat(Oddities).ToArray();

    private static readonly Gen<string> Word = Gen.OneOf(Vocabulary);

    // Static fields initialise in order: these are used by the generators below.
    private static IReadOnlyList<string> SampleTexts { get; } = Samples.Valid.Select(Samples.Read).ToArray();

    private static IReadOnlyList<IReadOnlyList<Token>> SampleTokens { get; } = SampleTexts.Select(t => new Lexer(t, new DiagnosticBag()).LexAll()).ToArray();

    /// <summary>One edit: where (a fraction of the way through the text), what, and with which word or character.</summary>
    private static readonly Gen<Edit> Mutation =
        Gen.Select(Gen.Double.Unit, Gen.Double.Unit, Gen.Int[0, 8], Word, Gen.Char, (at, other, kind, word, c) => new Edit(at, other, kind, word, c));

    /// <summary>Random sequences of the language's words, sometimes inside a policy header so the binder sees them.</summary>
    public static readonly Gen<string> TokenSoup =
        from words in Gen.Select(Word, Gen.OneOf(Separators)).Array[0, 80]
        from wrapped in Gen.Bool
        select Join(words, wrapped);

    /// <summary>A valid sample with one to four random edits of its tokens or characters.</summary>
    public static readonly Gen<string> MutatedSample =
        from sample in Gen.Int[0, SampleTexts.Count - 1]
        from edits in Mutation.Array[1, 4]
        select Mutate(SampleTexts[sample], SampleTokens[sample], edits);

    /// <summary>Unicode of every kind, surrogates (paired or not) and control characters included.</summary>
    public static readonly Gen<string> RandomUnicode =
        from text in Gen.String[Gen.Char, 0, 200]
        from wrapped in Gen.Bool
        select wrapped ? "policy P \"P\" {\n  version \"1\"\n  " + text + "\n}\n" : text;

    private static string Join((string Word, string Separator)[] words, bool wrapped)
    {
        var text = new StringBuilder(wrapped ? "policy P \"P\" {\n  version \"1\"\n  " : string.Empty);
        foreach (var (word, separator) in words)
        {
            text.Append(word).Append(separator);
        }

        return wrapped ? text.Append("\n}\n").ToString() : text.ToString();
    }

    /// <summary>
    /// Applies the edits to the sample, each at a token or character of the original text, from the end backwards so
    /// that every edit's position is still where it was chosen.
    /// </summary>
    private static string Mutate(string text, IReadOnlyList<Token> tokens, Edit[] edits)
    {
        var result = new StringBuilder(text);
        foreach (var edit in edits.OrderByDescending(e => e.At))
        {
            edit.Apply(result, text, tokens);
        }

        return result.ToString();
    }

    internal sealed record Edit(double At, double Other, int Kind, string Word, char Character)
    {
        public void Apply(StringBuilder result, string original, IReadOnlyList<Token> tokens)
        {
            var token = tokens[(int)(At * (tokens.Count - 1))].Span;
            var other = tokens[(int)(Other * (tokens.Count - 1))].Span;
            var position = Math.Min((int)(At * original.Length), result.Length);
            if (token.End > result.Length)
            {
                return;
            }

            switch (Kind)
            {
                // Token edits: the typos and slips a person makes.
                case 0:
                    result.Remove(token.Start, token.Length);
                    break;
                case 1:
                    result.Insert(token.Start, Word + " ");
                    break;
                case 2:
                    result.Insert(token.Start, original.Substring(token.Start, token.Length) + " ");
                    break;
                case 3:
                    // Swap with a token later in the text. Edits further on may have moved it: then this is just another edit.
                    if (other.Start > token.End && other.End <= result.Length && other.End <= original.Length)
                    {
                        result.Remove(other.Start, other.Length).Insert(other.Start, original.Substring(token.Start, token.Length));
                        result.Remove(token.Start, token.Length).Insert(token.Start, original.Substring(other.Start, other.Length));
                    }

                    break;
                case 4:
                    result.Remove(token.Start, token.Length).Insert(token.Start, Word);
                    break;

                // Character edits, and a file cut short.
                case 5:
                    result.Remove(position, Math.Min(1, result.Length - position));
                    break;
                case 6:
                    result.Insert(position, Character);
                    break;
                case 7:
                    result.Insert(position, position < result.Length ? result[position] : Character);
                    break;
                default:
                    result.Length = position;
                    break;
            }
        }
    }
}
