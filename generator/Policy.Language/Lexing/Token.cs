using Policy.Language.Text;

namespace Policy.Language.Lexing;

/// <summary>The kinds of token. Keywords are contextual: the lexer reports them as <see cref="Identifier"/>.</summary>
public enum TokenKind
{
    EndOfFile,
    Identifier,
    String,
    Number,
    Date,
    DateTime,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    Comma,
    Colon,
    Dot,
    Slash,
    Equals,
    NotEquals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    /// <summary><c>+</c>: a date-time moved forward by a duration.</summary>
    Plus,
    /// <summary><c>-</c> standing alone (not inside a hyphenated name or a date): a date-time moved back.</summary>
    Minus,
    /// <summary>Characters that cannot start any token; carries a diagnostic.</summary>
    Invalid,
}

/// <summary>A token: its kind, its exact span, and its text (for strings, the unescaped value).</summary>
public sealed class Token
{
    public Token(TokenKind kind, TextSpan span, string text, bool isMissing = false, bool isFirstOnLine = false)
    {
        Kind = kind;
        Span = span;
        Text = text;
        IsMissing = isMissing;
        IsFirstOnLine = isFirstOnLine;
    }

    /// <summary>True when only white space and comments stand between the start of its line and this token.</summary>
    public bool IsFirstOnLine { get; }

    public TokenKind Kind { get; }
    public TextSpan Span { get; }
    /// <summary>The source text, except for strings, where it is the value between the quotes with escapes resolved.</summary>
    public string Text { get; }
    /// <summary>True for a token the parser invented to stand in for one that was missing (zero width).</summary>
    public bool IsMissing { get; }

    /// <summary>True for an identifier with exactly this text: how contextual keywords are recognised.</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && !IsMissing && string.Equals(Text, keyword, StringComparison.Ordinal);

    public override string ToString() => IsMissing ? $"<missing {Kind}>" : $"{Kind} '{Text}'";
}
