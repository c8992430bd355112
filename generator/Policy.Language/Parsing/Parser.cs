using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Semantics;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Parsing;

/// <summary>
/// Recursive-descent parser for <c>.policy</c> files. It always returns a complete tree: a token it cannot use is
/// kept in a <see cref="SkippedSyntax"/>, a missing token is invented with zero width, and parsing goes on from the
/// next line that starts a statement, so one typo gives one error. No recursion depends on the input except
/// bracketed conditions, which are limited to <see cref="MaxDepth"/>.
/// </summary>
public sealed class Parser
{
    /// <summary>How deeply conditions may nest before the parser stops descending.</summary>
    public const int MaxDepth = 64;

    private static readonly string[] PolicyKeywords = { "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action", "deadline", "rule", "access", "ranks", "caseload" };
    private static readonly string[] ActionKeywords = { "record", "require", "assign", "notify", "cite" };
    private static readonly string[] SignalKeywords = { "record", "cite" };
    private static readonly string[] DeadlineKeywords = { "starts", "every", "within", "not", "stops", "pauses", "resumes", "excused", "escalate", "warn", "counted", "cite" };
    private static readonly string[] CalendarKeywords = { "counts", "cite" };
    private static readonly string[] RuleKeywords = { "forbid", "cite" };
    private static readonly string[] AccessKeywords = { "read", "cite" };
    /// <summary>
    /// What <see cref="Misspelling"/> returns for a line whose first word was left out: the word, marked with '?', so
    /// that the statement is read with a missing token in its place.
    /// </summary>
    private const string MissingRecordKeyword = "record?";
    private const string MissingActionKeyword = "action?";
    private const string MissingStartsKeyword = "starts?";
    private const string MissingMustKeyword = "must?";
    private const string MissingForbidKeyword = "forbid?";
    private static readonly string[] RuleModes = { "while", "when", "unless" };

    /// <summary>Words that may follow an operand in a condition, or end the condition.</summary>
    private static readonly string[] ConditionFollowers = { "is", "was", "since", "happened", "has", "and", "or", "not", "otherwise", "cite" };

    private static readonly string[] StructuralWords = { "by", "from", "in", "to", "while", "when", "unless", "where", "within", "must", "after", "then" };

    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _position;
    private int _depth;
    private int _lastErrorAt = -1;
    private bool _firstWordLeftOut;

    public Parser(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
        _tokens = new Lexer(text, diagnostics).LexAll();
    }

    private Token Current => _tokens[_position];

    private Token Peek(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    /// <summary>Parses the whole file.</summary>
    public PolicyFileSyntax ParseFile()
    {
        var members = new List<SyntaxNode>();
        while (!AtEnd)
        {
            if (Current.Is("policy"))
            {
                members.Add(ParsePolicy());
            }
            else
            {
                members.Add(Skip("a policy, written as: policy Name \"Title\" {", t => t.Is("policy") && IsFirstOnLine(t), stopAtCloseBrace: false));
            }
        }

        return new PolicyFileSyntax(members, Current);
    }

    // ---- Token helpers ------------------------------------------------------------------------------------

    private Token Advance()
    {
        var token = Current;
        if (!AtEnd)
        {
            _position++;
        }

        _firstWordLeftOut = false;
        return token;
    }

    private static bool IsFirstOnLine(Token token) => token.IsFirstOnLine;

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "the end of the file",
        TokenKind.String => $"the text \"{Shorten(token.Text)}\"",
        TokenKind.Invalid => "an invalid character",
        _ => $"'{Shorten(token.Text)}'",
    };

    private static string Shorten(string text) => text.Length <= 30 ? text : text.Substring(0, 27) + "...";

    /// <summary>Reports a token that should not be where it is.</summary>
    private void Error(Token at, string expected)
    {
        // The lexer has already reported an invalid character, so the parser does not complain about it again.
        if (at.Kind != TokenKind.Invalid)
        {
            Report(at.Kind == TokenKind.EndOfFile ? new TextSpan(at.Span.Start, 0) : at.Span, expected, Describe(at));
        }
    }

    /// <summary>
    /// Reports that what <paramref name="expected"/> describes is missing before the current token. When that token
    /// starts a new line, the line ended too early: the error is put at the end of the line, where the words belong.
    /// </summary>
    private void ErrorMissing(string expected)
    {
        if (Current.Kind != TokenKind.Invalid && LineEndedEarly)
        {
            Report(new TextSpan(MissingPosition, 0), expected, Current.Kind == TokenKind.EndOfFile ? "the end of the file" : "the end of the line");
        }
        else
        {
            Error(Current, expected);
        }
    }

    private void Report(TextSpan span, string expected, string found)
    {
        // One error per position: a second complaint about the same place is a cascade.
        if (span.Start == _lastErrorAt)
        {
            return;
        }

        _lastErrorAt = span.Start;
        _diagnostics.Add(DiagnosticDescriptors.UnexpectedToken, span, expected, found);
    }

    /// <summary>
    /// True when the current token starts a line and something was expected before it: the previous line ended early.
    /// Not when the line's first word was left out (<see cref="LeftOut"/>): then the line starts where it should.
    /// </summary>
    private bool LineEndedEarly => Current.IsFirstOnLine && _position > 0 && !_firstWordLeftOut;

    /// <summary>Where a missing token belongs: before the current token, or at the end of the line that ended early.</summary>
    private int MissingPosition => LineEndedEarly ? _tokens[_position - 1].Span.End : Current.Span.Start;

    private Token Missing(TokenKind kind) => new(kind, new TextSpan(MissingPosition, 0), string.Empty, isMissing: true);

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind == kind)
        {
            return Advance();
        }

        ErrorMissing(expected);
        return Missing(kind);
    }

    private Token ExpectKeyword(string keyword) => ExpectKeyword(keyword, $"'{keyword}'");

    private Token ExpectKeyword(string keyword, string expected)
    {
        if (Current.Is(keyword))
        {
            return Advance();
        }

        ErrorMissing(expected);

        // A misspelt keyword ('bt' for 'by') is consumed, so that the rest of the line still reads as intended.
        return IsMisspelt(Current, keyword) ? Advance() : Missing(TokenKind.Identifier);
    }

    /// <summary>
    /// True for a word on the same line that is a likely typo of <paramref name="keyword"/>. Keywords are lower case,
    /// so a capitalised word (the usual form of a name: 'Form', 'Tom') is taken for a name, never for a typo.
    /// </summary>
    private static bool IsMisspelt(Token token, string keyword) =>
        token.Kind == TokenKind.Identifier && !token.IsFirstOnLine && !token.Is(keyword) && char.IsLower(token.Text[0])
        && Binder.Suggest(token.Text, new[] { keyword }) is not null;

    /// <summary>
    /// True when the current token is <paramref name="keyword"/>, or a typo of it followed by a name on the same line
    /// (then the typo is reported, and the caller reads it as the keyword).
    /// </summary>
    private bool AtKeywordOrTypo(string keyword) => AtKeywordOrTypo(keyword, next => next.Kind == TokenKind.Identifier && !next.IsFirstOnLine);

    /// <summary>As <see cref="AtKeywordOrTypo(string)"/>, with a typo recognised only when <paramref name="next"/> holds for the token after it.</summary>
    private bool AtKeywordOrTypo(string keyword, Func<Token, bool> next)
    {
        if (Current.Is(keyword))
        {
            return true;
        }

        if (IsMisspelt(Current, keyword) && next(Peek(1)))
        {
            Error(Current, $"'{keyword}'");
            return true;
        }

        return false;
    }

    private static bool IsBefore(Token token) => token.Is("before") || IsMisspelt(token, "before");

    /// <summary>A duration or a setting's name follows on the same line.</summary>
    private static bool StartsDurationOnSameLine(Token token) => token.Kind is TokenKind.Number or TokenKind.Identifier && !token.IsFirstOnLine;

    /// <summary>A name on the current line: a line that ends before its name does not take the next line's first word.</summary>
    private Token ExpectName(string what) => LineEndedEarly ? MissingName(what) : Expect(TokenKind.Identifier, what);

    /// <summary>
    /// A name that may have been left out before a word of the language ('SOIT must within 1 day'): that word is not
    /// taken for the name.
    /// </summary>
    private Token ExpectNameBeforeKeyword(string what) => IsOneOf(Current, StructuralWords) ? MissingName(what) : ExpectName(what);

    private Token? OptionalString() => Current.Kind == TokenKind.String ? Advance() : null;

    /// <summary>
    /// Skips tokens after reporting one error (unless <paramref name="expected"/> is null: already reported), up to
    /// (not including) a token for which <paramref name="stop"/> holds, or a '}' that closes the enclosing block.
    /// Braces opened inside the skipped text are matched, without recursion. Always consumes at least one token.
    /// </summary>
    private SkippedSyntax Skip(string? expected, Func<Token, bool> stop, bool stopAtCloseBrace)
    {
        if (expected is not null)
        {
            Error(Current, expected);
        }

        var skipped = new List<Token>();
        var depth = 0;
        do
        {
            var token = Advance();
            skipped.Add(token);
            if (token.Kind == TokenKind.OpenBrace)
            {
                depth++;
            }
            else if (token.Kind == TokenKind.CloseBrace && depth > 0)
            {
                depth--;
            }
        }
        while (!AtEnd && !(depth == 0 && (stop(Current) || (stopAtCloseBrace && Current.Kind == TokenKind.CloseBrace))));

        return new SkippedSyntax(skipped);
    }

    // ---- Blocks -----------------------------------------------------------------------------------------------

    private bool StartsPolicyStatement(Token token) => IsFirstOnLine(token) && IsOneOf(token, PolicyKeywords);

    private static bool IsOneOf(Token token, string[] keywords)
    {
        if (token.Kind != TokenKind.Identifier)
        {
            return false;
        }

        foreach (var keyword in keywords)
        {
            if (token.Is(keyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses <c>{ statements }</c>. <paramref name="starts"/> says whether a token starts a statement of this block;
    /// a policy-level keyword at the start of a line inside a nested block means its '}' is missing.
    /// </summary>
    private BlockSyntax ParseBlock(string blockDescription, Func<Token, bool> starts, Func<string, StatementSyntax?> parseStatement, string[] keywords, string expectedStatement, bool nested)
    {
        var open = Expect(TokenKind.OpenBrace, $"'{{' to open {blockDescription}");
        var statements = new List<StatementSyntax>();
        if (open.IsMissing && !starts(Current))
        {
            // No block at all: do not swallow the rest of the file.
            return new BlockSyntax(open, statements, Missing(TokenKind.CloseBrace));
        }

        while (!AtEnd)
        {
            if (Current.Kind == TokenKind.CloseBrace)
            {
                // In the policy, a '}' followed by more of the policy is one too many: it does not end the policy.
                if (nested || !StartsPolicyStatement(Peek(1)))
                {
                    break;
                }

                statements.Add(Skip(expectedStatement, t => IsFirstOnLine(t) && starts(t), stopAtCloseBrace: false));
                continue;
            }

            if (nested && StartsPolicyStatement(Current) && !starts(Current))
            {
                break;
            }

            var before = _position;
            var statement = starts(Current) ? parseStatement(Current.Text) : Misspelling(keywords) is { } keyword ? parseStatement(keyword) : null;
            if (statement is not null)
            {
                statements.Add(statement);
            }

            if (_position == before)
            {
                statements.Add(Skip(expectedStatement, t => (IsFirstOnLine(t) && starts(t)) || (nested && StartsPolicyStatement(t)), stopAtCloseBrace: true));
            }
        }

        var close = Expect(TokenKind.CloseBrace, $"'}}' to close {blockDescription}");
        return new BlockSyntax(open, statements, close);
    }

    /// <summary>
    /// When the line starts with a typo of one of the block's keywords ('stat' for 'state', 'Action' for 'action'),
    /// reports it and returns the keyword, so that the line is still read: a declaration lost to a typo would make
    /// every use of its name an error too. A typo of 'must' in 'Role must Action' counts the same way, and so does a
    /// line whose first word was left out when the rest shows which it was ('Close by OIC ...' for an action,
    /// 'grade: Grade' for a record, 'each Assign' for starts, 'OIC Inform within ...' for must, 'Close while ...'
    /// for forbid).
    /// </summary>
    private string? Misspelling(string[] keywords)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier || !token.IsFirstOnLine)
        {
            return null;
        }

        if (ReferenceEquals(keywords, DeadlineKeywords) && IsMisspelt(Peek(1), "must"))
        {
            Error(Peek(1), "'must'");
            return "must";
        }

        if (keywords.Contains("record") && Peek(1).Kind == TokenKind.Colon)
        {
            return LeftOut(MissingRecordKeyword, token, "'record' before the field");
        }

        if (ReferenceEquals(keywords, PolicyKeywords) && (Peek(1).Is("by") || (Peek(1).Kind == TokenKind.String && Peek(2).Is("by"))))
        {
            return LeftOut(MissingActionKeyword, token, "'action' before the action's name");
        }

        if (ReferenceEquals(keywords, DeadlineKeywords))
        {
            // Not 'when': 'when Withdraw' may as well have lost its 'stops'.
            if (token.Is("each") || (token.Is("on") && Peek(1).Is("entering")))
            {
                return LeftOut(MissingStartsKeyword, token, "'starts' before '" + token.Text + "'");
            }

            if (Peek(1).Kind == TokenKind.Identifier && !Peek(1).IsFirstOnLine && (Peek(2).Is("within") || Peek(2).Is("where") || (Peek(2).Is("not") && IsBefore(Peek(3)))))
            {
                return LeftOut(MissingMustKeyword, Peek(1), "'must' between the role and the action");
            }
        }

        if (ReferenceEquals(keywords, RuleKeywords) && (IsOneOf(Peek(1), RuleModes) || Peek(1).Kind == TokenKind.Comma))
        {
            return LeftOut(MissingForbidKeyword, token, "'forbid' before the action");
        }

        if (Binder.Suggest(token.Text, keywords) is not { } keyword || keyword == token.Text)
        {
            return null;
        }

        Error(token, $"'{keyword}'");
        return keyword;
    }

    private string LeftOut(string missingKeyword, Token at, string expected)
    {
        Error(at, expected);
        _firstWordLeftOut = true;
        return missingKeyword;
    }

    // ---- Policy ------------------------------------------------------------------------------------------------

    private PolicyDeclarationSyntax ParsePolicy()
    {
        var keyword = Advance();
        var name = ExpectName("the policy's name, e.g. policy RassoInvestigation \"RASSO investigation\" {");
        var title = OptionalString();
        var body = ParseBlock(
            $"policy '{name.Text}'",
            t => IsOneOf(t, PolicyKeywords),
            ParsePolicyStatement,
            PolicyKeywords,
            "a line such as 'role', 'state', 'action', 'deadline' or 'rule'",
            nested: false);
        return new PolicyDeclarationSyntax(keyword, name, title, body);
    }

    private StatementSyntax? ParsePolicyStatement(string keywordText)
    {
        var keyword = Current;
        switch (keywordText)
        {
            case "version":
                Advance();
                return new VersionSyntax(keyword, Expect(TokenKind.String, "the version in quotes, e.g. version \"2025.02\""));
            case "ranks":
                Advance();
                return new RanksSyntax(keyword, ParseNameList("a role, lowest rank first, e.g. ranks Constable, Sergeant, Inspector", next => next.Kind == TokenKind.Comma));
            case "caseload":
                return ParseCaseloadWeight();
            case "effective":
                Advance();
                return new EffectiveSyntax(keyword, Expect(TokenKind.Date, "the date the policy takes effect, e.g. effective 2025-02-01"));
            case "calendar":
            {
                Advance();
                var name = ExpectName("a calendar's name, e.g. calendar england-and-wales");
                var title = OptionalString();
                if (title is null && Current.Kind != TokenKind.OpenBrace && !(IsFirstOnLine(Current) && Current.Is("counts")))
                {
                    // 'calendar england-and-wales': the calendar the policy's working days are counted on.
                    return new CalendarSyntax(keyword, name);
                }

                var body = ParseBlock($"calendar '{name.Text}'", t => IsOneOf(t, CalendarKeywords), ParseCalendarStatement, CalendarKeywords, "'counts every day except ...', 'counts weekdays except ...' or 'cite'", nested: true);
                return new CalendarDeclarationSyntax(keyword, name, title, body);
            }
            case "source":
                Advance();
                return new SourceSyntax(keyword, ExpectName("a short name for the source, e.g. source SOP \"Title of the document\""), Expect(TokenKind.String, "the source document's title in quotes"));
            case "role":
            {
                Advance();
                var name = ExpectName("the role's name, e.g. role Supervisor \"Investigation supervisor\"");
                var title = OptionalString();
                var assigned = Current.Is("assigned") ? Advance() : null;
                return new RoleSyntax(keyword, name, title, assigned);
            }

            case "state":
            {
                Advance();
                var name = ExpectName("the state's name, e.g. state Reported initial");
                var title = OptionalString();
                var modifiers = new List<Token>();
                while (Current.Is("initial") || Current.Is("final"))
                {
                    modifiers.Add(Advance());
                }

                return new StateSyntax(keyword, name, title, modifiers);
            }

            case "choice":
                return ParseChoice();
            case "signal":
                return ParseSignal();
            case "setting":
                return ParseSetting();
            case "action":
                return ParseAction();
            case MissingActionKeyword:
                return ParseAction(keywordMissing: true);
            case "deadline":
            {
                Advance();
                var name = ExpectName("the deadline's name, e.g. deadline VictimUpdate \"The victim is told\" {");
                var title = OptionalString();
                var body = ParseBlock($"deadline '{name.Text}'", StartsDeadlineStatement, ParseDeadlineStatement, DeadlineKeywords, "a deadline line such as 'starts when ...', 'Role must Action within ...' or 'escalate to ...'", nested: true);
                return new DeadlineSyntax(keyword, name, title, body);
            }

            case "rule":
            {
                Advance();
                var name = ExpectName("the rule's name, e.g. rule NoClosure {");
                var title = OptionalString();
                var body = ParseBlock($"rule '{name.Text}'", t => IsOneOf(t, RuleKeywords), ParseRuleStatement, RuleKeywords, "'forbid Action while condition \"message\"' or 'cite'", nested: true);
                return new RuleSyntax(keyword, name, title, body);
            }

            case "access":
            {
                Advance();
                var name = ExpectName("the access rules' name, e.g. access NeedToKnow \"Who may read a case, and why\" {");
                var title = OptionalString();
                var body = ParseBlock($"access '{name.Text}'", t => IsOneOf(t, AccessKeywords), ParseAccessStatement, AccessKeywords, "'read by Role, Role', 'read by Role for Purposes flagged to Role' or 'cite'", nested: true);
                return new AccessSyntax(keyword, name, title, body);
            }

            default:
                return null;
        }
    }

    /// <summary><c>read by OIC, Supervisor</c>, <c>read by Officer for ReadingPurpose flagged to ProfessionalStandards</c></summary>
    private StatementSyntax? ParseAccessStatement(string keywordText)
    {
        switch (keywordText)
        {
            case "cite":
                return ParseCite();
            case "read":
            {
                var keyword = Advance();
                var by = ExpectKeyword("by", "'by' and the roles that may read, e.g. read by OIC, Supervisor");
                var roles = Current.Is("for") || Current.Is("flagged")
                    ? new NameListSyntax([MissingName("a role that may read the case")], [])
                    : ParseNameList("a role that may read the case", next => next.Is("for") || next.Is("flagged") || next.Kind == TokenKind.Comma);
                Token? forKeyword = null, purposes = null;
                if (Current.Is("for") && !IsFirstOnLine(Current))
                {
                    forKeyword = Advance();
                    purposes = ExpectName("the choice of purposes they may give, e.g. for ReadingPurpose");
                }

                Token? flagged = null, to = null, flaggedTo = null;
                if (Current.Is("flagged") && !IsFirstOnLine(Current))
                {
                    flagged = Advance();
                    to = ExpectKeyword("to", "'to' and the role told of each such read, e.g. flagged to ProfessionalStandards");
                    flaggedTo = ExpectName("the role told of each such read, e.g. flagged to ProfessionalStandards");
                }

                return new ReadSyntax(keyword, by, roles, forKeyword, purposes, flagged, to, flaggedTo);
            }

            default:
                return null;
        }
    }

    private ChoiceSyntax ParseChoice()
    {
        var keyword = Advance();
        var name = ExpectName("the choice's name, e.g. choice Rag { Red, Amber, Green }");
        var open = Expect(TokenKind.OpenBrace, "'{' and the options, e.g. { Red, Amber, Green }");
        var options = new List<ChoiceOptionSyntax>();
        var separators = new List<Token>();

        // Without its '{', a choice whose options follow is still read, so that its options are not taken for lines.
        var hasOptions = !open.IsMissing || (Current.Kind == TokenKind.Identifier && !StartsPolicyStatement(Current));
        if (hasOptions)
        {
            while (Current.Kind == TokenKind.Identifier)
            {
                var optionName = Advance();
                Token? openParen = null, closeParen = null;
                var fields = new List<FieldSyntax>();
                var fieldSeparators = new List<Token>();
                if (Current.Kind == TokenKind.OpenParen)
                {
                    openParen = Advance();
                    ParseFieldList(fields, fieldSeparators, terminator: TokenKind.CloseParen);
                    closeParen = Expect(TokenKind.CloseParen, "')' after the option's fields");
                }

                options.Add(new ChoiceOptionSyntax(optionName, openParen, fields, fieldSeparators, closeParen));
                if (Current.Kind == TokenKind.Identifier && (!IsFirstOnLine(Current) || (!open.IsMissing && !StartsPolicyStatement(Current))))
                {
                    // Another option without a comma before it: report the comma, read the option.
                    Error(Current, "',' and another option, or '}' to end the choice");
                    separators.Add(Missing(TokenKind.Comma));
                    continue;
                }

                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                separators.Add(Advance());
            }
        }

        var close = hasOptions ? Expect(TokenKind.CloseBrace, "',' and another option, or '}' to end the choice") : Missing(TokenKind.CloseBrace);
        SkippedSyntax? skipped = null;
        if (close.IsMissing && hasOptions && !AtEnd && !StartsPolicyStatement(Current) && Current.Kind != TokenKind.CloseBrace)
        {
            // Skip the rest of a broken choice so its options are not read as policy lines.
            skipped = Skip(expected: null, t => t.Kind == TokenKind.CloseBrace || StartsPolicyStatement(t), stopAtCloseBrace: true);
            if (Current.Kind == TokenKind.CloseBrace)
            {
                close = Advance();
            }
        }

        return new ChoiceSyntax(keyword, name, open, options, separators, skipped, close);
    }

    private void ParseFieldList(List<FieldSyntax> fields, List<Token> separators, TokenKind terminator)
    {
        while (true)
        {
            if (Current.Kind == terminator)
            {
                return;
            }

            fields.Add(ParseField());
            if (Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && Peek(1).Kind == TokenKind.Colon)
            {
                // Another field on the line without a comma before it: report the comma, read the field.
                separators.Add(MissingAfterReport("',' between the fields", TokenKind.Comma));
                continue;
            }

            if (Current.Kind != TokenKind.Comma)
            {
                return;
            }

            var comma = Advance();
            separators.Add(comma);
        }
    }

    private FieldSyntax ParseField()
    {
        // Fields of a list may go on the next line: 'record a: text,' then 'b: text'.
        var name = Expect(TokenKind.Identifier, "a field's name, e.g. reason: text");
        var colon = Expect(TokenKind.Colon, $"':' and a type after '{name.Text}', e.g. {name.Text}: text");
        var type = ParseType();
        var optional = Current.Is("optional") ? Advance() : null;
        return new FieldSyntax(name, colon, type, optional);
    }

    private TypeSyntax ParseType()
    {
        var tokens = new List<Token>();
        // A type is on its field's line: a word on the next line starts another line.
        const string expected = "a type: text, yes/no, number, date, date-time, duration, officer, or a choice's name";
        var first = IsFirstOnLine(Current) ? MissingName(expected) : ExpectName(expected);
        tokens.Add(first);
        if (first.Is("yes") && Current.Kind == TokenKind.Slash)
        {
            tokens.Add(Advance());
            tokens.Add(ExpectKeyword("no", "'no' (the type is written yes/no)"));
        }

        return new TypeSyntax(tokens);
    }

    private SignalSyntax ParseSignal()
    {
        var keyword = Advance();
        var name = ExpectName("the signal's name, e.g. signal DnaMatch \"A DNA match comes back\"");
        var title = OptionalString();
        var absence = new List<Token>();
        Token? role = null;
        if (Current.Is("on"))
        {
            absence.Add(Advance());
            absence.Add(ExpectKeyword("absence", "'absence of Role', e.g. on absence of OIC"));
            absence.Add(ExpectKeyword("of"));
            role = ExpectName("the role whose officer's absence raises the signal");
        }

        BlockSyntax? body = null;
        if (Current.Kind == TokenKind.OpenBrace || StartsBodyWithoutBrace(SignalKeywords))
        {
            body = ParseBlock($"signal '{name.Text}'", t => IsOneOf(t, SignalKeywords), ParseSignalStatement, SignalKeywords, "'record field: type' or 'cite'", nested: true);
        }

        return new SignalSyntax(keyword, name, title, absence, role, body);
    }

    private StatementSyntax? ParseSignalStatement(string keywordText) => keywordText switch
    {
        "record" => ParseRecord(),
        MissingRecordKeyword => ParseRecord(keywordMissing: true),
        "cite" => ParseCite(),
        _ => null,
    };

    /// <summary>A body whose '{' was forgotten: the next line starts with one of the body's keywords.</summary>
    private bool StartsBodyWithoutBrace(string[] keywords) => IsFirstOnLine(Current) && IsOneOf(Current, keywords);

    private SettingSyntax ParseSetting()
    {
        var keyword = Advance();
        var name = ExpectName("the setting's name, e.g. setting SupervisionInterval: duration = 14 days");
        var colon = Expect(TokenKind.Colon, "':' and the setting's type, e.g. : duration");
        var type = ParseType();
        var equals = Expect(TokenKind.Equals, "'=' and the default value, e.g. = 14 days");
        var value = ParseOperand("the default value, e.g. 14 days");
        var title = OptionalString();
        Token? by = null;
        NameListSyntax? roles = null;
        if (Current.Is("by"))
        {
            by = Advance();
            roles = ParseNameList("a role that may change the setting", next => next.Kind == TokenKind.Comma);
        }

        var cites = new List<CiteSyntax>();
        while (Current.Is("cite"))
        {
            cites.Add(ParseCite());
        }

        return new SettingSyntax(keyword, name, colon, type, equals, value, title, by, roles, cites);
    }

    private ActionSyntax ParseAction(bool keywordMissing = false)
    {
        var keyword = keywordMissing ? Missing(TokenKind.Identifier) : Advance();
        var name = ExpectName("the action's name, e.g. action AssessRisk by Supervisor from Reported to Assessed");
        var title = OptionalString();
        var by = ExpectKeyword("by", "'by' and the roles that may perform it, e.g. by Supervisor");

        // Without 'by', names on the same line are still read as the roles, so that one missing word is one error.
        var rolesFollow = !by.IsMissing || (Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && !Current.Is("from") && !Current.Is("in") && !Current.Is("to"));
        var roles = rolesFollow ? ParseNameList("a role's name", next => next.Is("from") || next.Is("in"), orAbove: true) : new NameListSyntax(Array.Empty<Token>(), Array.Empty<Token>());
        Token? fromOrIn = null, to = null, toState = null;
        NameListSyntax? states = null;
        var isFrom = AtKeywordOrTypo("from");
        if (isFrom || AtKeywordOrTypo("in"))
        {
            fromOrIn = Advance();

            // After 'from', a name without a comma before it is another state only if 'to' (or a comma) follows it:
            // 'from Reported Assessed {' lacks its 'to'.
            states = ParseNameList("a state's name", isFrom ? next => next.Is("to") || next.Kind == TokenKind.Comma : _ => true);
            if (isFrom && AtKeywordOrTypo("to"))
            {
                to = Advance();
                toState = ExpectNameBeforeKeyword("the state the action leads to");
            }
            else if (isFrom && Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && !IsStructural(Current))
            {
                to = MissingAfterReport("'to' before the state the action leads to");
                toState = Advance();
            }
        }
        else if (AtKeywordOrTypo("to"))
        {
            to = Advance();
            toState = ExpectNameBeforeKeyword("the state the action leads to");
        }

        // 'when OrderLasts is due': the system performs the action by itself when that deadline falls due.
        var whenDue = new List<Token>();
        if (!IsFirstOnLine(Current) && AtKeywordOrTypo("when", next => next.Kind == TokenKind.Identifier && !next.IsFirstOnLine && (Peek(2).Is("is") || IsMisspelt(Peek(2), "is"))))
        {
            whenDue.Add(Advance());
            whenDue.Add(ExpectNameBeforeKeyword("the deadline whose due time performs the action, e.g. when OrderLasts is due"));
            whenDue.Add(ExpectKeyword("is", "'is due', e.g. when OrderLasts is due"));
            whenDue.Add(ExpectKeyword("due", "'due', e.g. when OrderLasts is due"));
        }

        SkippedSyntax? headerRest = null;
        if (Current.Kind != TokenKind.OpenBrace && !IsFirstOnLine(Current) && !AtEnd && !IsLineKeyword(Current))
        {
            // The rest of the line cannot be read (reported once): skip it, so that the body is still read.
            headerRest = Skip("'from State to State', 'in State', or '{' and the action's lines", t => t.Kind == TokenKind.OpenBrace || IsFirstOnLine(t) || IsOneOf(t, PolicyKeywords), stopAtCloseBrace: true);
        }

        BlockSyntax? body = null;
        if (Current.Kind == TokenKind.OpenBrace || IsOneOf(Current, ActionKeywords) || (IsFirstOnLine(Current) && Peek(1).Kind == TokenKind.Colon))
        {
            body = ParseBlock($"action '{name.Text}'", t => IsOneOf(t, ActionKeywords), ParseActionStatement, ActionKeywords, "an action line such as 'record', 'require', 'assign', 'notify' or 'cite'", nested: true);
        }

        return new ActionSyntax(keyword, name, title, by, roles, fromOrIn, states, to, toState, headerRest, body, whenDue);
    }

    /// <summary>
    /// Names separated by commas. A second name on the line without a comma before it is reported and read when
    /// <paramref name="readOnWithoutComma"/> holds for the token after that name: 'by OIC SOIT from ...' lacks a comma,
    /// but 'by OIC Reported to ...' lacks its 'from', and reading 'Reported' as a role would make one missing word
    /// several errors. Null never reads on.
    /// </summary>
    private NameListSyntax ParseNameList(string what, Func<Token, bool>? readOnWithoutComma, bool orAbove = false)
    {
        var names = new List<Token> { IsStructural(Current) ? MissingName(what) : ExpectName(what) };
        var separators = new List<Token>();
        var suffixes = new List<OrAboveSyntax?>();
        void OrAbove()
        {
            while (suffixes.Count < names.Count - 1)
            {
                suffixes.Add(null);
            }

            // 'Inspector or above': the rank and every rank above it.
            suffixes.Add(orAbove && Current.Is("or") && !IsFirstOnLine(Current) && Peek(1).Is("above") ? new OrAboveSyntax(Advance(), Advance()) : null);
        }

        OrAbove();
        while (true)
        {
            if (Current.Kind == TokenKind.Comma && Peek(1).Kind == TokenKind.Identifier)
            {
                separators.Add(Advance());
                names.Add(IsStructural(Current) ? MissingName(what) : Advance());
                OrAbove();
            }
            else if (readOnWithoutComma is not null && Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && !IsStructural(Current) && readOnWithoutComma(Peek(1)))
            {
                // Two names with no comma between them: report the comma, and read the name.
                Error(Current, "',' between the names");
                separators.Add(Missing(TokenKind.Comma));
                names.Add(Advance());
                OrAbove();
            }
            else
            {
                return new NameListSyntax(names, separators, suffixes.Any(s => s is not null) ? suffixes : null);
            }
        }
    }

    /// <summary>Reports a missing name where a word of the language stands, and stands in for the name.</summary>
    private Token MissingName(string what)
    {
        ErrorMissing(what);
        return Missing(TokenKind.Identifier);
    }

    /// <summary>
    /// The words that end a list of names ('by OIC, SOIT from ...', 'forbid Close while ...'), and typos of them: a
    /// list never takes one of them for a name.
    /// </summary>
    private static bool IsStructural(Token token)
    {
        if (IsLineKeyword(token))
        {
            return true;
        }

        foreach (var word in StructuralWords)
        {
            if (token.Is(word) || IsMisspelt(token, word))
            {
                return true;
            }
        }

        return false;
    }

    private StatementSyntax? ParseActionStatement(string keywordText)
    {
        var keyword = Current;
        switch (keywordText)
        {
            case "record":
                return ParseRecord();
            case MissingRecordKeyword:
                return ParseRecord(keywordMissing: true);
            case "require":
            {
                Advance();
                var condition = ParseCondition();
                var message = Expect(TokenKind.String, "the message shown when the requirement is not met, in quotes");
                var cites = new List<CiteSyntax>();
                while (Current.Is("cite") && !IsFirstOnLine(Current))
                {
                    cites.Add(ParseCite());
                }

                return new RequireSyntax(keyword, condition, message, cites);
            }

            case "assign":
            {
                Advance();
                var assignments = new List<AssignmentSyntax>();
                var separators = new List<Token>();
                while (true)
                {
                    var role = ExpectName("an assigned role, e.g. assign OIC = oic");
                    var equals = Expect(TokenKind.Equals, $"'=' and the officer field, e.g. {role.Text} = officer");
                    var field = ExpectName("the officer field recorded by this action");
                    assignments.Add(new AssignmentSyntax(role, equals, field));
                    if (Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && Peek(1).Kind == TokenKind.Equals)
                    {
                        // Another assignment without a comma before it: report the comma, read the assignment.
                        separators.Add(MissingAfterReport("',' between the assignments", TokenKind.Comma));
                        continue;
                    }

                    if (Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    separators.Add(Advance());
                }

                // The refusal's message for an officer who does not hold the role, on this line or the next, with its cites.
                Token? message = null;
                var cites = new List<CiteSyntax>();
                if (Current.Kind == TokenKind.String)
                {
                    message = Advance();
                    while (Current.Is("cite") && !IsFirstOnLine(Current))
                    {
                        cites.Add(ParseCite());
                    }
                }

                return new AssignSyntax(keyword, assignments, separators, message, cites);
            }

            case "notify":
                Advance();
                return new NotifySyntax(keyword, ExpectName("the role to notify, e.g. notify Supervisor \"message\""), Expect(TokenKind.String, "the notification's message in quotes"));
            case "cite":
                return ParseCite();
            default:
                return null;
        }
    }

    private RecordSyntax ParseRecord(bool keywordMissing = false)
    {
        var keyword = keywordMissing ? Missing(TokenKind.Identifier) : Advance();
        var fields = new List<FieldSyntax>();
        var separators = new List<Token>();
        ParseFieldList(fields, separators, TokenKind.EndOfFile);
        return new RecordSyntax(keyword, fields, separators);
    }

    private CiteSyntax ParseCite()
    {
        var keyword = Advance();
        var source = ExpectName("the source's short name, e.g. cite SOP \"clause\"");
        var clause = Expect(TokenKind.String, "the clause in quotes, e.g. cite SOP \"paragraph 4.2\"");
        return new CiteSyntax(keyword, source, clause);
    }

    // ---- Calendars ----------------------------------------------------------------------------------------------

    private StatementSyntax? ParseCalendarStatement(string keywordText)
    {
        switch (keywordText)
        {
            case "counts":
                return ParseCounts();
            case "cite":
                return ParseCite();
            default:
                return null;
        }
    }

    /// <summary><c>counts every day except Sundays, Christmas Day, Good Friday and bank holidays</c></summary>
    private CountsSyntax ParseCounts()
    {
        var keyword = Advance();
        var basis = new List<Token>();
        if (Current.Is("every"))
        {
            basis.Add(Advance());
            basis.Add(ExpectKeyword("day", "'day', e.g. counts every day except Sundays"));
        }
        else if (Current.Is("weekdays"))
        {
            basis.Add(Advance());
        }
        else
        {
            ErrorMissing("'every day' or 'weekdays', e.g. counts every day except Sundays");
            basis.Add(WrongWordOrMissing());
        }

        Token? except = null;
        var days = new List<DayNameSyntax>();
        var separators = new List<Token>();
        if (Current.Is("except") && !IsFirstOnLine(Current))
        {
            except = Advance();
            while (true)
            {
                // A day is one or more words up to the next comma, 'and', or the end of the line.
                var words = new List<Token>();
                while (Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && !Current.Is("and"))
                {
                    words.Add(Advance());
                }

                if (words.Count == 0)
                {
                    ErrorMissing("a day the calendar leaves out, e.g. Sundays, bank holidays or Christmas Day");
                    words.Add(Missing(TokenKind.Identifier));
                }

                days.Add(new DayNameSyntax(words));
                if (!IsFirstOnLine(Current) && (Current.Kind == TokenKind.Comma || Current.Is("and")))
                {
                    separators.Add(Advance());
                    continue;
                }

                break;
            }
        }

        return new CountsSyntax(keyword, basis, except, days, separators);
    }

    // ---- Deadlines ----------------------------------------------------------------------------------------------

    private bool StartsDeadlineStatement(Token token) =>
        (IsOneOf(token, DeadlineKeywords) && (!token.Is("not") || IsBefore(PeekAfter(token))))
        || (token.Kind == TokenKind.Identifier && PeekAfter(token).Is("must"));

    /// <summary>The token after <paramref name="token"/> (which must be the current token or later).</summary>
    private Token PeekAfter(Token token)
    {
        for (var i = _position; i < _tokens.Count - 1; i++)
        {
            if (ReferenceEquals(_tokens[i], token))
            {
                return _tokens[i + 1];
            }
        }

        return _tokens[_tokens.Count - 1];
    }

    private StatementSyntax? ParseDeadlineStatement(string keywordText)
    {
        var keyword = Current;
        if (keywordText is "must" or MissingMustKeyword || (keyword.Kind == TokenKind.Identifier && Peek(1).Is("must")))
        {
            return ParseMust(mustMissing: keywordText == MissingMustKeyword);
        }

        switch (keywordText)
        {
            case "starts":
            case MissingStartsKeyword:
            {
                keyword = keywordText == MissingStartsKeyword ? Missing(TokenKind.Identifier) : Advance();
                var mode = new List<Token>();
                if (Current.Is("when") || Current.Is("each"))
                {
                    mode.Add(Advance());
                }
                else if (Current.Is("on"))
                {
                    mode.Add(Advance());
                    mode.Add(ExpectKeyword("entering", "'entering' and a state, e.g. starts on entering Investigating"));
                }
                else if (Current.Is("entering"))
                {
                    mode.Add(MissingAfterReport("'on' before 'entering', e.g. starts on entering Investigating"));
                    mode.Add(Advance());
                }
                else
                {
                    ErrorMissing("'when', 'each' or 'on entering', e.g. starts when Assign");
                    mode.Add(WrongWordOrMissing());
                }

                return new StartsSyntax(keyword, mode, ExpectNameBeforeKeyword("the action, signal or state that starts the deadline"));
            }

            case "every":
            {
                Advance();
                var interval = ParseDurationExpression();
                var whileKeyword = ExpectKeyword("while", "'while' and a state, e.g. every 14 days while Investigating");
                return new EverySyntax(keyword, interval, whileKeyword, ExpectNameBeforeKeyword("the state in which the deadline recurs"));
            }

            case "within":
                return ParseTiming(notBefore: false);
            case "not":
                return ParseTiming(notBefore: true);
            case "stops":
            {
                Advance();
                var mode = new List<Token>();
                if (Current.Is("when"))
                {
                    mode.Add(Advance());
                }
                else if (Current.Is("on"))
                {
                    mode.Add(Advance());
                    mode.Add(ExpectKeyword("leaving", "'leaving' and a state, e.g. stops on leaving Investigating"));
                }
                else if (Current.Is("leaving"))
                {
                    mode.Add(MissingAfterReport("'on' before 'leaving', e.g. stops on leaving Investigating"));
                    mode.Add(Advance());
                }
                else
                {
                    ErrorMissing("'when' or 'on leaving', e.g. stops when Withdraw");
                    mode.Add(WrongWordOrMissing());
                }

                return new StopsSyntax(keyword, mode, ParseNameList("an action, signal or state", readOnWithoutComma: _ => true));
            }

            case "escalate":
            {
                Advance();
                var stages = new List<EscalationStageSyntax>();
                var separators = new List<Token>();
                while (true)
                {
                    var words = new List<Token>();
                    if (stages.Count > 0 && AtKeywordOrTypo("then", next => next.Is("to")))
                    {
                        words.Add(Advance());
                    }

                    words.Add(ExpectKeyword("to", "'to' and a role, e.g. escalate to Supervisor"));
                    var role = ExpectNameBeforeKeyword("the role alerted at this stage");
                    Token? after = null;
                    DurationSyntax? delay = null;
                    if (AtKeywordOrTypo("after", next => next.Kind == TokenKind.Number))
                    {
                        after = Advance();
                        delay = ParseDuration();
                    }

                    stages.Add(new EscalationStageSyntax(words, role, after, delay));
                    if (Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    separators.Add(Advance());
                }

                return new EscalateSyntax(keyword, stages, separators);
            }

            case "warn":
            {
                Advance();
                var duration = ParseDuration();
                return new WarnSyntax(keyword, duration, ExpectKeyword("before", "'before', e.g. warn 2 hours before"));
            }

            case "pauses":
            case "resumes":
            {
                Advance();
                var mode = new List<Token>();
                var example = $"{keyword.Text} when Action, or {keyword.Text} on entering State";
                if (Current.Is("when"))
                {
                    mode.Add(Advance());
                }
                else if (Current.Is("on"))
                {
                    mode.Add(Advance());
                    if (Current.Is("entering") || Current.Is("leaving"))
                    {
                        mode.Add(Advance());
                    }
                    else if (IsMisspelt(Current, "entering") || IsMisspelt(Current, "leaving"))
                    {
                        // 'resumes on leavin InHospital': reported, and read as the word it misspells.
                        Error(Current, IsMisspelt(Current, "entering") ? "'entering'" : "'leaving'");
                        mode.Add(Advance());
                    }
                    else
                    {
                        ErrorMissing($"'entering' or 'leaving' and a state, e.g. {keyword.Text} on entering InHospital");
                        mode.Add(WrongWordOrMissing());
                    }
                }
                else
                {
                    ErrorMissing($"'when' or 'on entering' or 'on leaving', e.g. {example}");
                    mode.Add(WrongWordOrMissing());
                }

                return new ClockLineSyntax(keyword, mode, ParseNameList("an action, signal or state", readOnWithoutComma: _ => true));
            }

            case "excused":
            {
                Advance();
                var by = ExpectKeyword("by", "'by' and the action that excuses it, e.g. excused by PostponeReview");
                var action = ExpectNameBeforeKeyword("the action that excuses the deadline, recording why");
                var window = new List<Token>();
                DurationSyntax? until = null;
                if (Current.Is("before") && !IsFirstOnLine(Current))
                {
                    window.Add(Advance());
                    window.Add(ExpectKeyword("due", "'due', e.g. excused by PostponeReview before due"));
                }
                else if (Current.Is("until") && !IsFirstOnLine(Current))
                {
                    window.Add(Advance());
                    until = ParseDuration();
                    window.Add(ExpectKeyword("after", "'after due', e.g. excused by PostponeReview until 2 hours after due"));
                    window.Add(ExpectKeyword("due", "'due', e.g. excused by PostponeReview until 2 hours after due"));
                }

                return new ExcusedSyntax(keyword, by, action, window, until);
            }

            case "counted":
            {
                Advance();
                var on = ExpectKeyword("on", "'on' and a calendar, e.g. counted on PaceDays");
                return new CountedOnSyntax(keyword, on, ExpectName("the calendar the deadline is counted on, e.g. counted on PaceDays"));
            }

            case "cite":
                return ParseCite();
            default:
                return null;
        }
    }

    /// <summary>
    /// After an error at a word where a keyword belongs ('starts whenever Assign'): consumes the wrong word when a name
    /// follows it on the same line, so that the name is still read where it belongs.
    /// </summary>
    private Token WrongWordOrMissing() =>
        Current.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Identifier && !Peek(1).IsFirstOnLine ? Advance() : Missing(TokenKind.Identifier);

    private MustSyntax ParseMust(bool mustMissing)
    {
        var role = Advance();
        var must = mustMissing ? Missing(TokenKind.Identifier) : Advance();
        var action = ExpectNameBeforeKeyword("the action that meets the deadline, e.g. SOIT must InformVictim within 1 working day");
        Token? where = null;
        ConditionSyntax? condition = null;
        if (AtKeywordOrTypo("where"))
        {
            where = Advance();
            condition = ParseCondition();
        }

        var timings = new List<TimingSyntax>();
        while (AtKeywordOrTypo("within", StartsDurationOnSameLine) || (Current.Is("not") && IsBefore(Peek(1))))
        {
            timings.Add(ParseTiming(notBefore: Current.Is("not")));
        }

        return new MustSyntax(role, must, action, where, condition, timings);
    }

    private TimingSyntax ParseTiming(bool notBefore)
    {
        var keywords = new List<Token>();
        if (notBefore)
        {
            keywords.Add(Advance());
            keywords.Add(ExpectKeyword("before", "'before', e.g. not before 10 hours"));
        }
        else
        {
            keywords.Add(Advance());
        }

        var duration = ParseDurationExpression();
        var start = new List<Token>();
        var end = new List<Token>();
        Token? anchor = null;
        var origin = TimingOrigin.Moment;
        if (!notBefore && !IsFirstOnLine(Current) && AtKeywordOrTypo("beginning", next => next.Is("with") || IsMisspelt(next, "with")))
        {
            // 'within 28 days beginning with the day': the day the deadline opens on counts as the first;
            // 'beginning with madeOn': the day a recorded date falls on.
            start.Add(Advance());
            start.Add(ExpectKeyword("with", "'with the day', e.g. within 28 days beginning with the day"));
            origin = TimingOrigin.BeginningWith;
            if (Current.Is("the") && Peek(1).Is("day") && !IsFirstOnLine(Current))
            {
                start.Add(Advance());
                start.Add(Advance());
            }
            else
            {
                anchor = ExpectNameBeforeKeyword("'the day', or the recorded date it begins with, e.g. beginning with madeOn");
            }
        }
        else if (!notBefore && !IsFirstOnLine(Current) && AtKeywordOrTypo("from"))
        {
            // 'within 24 hours from arrivedAt', 'within 9 hours from when FirstReview was due'.
            start.Add(Advance());
            if (!IsFirstOnLine(Current) && AtKeywordOrTypo("when", next => next.Kind == TokenKind.Identifier && !next.IsFirstOnLine && (Peek(2).Is("was") || IsMisspelt(Peek(2), "was"))))
            {
                start.Add(Advance());
                anchor = ExpectNameBeforeKeyword("the deadline it counts from, e.g. from when FirstReview was due");
                end.Add(ExpectKeyword("was", "'was due', e.g. from when FirstReview was due"));
                end.Add(ExpectKeyword("due", "'due', e.g. from when FirstReview was due"));
                origin = TimingOrigin.FromWhenDue;
            }
            else if (Current.Is("the") && !IsFirstOnLine(Current) && IsDayOrLatest(Peek(1)))
            {
                origin = ParseFromThe(start, end, out anchor);
            }
            else
            {
                anchor = ExpectNameBeforeKeyword("the recorded date-time it counts from, e.g. within 24 hours from arrivedAt");
                origin = TimingOrigin.FromAnchor;
            }
        }

        return new TimingSyntax(keywords, duration, start, anchor, end, origin);
    }

    /// <summary>'latest', 'start' or 'end' (or a typo of one) on the same line: what follows 'from the'.</summary>
    private static bool IsDayOrLatest(Token token) =>
        !token.IsFirstOnLine && (token.Is("latest") || token.Is("start") || token.Is("end")
            || IsMisspelt(token, "latest") || IsMisspelt(token, "start") || IsMisspelt(token, "end"));

    /// <summary>
    /// After 'from', 'the' then: 'latest time D could have been met', or 'start of the day' / 'end of the day',
    /// optionally followed by 'of' and the recorded date or date-time whose day it is.
    /// </summary>
    private TimingOrigin ParseFromThe(List<Token> start, List<Token> end, out Token? anchor)
    {
        anchor = null;
        start.Add(Advance());
        if (AtKeywordOrTypo("latest", next => next.Is("time") || IsMisspelt(next, "time")))
        {
            const string Example = "e.g. from the latest time FirstReview could have been met";
            start.Add(Advance());
            start.Add(ExpectKeyword("time", $"'time', {Example}"));
            anchor = ExpectNameBeforeKeyword($"the deadline it counts from, {Example}");
            end.Add(ExpectKeyword("could", $"'could have been met', {Example}"));
            end.Add(ExpectKeyword("have", $"'have been met', {Example}"));
            end.Add(ExpectKeyword("been", $"'been met', {Example}"));
            end.Add(ExpectKeyword("met", $"'met', {Example}"));
            return TimingOrigin.FromLatestMet;
        }

        var isEnd = Current.Is("end") || (!Current.Is("start") && IsMisspelt(Current, "end"));
        const string DayExample = "e.g. from the end of the day, or from the start of the day of arrivedAt";
        if (!Current.Is("start") && !Current.Is("end"))
        {
            Error(Current, "'start' or 'end'");
        }

        start.Add(Advance());
        start.Add(ExpectKeyword("of", $"'of the day', {DayExample}"));
        start.Add(ExpectKeyword("the", $"'the day', {DayExample}"));
        start.Add(ExpectKeyword("day", $"'day', {DayExample}"));
        if (Current.Is("of") && !IsFirstOnLine(Current))
        {
            start.Add(Advance());
            anchor = ExpectNameBeforeKeyword($"the recorded date or date-time whose day it is, {DayExample}");
        }

        return isEnd ? TimingOrigin.FromEndOfDay : TimingOrigin.FromStartOfDay;
    }

    /// <summary><c>caseload weight 3 when complexity is Major, otherwise 1</c>, then any cites on the line.</summary>
    private CaseloadWeightSyntax ParseCaseloadWeight()
    {
        var keyword = Advance();
        var weight = ExpectKeyword("weight", "'weight' and what one case weighs, e.g. caseload weight 2 when complexity is Major, otherwise 1");
        var cases = new List<WeightCaseSyntax>();
        var separators = new List<Token>();
        while (true)
        {
            var otherwise = Current.Is("otherwise") ? Advance() : null;
            var number = Expect(TokenKind.Number, "a weight, a number such as 1 or 2.5");
            Token? when = null;
            ConditionSyntax? condition = null;
            if (Current.Is("when") && !IsFirstOnLine(Current))
            {
                when = Advance();
                condition = ParseCondition();
            }

            cases.Add(new WeightCaseSyntax(otherwise, number, when, condition));
            if (when is not null && !IsFirstOnLine(Current) && (Current.Kind == TokenKind.Number || Current.Is("otherwise")))
            {
                separators.Add(MissingAfterReport("',' before the next case", TokenKind.Comma));
                continue;
            }

            if (Current.Kind != TokenKind.Comma || !(Peek(1).Kind == TokenKind.Number || Peek(1).Is("otherwise")))
            {
                break;
            }

            separators.Add(Advance());
        }

        // Its cites may follow on the line or on lines of their own: no line of a policy starts with 'cite' otherwise.
        var cites = new List<CiteSyntax>();
        while (Current.Is("cite"))
        {
            cites.Add(ParseCite());
        }

        return new CaseloadWeightSyntax(keyword, weight, cases, separators, cites);
    }

    private DurationExpressionSyntax ParseDurationExpression()
    {
        var cases = new List<DurationCaseSyntax>();
        var separators = new List<Token>();
        while (true)
        {
            var otherwise = Current.Is("otherwise") ? Advance() : null;
            DurationSyntax? duration = null;
            Token? setting = null;
            // A unit here is a duration whose number is missing ('within hours'), not a setting's name.
            if (Current.Kind == TokenKind.Identifier && !IsUnit(Current) && !Current.Is("working"))
            {
                setting = Advance();
            }
            else
            {
                duration = ParseDuration();
            }

            Token? when = null;
            ConditionSyntax? condition = null;
            if (Current.Is("when"))
            {
                when = Advance();
                condition = ParseCondition();
            }

            cases.Add(new DurationCaseSyntax(otherwise, duration, setting, when, condition));
            if (when is not null && !IsFirstOnLine(Current) && (Current.Kind == TokenKind.Number || Current.Is("otherwise")))
            {
                // The next case on the line without a comma before it: report the comma, read the case.
                separators.Add(MissingAfterReport("',' before the next case", TokenKind.Comma));
                continue;
            }

            if (Current.Kind != TokenKind.Comma || !(Peek(1).Kind == TokenKind.Number || Peek(1).Is("otherwise") || (Peek(1).Kind == TokenKind.Identifier && !Peek(1).Is("then"))))
            {
                break;
            }

            separators.Add(Advance());
        }

        return new DurationExpressionSyntax(cases, separators);
    }

    private DurationSyntax ParseDuration()
    {
        var amount = Expect(TokenKind.Number, "a duration such as 14 days, 1 working day or 18 hours");
        var unit = new List<Token>();
        if (amount.IsMissing)
        {
            // Keep the unit of a duration whose number is missing (reported), so that it is not read as something else.
            if (IsUnit(Current) && !IsFirstOnLine(Current))
            {
                unit.Add(Advance());
            }

            return new DurationSyntax(amount, unit);
        }

        if (Current.Is("working"))
        {
            unit.Add(Advance());
            if (Current.Is("day") || Current.Is("days"))
            {
                unit.Add(Advance());
            }
            else
            {
                ErrorMissing("'days' after 'working'");
                unit.Add(Missing(TokenKind.Identifier));
            }
        }
        else if (IsUnit(Current))
        {
            unit.Add(Advance());
        }
        else
        {
            ErrorMissing($"a unit after {amount.Text}: minutes, hours, days, working days, weeks or months");
            unit.Add(Missing(TokenKind.Identifier));
        }

        return new DurationSyntax(amount, unit);
    }

    internal static bool IsUnit(Token token) =>
        token.Is("minute") || token.Is("minutes") || token.Is("hour") || token.Is("hours") || token.Is("day") || token.Is("days")
        || token.Is("week") || token.Is("weeks") || token.Is("month") || token.Is("months");

    // ---- Rules --------------------------------------------------------------------------------------------------

    private StatementSyntax? ParseRuleStatement(string keywordText)
    {
        if (keywordText == "cite")
        {
            return ParseCite();
        }

        if (keywordText is not ("forbid" or MissingForbidKeyword))
        {
            return null;
        }

        var keyword = keywordText == MissingForbidKeyword ? Missing(TokenKind.Identifier) : Advance();
        var actions = ParseNameList("the action the rule forbids", next => IsOneOf(next, RuleModes) || next.Kind == TokenKind.Comma);
        Token mode;
        if (Current.Is("while") || Current.Is("when") || Current.Is("unless"))
        {
            mode = Advance();
        }
        else if (Current.Kind == TokenKind.Identifier && !IsFirstOnLine(Current) && !Peek(1).IsFirstOnLine
            && Binder.Suggest(Current.Text, new[] { "while", "when", "unless" }) is { } meant)
        {
            // A typo of the word: report it, and read the condition after it.
            Error(Current, $"'{meant}'");
            mode = Advance();
        }
        else
        {
            ErrorMissing("'while', 'when' or 'unless' and a condition, e.g. forbid Close while VictimUpdate is open");
            mode = Missing(TokenKind.Identifier);
        }

        var condition = ParseCondition();
        var message = Expect(TokenKind.String, "the message the user sees when the rule blocks them, in quotes");
        return new ForbidSyntax(keyword, actions, mode, condition, message);
    }

    // ---- Conditions ---------------------------------------------------------------------------------------------

    private ConditionSyntax ParseCondition()
    {
        var first = ParseAnd();
        if (!Current.Is("or") && !StartsConditionWithoutConnective())
        {
            return first;
        }

        var operands = new List<ConditionSyntax> { first };
        var operators = new List<Token>();
        while (Current.Is("or") || StartsConditionWithoutConnective())
        {
            operators.Add(Current.Is("or") ? Advance() : MissingAfterReport("'and' or 'or' between the two conditions"));
            operands.Add(ParseAnd());
        }

        return new LogicalConditionSyntax(operands, operators, isAnd: false);
    }

    private ConditionSyntax ParseAnd()
    {
        var first = ParseUnary();
        if (!Current.Is("and"))
        {
            return first;
        }

        var operands = new List<ConditionSyntax> { first };
        var operators = new List<Token>();
        while (Current.Is("and"))
        {
            operators.Add(Advance());
            operands.Add(ParseUnary());
        }

        return new LogicalConditionSyntax(operands, operators, isAnd: true);
    }

    private ConditionSyntax ParseUnary()
    {
        if (_depth >= MaxDepth)
        {
            // Refuse to descend further: report once, skip the rest of the deep part, and carry on.
            _diagnostics.Add(DiagnosticDescriptors.NestingTooDeep, Current.Span, MaxDepth);
            var skipped = new List<Token>();
            var parens = 0;
            while (!AtEnd && Current.Kind != TokenKind.String && Current.Kind != TokenKind.CloseBrace)
            {
                if (Current.Kind == TokenKind.OpenParen)
                {
                    parens++;
                }
                else if (Current.Kind == TokenKind.CloseParen && --parens < 0)
                {
                    break;
                }

                skipped.Add(Advance());
            }

            if (skipped.Count == 0)
            {
                skipped.Add(Missing(TokenKind.Identifier));
            }

            return new SkippedConditionSyntax(skipped);
        }

        _depth++;
        try
        {
            if (Current.Is("not") && !Peek(1).Is("before"))
            {
                var not = Advance();
                return new NotConditionSyntax(not, ParseUnary());
            }

            if (Current.Kind == TokenKind.OpenParen)
            {
                var open = Advance();
                var inner = ParseCondition();
                return new ParenthesizedConditionSyntax(open, inner, Expect(TokenKind.CloseParen, "')' to close the bracket"));
            }

            return ParsePrimaryCondition();
        }
        finally
        {
            _depth--;
        }
    }

    private ConditionSyntax ParsePrimaryCondition()
    {
        const string expected = "a condition, e.g. grade is Immediate, oic is available or VictimUpdate is open";
        if (Current.Kind == TokenKind.String && !IsComparison(Peek(1)))
        {
            // The message where the condition (or the rest of it) belongs: leave the message to its statement.
            Error(Current, expected);
            return new OperandConditionSyntax(new NameOperandSyntax(new[] { Missing(TokenKind.Identifier) }, Array.Empty<Token>()), null);
        }

        var operand = ParseOperand(expected);
        if (AtKeywordOrTypo("is") || IsOptionWithoutIs(operand))
        {
            // 'outcome Reached': the 'is' is missing (reported); read the option as its target.
            var isKeyword = Current.Is("is") || IsMisspelt(Current, "is") ? Advance() : MissingAfterReport("'is' before the option, e.g. outcome is Reached");
            var not = Current.Is("not") ? Advance() : null;
            // 'soit is a SOIT', 'actor is the OIC': an article before a role, when a name follows it on the line.
            var article = (Current.Is("a") || Current.Is("an") || Current.Is("the")) && !IsFirstOnLine(Current) && IsPlainNameOnLine(Peek(1)) ? Advance() : null;
            var target = ExpectName("an option's name, 'set', 'available', 'open', 'involved' or a role after 'is'");
            if (Current.Is("or") && !IsFirstOnLine(Current) && Peek(1).Is("above") && !Peek(1).IsFirstOnLine)
            {
                // 'actor is an Inspector or above': the rank and every rank above it.
                var or = Advance();
                return new IsConditionSyntax(operand, isKeyword, not, target, article, or, Advance());
            }

            return new IsConditionSyntax(operand, isKeyword, not, target, article);
        }

        if (Current.Is("has") && !IsFirstOnLine(Current) && (Peek(1).Is("acted") || (Peek(1).Is("not") && Peek(2).Is("acted"))))
        {
            // 'actor has acted before', 'actor has not acted before'.
            var has = Advance();
            var notActed = Current.Is("not") ? Advance() : null;
            var acted = Advance();
            var before = Current.Is("before") && !IsFirstOnLine(Current) ? Advance() : null;
            return new ActedConditionSyntax(operand, has, notActed, acted, before);
        }

        if (IsComparison(Current))
        {
            var op = Advance();
            return new CompareConditionSyntax(operand, op, ParseOperand("a value to compare with"));
        }

        if (operand is NameOperandSyntax { Parts.Count: 1 } name && AtKeywordOrTypo("since", next => next.Is("entering")))
        {
            var since = Advance();
            var entering = ExpectKeyword("entering", "'entering' and a state, e.g. ContactVictim since entering UnderReview");
            return new SinceConditionSyntax(name.Parts[0], since, entering, ExpectName("the state"));
        }

        if (operand is NameOperandSyntax { Parts.Count: 1 } deadline && Current.Is("was") && !IsFirstOnLine(Current))
        {
            var was = Advance();
            return new WasConditionSyntax(deadline.Parts[0], was, ExpectName("'breached' or 'met' after 'was', e.g. FirstReview was breached"));
        }

        var happened = Current.Is("happened") ? Advance() : null;
        return new OperandConditionSyntax(operand, happened, happened is null ? null : ParseHappenedCount());
    }

    /// <summary>After <c>happened</c>: <c>2 times</c>, <c>at least twice</c>, <c>at most 3 times</c>, <c>more than once</c>, <c>fewer than 2 times</c>.</summary>
    private List<Token> ParseHappenedCount()
    {
        var count = new List<Token>();
        if (IsFirstOnLine(Current))
        {
            return count;
        }

        if ((Current.Is("at") && (Peek(1).Is("least") || Peek(1).Is("most"))) || ((Current.Is("more") || Current.Is("fewer")) && Peek(1).Is("than")))
        {
            count.Add(Advance());
            count.Add(Advance());
            if (Current.Kind != TokenKind.Number && !Current.Is("once") && !Current.Is("twice"))
            {
                ErrorMissing("how many times, e.g. at least 2 times, or once, or twice");
                count.Add(Missing(TokenKind.Number));
                return count;
            }
        }

        if (Current.Is("once") || Current.Is("twice"))
        {
            count.Add(Advance());
        }
        else if (Current.Kind == TokenKind.Number)
        {
            count.Add(Advance());
            count.Add(Current.Is("times") || Current.Is("time") ? Advance() : MissingAfterReport("'times' after the number, e.g. happened 2 times"));
        }

        return count;
    }

    /// <summary>A name after a name on the same line, where no word of conditions stands: 'outcome Reached'.</summary>
    private bool IsOptionWithoutIs(OperandSyntax operand) =>
        operand is NameOperandSyntax && IsPlainNameOnLine(Current) && !IsMisspelt(Current, "is") && !StartsConditionWithoutConnective();

    /// <summary>Another condition on the same line with no 'and' or 'or' before it: 'justified note is set'.</summary>
    private bool StartsConditionWithoutConnective() =>
        IsPlainNameOnLine(Current) && (Peek(1).Is("is") || IsComparison(Peek(1)) || Peek(1).Is("since") || Peek(1).Is("happened") || Peek(1).Is("has"));

    private static bool IsPlainNameOnLine(Token token) =>
        token.Kind == TokenKind.Identifier && !token.IsFirstOnLine && !IsOneOf(token, ConditionFollowers) && !IsOneOf(token, StructuralWords)
        && !IsLineKeyword(token) && !IsMisspelt(token, "since") && !IsMisspelt(token, "happened");

    /// <summary>A word that starts a line of some block: statements may share a line, so it ends what comes before it.</summary>
    private static bool IsLineKeyword(Token token) =>
        IsOneOf(token, PolicyKeywords) || IsOneOf(token, ActionKeywords) || IsOneOf(token, DeadlineKeywords) || IsOneOf(token, RuleKeywords);

    /// <summary>Reports that a word is missing before the current token, and stands in for it.</summary>
    private Token MissingAfterReport(string expected, TokenKind kind = TokenKind.Identifier)
    {
        Error(Current, expected);
        return Missing(kind);
    }

    private static bool IsComparison(Token token) =>
        token.Kind is TokenKind.Equals or TokenKind.NotEquals or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual;

    private OperandSyntax ParseOperand(string expected)
    {
        var operand = ParseSimpleOperand(expected);
        if (Current.Kind is TokenKind.Plus or TokenKind.Minus && !IsFirstOnLine(Current))
        {
            // 'arrivedAt + 24 hours': a date-time moved by one duration (the binder checks the types). One only, so that
            // no input nests operands: a second '+' is left for the caller to report.
            var sign = Advance();
            operand = new OffsetOperandSyntax(operand, sign, ParseDuration());
        }

        return operand;
    }

    private OperandSyntax ParseSimpleOperand(string expected)
    {
        switch (Current.Kind)
        {
            case TokenKind.Identifier when Current.Is("is") || Current.Is("and") || Current.Is("or"):
                // The name before 'is' (or a condition before 'and') is missing: the word is not taken for a name.
                ErrorMissing(expected);
                return new NameOperandSyntax(new[] { Missing(TokenKind.Identifier) }, Array.Empty<Token>());
            case TokenKind.Identifier when Current.Is("caseload") && Peek(1).Is("of") && !Peek(1).IsFirstOnLine:
            {
                // 'caseload of oic': an officer's open caseload (one level: 'caseload of caseload of' is not read as a nest).
                var caseload = Advance();
                var of = Advance();
                var officer = Current.Is("caseload") && Peek(1).Is("of")
                    ? new NameOperandSyntax(new[] { MissingAfterReport("an officer after 'caseload of', e.g. caseload of oic") }, Array.Empty<Token>())
                    : ParseSimpleOperand("an officer after 'caseload of', e.g. caseload of oic");
                return new CaseloadOperandSyntax(caseload, of, officer);
            }

            case TokenKind.Identifier:
            {
                var parts = new List<Token> { Advance() };
                var dots = new List<Token>();
                while (Current.Kind == TokenKind.Dot && Peek(1).Kind == TokenKind.Identifier)
                {
                    dots.Add(Advance());
                    parts.Add(Advance());
                }

                return new NameOperandSyntax(parts, dots);
            }

            case TokenKind.Number:
                if (IsUnit(Peek(1)) || Peek(1).Is("working"))
                {
                    return new LiteralOperandSyntax(null, ParseDuration());
                }

                return new LiteralOperandSyntax(Advance(), null);
            case TokenKind.String:
            case TokenKind.Date:
            case TokenKind.DateTime:
                return new LiteralOperandSyntax(Advance(), null);
            default:
                ErrorMissing(expected);
                return new NameOperandSyntax(new[] { Missing(TokenKind.Identifier) }, Array.Empty<Token>());
        }
    }
}
