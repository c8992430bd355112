using System.Globalization;
using System.Text;
using Policy.Language.Diagnostics;
using Policy.Language.Text;

namespace Policy.Language.Lexing;

/// <summary>
/// Turns policy text into tokens. Never fails: characters that start no token become one <see cref="TokenKind.Invalid"/>
/// token per run, with one diagnostic. Comments (<c>#</c> or <c>//</c> to the end of the line), white space and a
/// byte-order mark are skipped.
/// </summary>
public sealed class Lexer
{
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private int _position;
    private bool _sawLineBreak = true;

    public Lexer(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
    }

    /// <summary>Lexes the whole text; the last token is always <see cref="TokenKind.EndOfFile"/>.</summary>
    public IReadOnlyList<Token> LexAll()
    {
        var tokens = new List<Token>(Math.Min(_text.Length / 4 + 1, 1 << 20));
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        var token = NextCore();
        _sawLineBreak = false;
        return token;
    }

    private Token NextCore()
    {
        if (_position >= _text.Length)
        {
            return Make(TokenKind.EndOfFile, new TextSpan(_text.Length, 0), string.Empty);
        }

        var start = _position;
        var c = _text[_position];
        switch (c)
        {
            case '{': return Single(TokenKind.OpenBrace);
            case '}': return Single(TokenKind.CloseBrace);
            case '(': return Single(TokenKind.OpenParen);
            case ')': return Single(TokenKind.CloseParen);
            case ',': return Single(TokenKind.Comma);
            case ':': return Single(TokenKind.Colon);
            case '.': return Single(TokenKind.Dot);
            case '/': return Single(TokenKind.Slash);
            case '+': return Single(TokenKind.Plus);
            case '-': return Single(TokenKind.Minus);
            case '=':
                return Peek(1) == '=' ? Pair(TokenKind.Equals) : Single(TokenKind.Equals);
            case '!':
                if (Peek(1) == '=')
                {
                    return Pair(TokenKind.NotEquals);
                }

                break;
            case '<':
                return Peek(1) == '=' ? Pair(TokenKind.LessOrEqual) : Peek(1) == '>' ? Pair(TokenKind.NotEquals) : Single(TokenKind.Less);
            case '>':
                return Peek(1) == '=' ? Pair(TokenKind.GreaterOrEqual) : Single(TokenKind.Greater);
            case '"':
            case '\u201C':
                return LexString();
        }

        if (c >= '0' && c <= '9')
        {
            return LexNumberOrDate();
        }

        if (IsIdentifierStart(c))
        {
            return LexIdentifier();
        }

        // A run of characters that start no token: one token, one diagnostic.
        while (_position < _text.Length && !StartsToken(_text[_position]) && !char.IsWhiteSpace(_text[_position]))
        {
            _position += char.IsHighSurrogate(_text[_position]) && _position + 1 < _text.Length ? 2 : 1;
        }

        if (_position == start)
        {
            _position++;
        }

        var span = TextSpan.FromBounds(start, _position);
        var shown = _text.Substring(start, Math.Min(span.Length, 20));
        _diagnostics.Add(DiagnosticDescriptors.InvalidCharacter, span, Describe(shown));
        return Make(TokenKind.Invalid, span, _text.Substring(start, span.Length));
    }

    private static string Describe(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var ch in text)
        {
            if (char.IsControl(ch) || ch == '\uFFFD')
            {
                builder.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.Append('\'').ToString();
    }

    private static bool StartsToken(char c) =>
        c is '{' or '}' or '(' or ')' or ',' or ':' or '.' or '/' or '+' or '-' or '=' or '<' or '>' or '"' or '\u201C' or '#'
        || (c >= '0' && c <= '9') || IsIdentifierStart(c);

    private Token Make(TokenKind kind, TextSpan span, string text) => new(kind, span, text, isMissing: false, isFirstOnLine: _sawLineBreak);

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private Token Single(TokenKind kind)
    {
        var token = Make(kind, new TextSpan(_position, 1), _text.Substring(_position, 1));
        _position++;
        return token;
    }

    private Token Pair(TokenKind kind)
    {
        var token = Make(kind, new TextSpan(_position, 2), _text.Substring(_position, 2));
        _position += 2;
        return token;
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (_position < _text.Length && _text[_position] != '\n' && _text[_position] != '\r')
                {
                    _position++;
                }
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _sawLineBreak |= c == '\n' || c == '\r';
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Letters of any script and '_' start names, so officers' and places' names in any language work.</summary>
    internal static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

    private Token LexIdentifier()
    {
        var start = _position;
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (IsIdentifierPart(c))
            {
                _position++;
            }
            else if (c == '-' && _position + 1 < _text.Length && IsIdentifierStart(_text[_position + 1]))
            {
                // Hyphenated words such as england-and-wales and date-time are single names.
                _position += 2;
            }
            else
            {
                break;
            }
        }

        return Make(TokenKind.Identifier, TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
    }

    private Token LexNumberOrDate()
    {
        var start = _position;
        SkipDigits();
        // yyyy-mm-dd, optionally followed by Thh:mm
        if (_position - start == 4 && Peek(0) == '-' && IsDigit(Peek(1)) && IsDigit(Peek(2)) && Peek(3) == '-' && IsDigit(Peek(4)) && IsDigit(Peek(5)))
        {
            _position += 6;
            var kind = TokenKind.Date;
            if (Peek(0) == 'T' && IsDigit(Peek(1)) && IsDigit(Peek(2)) && Peek(3) == ':' && IsDigit(Peek(4)) && IsDigit(Peek(5)))
            {
                _position += 6;
                kind = TokenKind.DateTime;
            }

            return Make(kind, TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
        }

        if (Peek(0) == '.' && IsDigit(Peek(1)))
        {
            _position++;
            SkipDigits();
        }

        return Make(TokenKind.Number, TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private void SkipDigits()
    {
        while (_position < _text.Length && IsDigit(_text[_position]))
        {
            _position++;
        }
    }

    private Token LexString()
    {
        var start = _position;
        var closing = _text[_position] == '\u201C' ? '\u201D' : '"';
        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n' || _text[_position] == '\r')
            {
                var span = TextSpan.FromBounds(start, _position);
                _diagnostics.Add(DiagnosticDescriptors.UnterminatedString, span);
                return Make(TokenKind.String, span, value.ToString());
            }

            var c = _text[_position];
            if (c == closing || (closing == '"' && c == '\u201D'))
            {
                _position++;
                return Make(TokenKind.String, TextSpan.FromBounds(start, _position), value.ToString());
            }

            if (c == '\\' && (Peek(1) == '"' || Peek(1) == '\\'))
            {
                value.Append(Peek(1));
                _position += 2;
                continue;
            }

            value.Append(c);
            _position++;
        }
    }
}
