using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
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

    private static readonly string[] PolicyKeywords = { "version", "effective", "source", "calendar", "role", "choice", "state", "signal", "setting", "action", "deadline", "rule" };
    private static readonly string[] ActionKeywords = { "record", "require", "assign", "notify", "cite" };
    private static readonly string[] SignalKeywords = { "record", "cite" };
    private static readonly string[] DeadlineKeywords = { "starts", "every", "within", "not", "stops", "escalate", "warn", "cite" };
    private static readonly string[] RuleKeywords = { "forbid", "cite" };

    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _position;
    private int _depth;
    private int _lastErrorAt = -1;

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

    private void Error(Token at, string expected)
    {
        // Report one error per position: a second complaint about the same token is a cascade.
        if (at.Span.Start == _lastErrorAt)
        {
            return;
        }

        _lastErrorAt = at.Span.Start;
        _diagnostics.Add(DiagnosticDescriptors.UnexpectedToken, at.Kind == TokenKind.EndOfFile ? new TextSpan(at.Span.Start, 0) : at.Span, expected, Describe(at));
    }

    private Token Missing(TokenKind kind) => new(kind, new TextSpan(Current.Span.Start, 0), string.Empty, isMissing: true);

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind == kind)
        {
            return Advance();
        }

        Error(Current, expected);
        return Missing(kind);
    }

    private Token ExpectKeyword(string keyword) => ExpectKeyword(keyword, $"'{keyword}'");

    private Token ExpectKeyword(string keyword, string expected)
    {
        if (Current.Is(keyword))
        {
            return Advance();
        }

        Error(Current, expected);
        return Missing(TokenKind.Identifier);
    }

    private Token ExpectName(string what) => Expect(TokenKind.Identifier, what);

    private Token? OptionalString() => Current.Kind == TokenKind.String ? Advance() : null;

    /// <summary>
    /// Skips tokens after reporting one error, up to (not including) a token for which <paramref name="stop"/> holds,
    /// or a '}' that closes the enclosing block. Braces opened inside the skipped text are matched, without recursion.
    /// Always consumes at least one token.
    /// </summary>
    private SkippedSyntax Skip(string expected, Func<Token, bool> stop, bool stopAtCloseBrace)
    {
        Error(Current, expected);
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
    private BlockSyntax ParseBlock(string blockDescription, Func<Token, bool> starts, Func<StatementSyntax?> parseStatement, string expectedStatement, bool nested)
    {
        var open = Expect(TokenKind.OpenBrace, $"'{{' to open {blockDescription}");
        var statements = new List<StatementSyntax>();
        if (open.IsMissing && !starts(Current))
        {
            // No block at all: do not swallow the rest of the file.
            return new BlockSyntax(open, statements, Missing(TokenKind.CloseBrace));
        }

        while (!AtEnd && Current.Kind != TokenKind.CloseBrace)
        {
            if (nested && StartsPolicyStatement(Current) && !starts(Current))
            {
                break;
            }

            var before = _position;
            var statement = starts(Current) ? parseStatement() : null;
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
            "a line such as 'role', 'state', 'action', 'deadline' or 'rule'",
            nested: false);
        return new PolicyDeclarationSyntax(keyword, name, title, body);
    }

    private StatementSyntax? ParsePolicyStatement()
    {
        var keyword = Current;
        switch (keyword.Text)
        {
            case "version":
                Advance();
                return new VersionSyntax(keyword, Expect(TokenKind.String, "the version in quotes, e.g. version \"2025.02\""));
            case "effective":
                Advance();
                return new EffectiveSyntax(keyword, Expect(TokenKind.Date, "the date the policy takes effect, e.g. effective 2025-02-01"));
            case "calendar":
                Advance();
                return new CalendarSyntax(keyword, ExpectName("a calendar's name, e.g. calendar england-and-wales"));
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
            case "deadline":
            {
                Advance();
                var name = ExpectName("the deadline's name, e.g. deadline VictimUpdate \"The victim is told\" {");
                var title = OptionalString();
                var body = ParseBlock($"deadline '{name.Text}'", StartsDeadlineStatement, ParseDeadlineStatement, "a deadline line such as 'starts when ...', 'Role must Action within ...' or 'escalate to ...'", nested: true);
                return new DeadlineSyntax(keyword, name, title, body);
            }

            case "rule":
            {
                Advance();
                var name = ExpectName("the rule's name, e.g. rule NoClosure {");
                var title = OptionalString();
                var body = ParseBlock($"rule '{name.Text}'", t => IsOneOf(t, RuleKeywords), ParseRuleStatement, "'forbid Action while condition \"message\"' or 'cite'", nested: true);
                return new RuleSyntax(keyword, name, title, body);
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
        if (!open.IsMissing)
        {
            while (Current.Kind == TokenKind.Identifier)
            {
                var optionName = Advance();
                Token? openParen = null, closeParen = null;
                var fields = new List<FieldSyntax>();
                if (Current.Kind == TokenKind.OpenParen)
                {
                    openParen = Advance();
                    ParseFieldList(fields, separators: null, terminator: TokenKind.CloseParen);
                    closeParen = Expect(TokenKind.CloseParen, "')' after the option's fields");
                }

                options.Add(new ChoiceOptionSyntax(optionName, openParen, fields, closeParen));
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                separators.Add(Advance());
            }
        }

        var close = open.IsMissing ? Missing(TokenKind.CloseBrace) : Expect(TokenKind.CloseBrace, "',' and another option, or '}' to end the choice");
        if (close.IsMissing && !open.IsMissing && !AtEnd && !StartsPolicyStatement(Current) && Current.Kind != TokenKind.CloseBrace)
        {
            // Skip the rest of a broken choice so its options are not read as policy lines.
            var skipped = Skip("',' or '}'", t => t.Kind == TokenKind.CloseBrace || StartsPolicyStatement(t), stopAtCloseBrace: true);
            if (Current.Kind == TokenKind.CloseBrace)
            {
                close = Advance();
            }

            options.Add(new ChoiceOptionSyntax(skipped.Tokens[0], null, Array.Empty<FieldSyntax>(), null));
        }

        return new ChoiceSyntax(keyword, name, open, options, separators, close);
    }

    private void ParseFieldList(List<FieldSyntax> fields, List<Token>? separators, TokenKind terminator)
    {
        while (true)
        {
            if (Current.Kind == terminator)
            {
                return;
            }

            fields.Add(ParseField());
            if (Current.Kind != TokenKind.Comma)
            {
                return;
            }

            var comma = Advance();
            separators?.Add(comma);
        }
    }

    private FieldSyntax ParseField()
    {
        var name = ExpectName("a field's name, e.g. reason: text");
        var colon = Expect(TokenKind.Colon, $"':' and a type after '{name.Text}', e.g. {name.Text}: text");
        var type = ParseType();
        var optional = Current.Is("optional") ? Advance() : null;
        return new FieldSyntax(name, colon, type, optional);
    }

    private TypeSyntax ParseType()
    {
        var tokens = new List<Token>();
        var first = ExpectName("a type: text, yes/no, number, date, date-time, duration, officer, or a choice's name");
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
        if (Current.Kind == TokenKind.OpenBrace)
        {
            body = ParseBlock($"signal '{name.Text}'", t => IsOneOf(t, SignalKeywords), ParseSignalStatement, "'record field: type' or 'cite'", nested: true);
        }

        return new SignalSyntax(keyword, name, title, absence, role, body);
    }

    private StatementSyntax? ParseSignalStatement() => Current.Is("record") ? ParseRecord() : Current.Is("cite") ? ParseCite() : null;

    private SettingSyntax ParseSetting()
    {
        var keyword = Advance();
        var name = ExpectName("the setting's name, e.g. setting SupervisionInterval: duration = 14 days");
        var colon = Expect(TokenKind.Colon, "':' and the setting's type, e.g. : duration");
        var type = ParseType();
        var equals = Expect(TokenKind.Equals, "'=' and the default value, e.g. = 14 days");
        var value = ParseOperand("the default value, e.g. 14 days");
        var title = OptionalString();
        var cites = new List<CiteSyntax>();
        while (Current.Is("cite"))
        {
            cites.Add(ParseCite());
        }

        return new SettingSyntax(keyword, name, colon, type, equals, value, title, cites);
    }

    private ActionSyntax ParseAction()
    {
        var keyword = Advance();
        var name = ExpectName("the action's name, e.g. action AssessRisk by Supervisor from Reported to Assessed");
        var title = OptionalString();
        var by = ExpectKeyword("by", "'by' and the roles that may perform it, e.g. by Supervisor");
        var roles = by.IsMissing ? new NameListSyntax(Array.Empty<Token>(), Array.Empty<Token>()) : ParseNameList("a role's name");
        Token? fromOrIn = null, to = null, toState = null;
        NameListSyntax? states = null;
        if (Current.Is("from") || Current.Is("in"))
        {
            fromOrIn = Advance();
            states = ParseNameList("a state's name");
            if (fromOrIn.Is("from") && Current.Is("to"))
            {
                to = Advance();
                toState = ExpectName("the state the action leads to");
            }
        }
        else if (Current.Is("to"))
        {
            to = Advance();
            toState = ExpectName("the state the action leads to");
        }

        BlockSyntax? body = null;
        if (Current.Kind == TokenKind.OpenBrace)
        {
            body = ParseBlock($"action '{name.Text}'", t => IsOneOf(t, ActionKeywords), ParseActionStatement, "an action line such as 'record', 'require', 'assign', 'notify' or 'cite'", nested: true);
        }

        return new ActionSyntax(keyword, name, title, by, roles, fromOrIn, states, to, toState, body);
    }

    private NameListSyntax ParseNameList(string what)
    {
        var names = new List<Token> { ExpectName(what) };
        var separators = new List<Token>();
        while (Current.Kind == TokenKind.Comma && Peek(1).Kind == TokenKind.Identifier)
        {
            separators.Add(Advance());
            names.Add(Advance());
        }

        return new NameListSyntax(names, separators);
    }

    private StatementSyntax? ParseActionStatement()
    {
        var keyword = Current;
        switch (keyword.Text)
        {
            case "record":
                return ParseRecord();
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
                    if (Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    separators.Add(Advance());
                }

                return new AssignSyntax(keyword, assignments, separators);
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

    private RecordSyntax ParseRecord()
    {
        var keyword = Advance();
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

    // ---- Deadlines ----------------------------------------------------------------------------------------------

    private bool StartsDeadlineStatement(Token token) =>
        (IsOneOf(token, DeadlineKeywords) && (!token.Is("not") || Peek(1).Is("before") || PeekAfter(token).Is("before")))
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

    private StatementSyntax? ParseDeadlineStatement()
    {
        var keyword = Current;
        if (keyword.Kind == TokenKind.Identifier && Peek(1).Is("must"))
        {
            return ParseMust();
        }

        switch (keyword.Text)
        {
            case "starts":
            {
                Advance();
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
                else
                {
                    Error(Current, "'when', 'each' or 'on entering', e.g. starts when Assign");
                    mode.Add(Missing(TokenKind.Identifier));
                }

                return new StartsSyntax(keyword, mode, ExpectName("the action, signal or state that starts the deadline"));
            }

            case "every":
            {
                Advance();
                var interval = ParseDurationExpression();
                var whileKeyword = ExpectKeyword("while", "'while' and a state, e.g. every 14 days while Investigating");
                return new EverySyntax(keyword, interval, whileKeyword, ExpectName("the state in which the deadline recurs"));
            }

            case "within":
            case "not":
                return ParseTiming();
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
                else
                {
                    Error(Current, "'when' or 'on leaving', e.g. stops when Withdraw");
                    mode.Add(Missing(TokenKind.Identifier));
                }

                return new StopsSyntax(keyword, mode, ParseNameList("an action, signal or state"));
            }

            case "escalate":
            {
                Advance();
                var stages = new List<EscalationStageSyntax>();
                var separators = new List<Token>();
                while (true)
                {
                    var words = new List<Token>();
                    if (stages.Count > 0 && Current.Is("then"))
                    {
                        words.Add(Advance());
                    }

                    words.Add(ExpectKeyword("to", "'to' and a role, e.g. escalate to Supervisor"));
                    var role = ExpectName("the role alerted at this stage");
                    Token? after = null;
                    DurationSyntax? delay = null;
                    if (Current.Is("after"))
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

            case "cite":
                return ParseCite();
            default:
                return null;
        }
    }

    private MustSyntax ParseMust()
    {
        var role = Advance();
        var must = Advance();
        var action = ExpectName("the action that meets the deadline, e.g. SOIT must InformVictim within 1 working day");
        Token? where = null;
        ConditionSyntax? condition = null;
        if (Current.Is("where"))
        {
            where = Advance();
            condition = ParseCondition();
        }

        var timings = new List<TimingSyntax>();
        while (Current.Is("within") || (Current.Is("not") && Peek(1).Is("before")))
        {
            timings.Add(ParseTiming());
        }

        return new MustSyntax(role, must, action, where, condition, timings);
    }

    private TimingSyntax ParseTiming()
    {
        var keywords = new List<Token>();
        if (Current.Is("not"))
        {
            keywords.Add(Advance());
            keywords.Add(ExpectKeyword("before", "'before', e.g. not before 10 hours"));
        }
        else
        {
            keywords.Add(Advance());
        }

        return new TimingSyntax(keywords, ParseDurationExpression());
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
            if (Current.Kind == TokenKind.Identifier)
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
                Error(Current, "'days' after 'working'");
                unit.Add(Missing(TokenKind.Identifier));
            }
        }
        else if (IsUnit(Current))
        {
            unit.Add(Advance());
        }
        else
        {
            Error(Current, $"a unit after {amount.Text}: minutes, hours, days, working days, weeks or months");
            unit.Add(Missing(TokenKind.Identifier));
        }

        return new DurationSyntax(amount, unit);
    }

    internal static bool IsUnit(Token token) =>
        token.Is("minute") || token.Is("minutes") || token.Is("hour") || token.Is("hours") || token.Is("day") || token.Is("days")
        || token.Is("week") || token.Is("weeks") || token.Is("month") || token.Is("months");

    // ---- Rules --------------------------------------------------------------------------------------------------

    private StatementSyntax? ParseRuleStatement()
    {
        if (Current.Is("cite"))
        {
            return ParseCite();
        }

        if (!Current.Is("forbid"))
        {
            return null;
        }

        var keyword = Advance();
        var actions = ParseNameList("the action the rule forbids");
        Token mode;
        if (Current.Is("while") || Current.Is("when") || Current.Is("unless"))
        {
            mode = Advance();
        }
        else
        {
            Error(Current, "'while', 'when' or 'unless' and a condition, e.g. forbid Close while VictimUpdate is open");
            mode = Missing(TokenKind.Identifier);
        }

        var condition = ParseCondition();
        var message = Expect(TokenKind.String, "the message the user sees when the rule blocks them, in quotes");
        return new ForbidSyntax(keyword, actions, mode, condition, message);
    }

    // ---- Conditions ---------------------------------------------------------------------------------------------

    private ConditionSyntax ParseCondition()
    {
        var left = ParseAnd();
        while (Current.Is("or"))
        {
            var op = Advance();
            left = new BinaryConditionSyntax(left, op, ParseAnd());
        }

        return left;
    }

    private ConditionSyntax ParseAnd()
    {
        var left = ParseUnary();
        while (Current.Is("and"))
        {
            var op = Advance();
            left = new BinaryConditionSyntax(left, op, ParseUnary());
        }

        return left;
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

            return new OperandConditionSyntax(new NameOperandSyntax(new[] { skipped.Count > 0 ? skipped[0] : Missing(TokenKind.Identifier) }, Array.Empty<Token>()), null);
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
        var operand = ParseOperand("a condition, e.g. grade is Immediate, oic is available or VictimUpdate is open");
        if (Current.Is("is"))
        {
            var isKeyword = Advance();
            var not = Current.Is("not") ? Advance() : null;
            var target = ExpectName("an option's name, 'set', 'available' or 'open' after 'is'");
            return new IsConditionSyntax(operand, isKeyword, not, target);
        }

        if (Current.Kind is TokenKind.Equals or TokenKind.NotEquals or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual)
        {
            var op = Advance();
            return new CompareConditionSyntax(operand, op, ParseOperand("a value to compare with"));
        }

        if (operand is NameOperandSyntax { Parts.Count: 1 } name && Current.Is("since"))
        {
            var since = Advance();
            var entering = ExpectKeyword("entering", "'entering' and a state, e.g. ContactVictim since entering UnderReview");
            return new SinceConditionSyntax(name.Parts[0], since, entering, ExpectName("the state"));
        }

        var happened = Current.Is("happened") ? Advance() : null;
        return new OperandConditionSyntax(operand, happened);
    }

    private OperandSyntax ParseOperand(string expected)
    {
        switch (Current.Kind)
        {
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
                Error(Current, expected);
                return new NameOperandSyntax(new[] { Missing(TokenKind.Identifier) }, Array.Empty<Token>());
        }
    }
}
