using System.Globalization;
using System.Text;

namespace Policy.Cli.Scenarios;

/// <summary>A problem in a scenario file, at a 1-based line and column.</summary>
internal sealed record ScenarioDiagnostic(string Id, ScenarioPosition Position, string Message);

/// <summary>
/// Parses <c>.scenario</c> files (see docs/scenarios.md). The format is line-oriented: one statement per line,
/// <c>#</c> comments. A bad line gives one diagnostic with its line and column, and the rest of the file is still read.
/// </summary>
internal sealed class ScenarioParser
{
    private readonly string _path;
    private readonly List<ScenarioDiagnostic> _diagnostics = new();
    private List<Token> _tokens = new();
    private int _index;
    private int _line;

    private ScenarioParser(string path) => _path = path;

    private enum Kind
    {
        Name,
        String,
        Number,
        Date,
        Time,
        Plus,
        Equals,
        Comma,
        Open,
        Close,
        Invalid,
        End,
    }

    private sealed record Token(Kind Kind, string Text, int Column);

    /// <summary>Parses a scenario; the result is null when the file has errors (all of them are in the list).</summary>
    public static (Scenario? Scenario, IReadOnlyList<ScenarioDiagnostic> Diagnostics) Parse(string path, string text)
    {
        var parser = new ScenarioParser(path);
        var scenario = parser.ParseFile(text);
        return (parser._diagnostics.Count == 0 ? scenario : null, parser._diagnostics);
    }

    private Scenario ParseFile(string text)
    {
        string? title = null, policy = null;
        DateTime? start = null;
        DateTimeOffset? startInstant = null;
        var headersSeen = new HashSet<string>(StringComparer.Ordinal);
        var officers = new List<OfficerDeclaration>();
        var settings = new List<SettingOverride>();
        var steps = new List<ScenarioStep>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            _line = i + 1;
            _tokens = Tokenize(lines[i]);
            _index = 0;
            if (Current.Kind == Kind.End)
            {
                continue;
            }

            try
            {
                var keyword = Current;
                if (keyword.Kind == Kind.Name)
                {
                    // A header line that is itself wrong is reported once, not again as missing.
                    headersSeen.Add(keyword.Text);
                }

                switch (keyword.Kind == Kind.Name ? keyword.Text : string.Empty)
                {
                    case "scenario":
                        Advance();
                        Header(ref title, ExpectString("the scenario's title in quotes"), keyword);
                        break;
                    case "policy":
                        Advance();
                        Header(ref policy, ExpectString("the policy file's path in quotes, relative to this file"), keyword);
                        break;
                    case "start":
                        Advance();
                        var startTime = ExpectDateTime();
                        var startOffset = OptionalOffset(startTime);
                        if (start is not null)
                        {
                            Report("SCN0005", keyword, "The scenario already has a 'start' line. Keep one.");
                        }
                        else
                        {
                            // With an offset, the start may be either pass through the hour the clocks go back.
                            start = startTime;
                            startInstant = startOffset?.ToUniversalTime();
                        }
                        break;
                    case "officer":
                        Advance();
                        officers.Add(ParseOfficer(keyword));
                        break;
                    case "setting":
                        Advance();
                        var name = ExpectName("the setting's name, e.g. setting SupervisionInterval = 7 days");
                        Expect(Kind.Equals, "'=' and the value");
                        settings.Add(new SettingOverride(name.Text, ParseValue(), Position(name)));
                        break;
                    case "at":
                        Advance();
                        steps.Add(ParseStep(keyword));
                        break;
                    case "expect":
                        Advance();
                        steps.Add(new ExpectStep(Position(keyword), ParseExpectation()));
                        break;
                    default:
                        Fail(keyword, "a line starting with 'scenario', 'policy', 'start', 'officer', 'setting', 'at' or 'expect'");
                        break;
                }

                if (Current.Kind != Kind.End)
                {
                    Fail(Current, "the end of the line");
                }
            }
            catch (LineError)
            {
                // Already reported; go on with the next line.
            }
        }

        _line = 1;
        var first = new Token(Kind.End, string.Empty, 1);
        if (title is null && !headersSeen.Contains("scenario"))
        {
            Report("SCN0002", first, "The scenario has no title. Add a first line such as: scenario \"The DNA match that was never passed on\"");
        }

        if (policy is null && !headersSeen.Contains("policy"))
        {
            Report("SCN0002", first, "The scenario does not say which policy it runs. Add: policy \"../policies/rasso-investigation.policy\"");
        }

        if (start is null && !headersSeen.Contains("start"))
        {
            Report("SCN0002", first, "The scenario has no start time. Add: start 2025-03-03 09:00 (London time)");
        }

        CheckOfficers(officers, steps);
        return new Scenario(_path, title ?? string.Empty, policy ?? string.Empty, start ?? default, officers, settings, steps)
        {
            StartInstant = startInstant ?? (start is { } local ? LondonTime.ToInstant(local) : default),
        };
    }

    private void CheckOfficers(List<OfficerDeclaration> officers, List<ScenarioStep> steps)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var officer in officers)
        {
            if (!names.Add(officer.Name))
            {
                _diagnostics.Add(new ScenarioDiagnostic("SCN0005", officer.Position, $"The officer '{officer.Name}' is declared twice. Keep one 'officer {officer.Name}' line."));
            }
        }

        foreach (var step in steps)
        {
            var officer = step switch
            {
                ActionStep a => a.Officer,
                AbsenceStep a => a.Officer,
                ReadStep r => r.Officer,
                CaseloadStep c => c.Officer,
                _ => null,
            };
            if (officer is not null && !names.Contains(officer))
            {
                _diagnostics.Add(new ScenarioDiagnostic("SCN0004", step.Position, $"No officer is declared as '{officer}'. Add a line such as: officer {officer} \"Name\" is OIC"));
            }
        }
    }

    // ---- Lines ------------------------------------------------------------------------------------------------

    private void Header(ref string? slot, Token value, Token keyword)
    {
        if (slot is not null)
        {
            Report("SCN0005", keyword, $"The scenario already has a '{keyword.Text}' line. Keep one.");
            return;
        }

        slot = value.Text;
    }

    private OfficerDeclaration ParseOfficer(Token keyword)
    {
        var name = ExpectName("the officer's short name, e.g. officer DC \"DC Jones\" is OIC");
        var display = Current.Kind == Kind.String ? Advance().Text : name.Text;
        ExpectWord("is", "'is' and the officer's roles, e.g. is OIC, Supervisor");
        var roles = new List<string> { ExpectName("a role").Text };
        while (Current.Kind == Kind.Comma)
        {
            Advance();
            roles.Add(ExpectName("a role").Text);
        }

        return new OfficerDeclaration(name.Text, display, roles, Position(keyword));
    }

    private ScenarioStep ParseStep(Token keyword)
    {
        var time = ParseTime();
        var position = Position(keyword);
        if (Current.Kind == Kind.End)
        {
            return new WaitStep(position, time);
        }

        if (IsWord("signal"))
        {
            Advance();
            var signal = ExpectName("the signal's name");
            return new SignalStep(position, time, signal.Text, ParseWith());
        }

        if (IsWord("migrate"))
        {
            Advance();
            ExpectWord("to", "'to' and the new version's file, e.g. at 2026-01-12 09:00 migrate to \"supervision.2026.policy\" using \"supervision-2026.migration\"");
            var target = ExpectString("the new version's .policy file in quotes, relative to this file");
            ExpectWord("using", "'using' and the migration plan's file in quotes");
            var plan = ExpectString("the migration plan's file in quotes, relative to this file (write one with 'policy migrate plan')");
            return new MigrateStep(position, time, target.Text, plan.Text);
        }

        var officer = ExpectName("an officer, then 'does' and an action, e.g. at +1h DC does RecordKeyUpdate with detail = \"DNA match\"");
        if (IsWord("is"))
        {
            Advance();
            ExpectWord("absent", "'absent', e.g. at day 4 09:00 DC is absent until day 60 00:00");
            ScenarioTime? until = null;
            if (IsWord("until"))
            {
                Advance();
                until = ParseTime();
            }

            return new AbsenceStep(position, time, officer.Text, until);
        }

        if (IsWord("has"))
        {
            Advance();
            ExpectWord("caseload", "'caseload' and a number, e.g. at +1h Ali has caseload 12");
            var amount = Expect(Kind.Number, "the officer's caseload, a number such as 12 or 14.5");
            if (amount.Text.Length > 12 || !decimal.TryParse(amount.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var caseload) || caseload > 1_000_000)
            {
                throw Fail(amount, "a caseload from 0 to 1000000");
            }

            return new CaseloadStep(position, time, officer.Text, caseload);
        }

        if (IsWord("reads"))
        {
            Advance();
            ExpectWord("for", "'for' and the purpose of the read, e.g. at +1h DC reads for \"LinkedInvestigation: a name in my case\"");
            var purpose = ExpectString("the purpose of the read, in quotes");
            return new ReadStep(position, time, officer.Text, purpose.Text);
        }

        string? asRole = null;
        if (IsWord("as"))
        {
            Advance();
            asRole = ExpectName("the role the officer acts in").Text;
        }

        ExpectWord("does", "'does' and the action, e.g. DC does RecordKeyUpdate");
        var action = ExpectName("the action's name");
        return new ActionStep(position, time, officer.Text, asRole, action.Text, ParseWith());
    }

    private IReadOnlyList<FieldAssignment> ParseWith()
    {
        if (!IsWord("with"))
        {
            return Array.Empty<FieldAssignment>();
        }

        Advance();
        return ParseAssignments(Kind.End);
    }

    private List<FieldAssignment> ParseAssignments(Kind terminator)
    {
        var fields = new List<FieldAssignment>();
        while (true)
        {
            var name = ExpectName("a field's name, then '=' and its value, e.g. detail = \"DNA match\"");
            Expect(Kind.Equals, $"'=' and a value for {name.Text}");
            fields.Add(new FieldAssignment(name.Text, ParseValue(), Position(name)));
            if (Current.Kind != Kind.Comma || Current.Kind == terminator)
            {
                return fields;
            }

            Advance();
        }
    }

    private ScenarioValue ParseValue()
    {
        var token = Current;
        switch (token.Kind)
        {
            case Kind.String:
                Advance();
                return new ScenarioValue(token.Text, ScenarioValueKind.Text);
            case Kind.Date:
                Advance();
                if (Current.Kind == Kind.Time)
                {
                    var time = Advance();
                    return new ScenarioValue(token.Text + "T" + time.Text, ScenarioValueKind.DateTime);
                }

                return new ScenarioValue(token.Text, ScenarioValueKind.Date);
            case Kind.Number:
                Advance();
                if (Current.Kind == Kind.Name && DurationUnit(Current.Text) is { } unit)
                {
                    var unitToken = Advance();
                    if (unitToken.Text == "working" )
                    {
                        ExpectName("'days' after 'working'");
                    }

                    return new ScenarioValue($"{token.Text} {unit}", ScenarioValueKind.Duration);
                }

                return new ScenarioValue(token.Text, ScenarioValueKind.Number);
            case Kind.Name:
                Advance();
                if (Current.Kind == Kind.Open)
                {
                    Advance();
                    var fields = ParseAssignments(Kind.Close);
                    Expect(Kind.Close, "')' after the option's fields");
                    return new ScenarioValue(token.Text, ScenarioValueKind.Name, fields);
                }

                return new ScenarioValue(token.Text, ScenarioValueKind.Name);
            default:
                Fail(token, "a value: \"text\", a number, a date, a duration such as 7 days, yes/no, or a name");
                return null!;
        }
    }

    private static string? DurationUnit(string word) => word switch
    {
        "minute" or "minutes" => word.EndsWith("s", StringComparison.Ordinal) ? "minutes" : "minute",
        "hour" or "hours" => word,
        "day" or "days" => word,
        "week" or "weeks" => word,
        "month" or "months" => word,
        "working" => "working days",
        _ => null,
    };

    private ScenarioTime ParseTime()
    {
        var token = Current;
        if (token.Kind == Kind.Plus)
        {
            Advance();
            var elapsed = TimeSpan.Zero;
            var days = 0;
            var text = new StringBuilder("+");
            do
            {
                var amount = Expect(Kind.Number, "an amount of time after '+', e.g. +2h, +30m or +3d");
                var unit = ExpectName("a unit: m, h, d or w (minutes, hours, days, weeks)");
                if (!int.TryParse(amount.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100_000)
                {
                    throw Fail(amount, "a whole number from 0 to 100000");
                }

                switch (unit.Text)
                {
                    case "m" or "min" or "minute" or "minutes":
                        elapsed += TimeSpan.FromMinutes(value);
                        break;
                    case "h" or "hour" or "hours":
                        elapsed += TimeSpan.FromHours(value);
                        break;
                    case "d" or "day" or "days":
                        days += value;
                        break;
                    case "w" or "week" or "weeks":
                        days += 7 * value;
                        break;
                    default:
                        throw Fail(unit, "a unit: m, h, d or w");
                }

                text.Append(amount.Text).Append(unit.Text);
            }
            while (Current.Kind == Kind.Number);

            return new RelativeTime(days, elapsed, text.ToString());
        }

        if (IsWord("day"))
        {
            Advance();
            var day = Expect(Kind.Number, "the day number (day 1 is the start date)");
            if (!int.TryParse(day.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 100_000)
            {
                throw Fail(day, "a day number from 1");
            }

            return new DayTime(number, ExpectTimeOfDay());
        }

        if (token.Kind == Kind.Date)
        {
            var local = ExpectDateTime();
            return OptionalOffset(local) is { } offset ? new OffsetTime(offset) : new AbsoluteTime(local);
        }

        throw Fail(token, "a time: day 3 14:00, +2h, or 2025-03-05 10:00");
    }

    private Expectation ParseExpectation()
    {
        var word = ExpectName("what is expected: state, accepted, refused, read or deadline");
        switch (word.Text)
        {
            case "read":
            {
                var outcome = ExpectName("'allowed', 'flagged to Role' or 'refused'");
                switch (outcome.Text)
                {
                    case "allowed":
                        return new ReadExpectation("allowed", null, null);
                    case "flagged":
                        ExpectWord("to", "'to' and the role told of the read, e.g. expect read flagged to ProfessionalStandards");
                        return new ReadExpectation("flagged", ExpectName("the role told of the read").Text, null);
                    case "refused":
                        string? saying = null;
                        if (IsWord("saying"))
                        {
                            Advance();
                            saying = ExpectString("the words the refusal's message contains, in quotes").Text;
                        }

                        return new ReadExpectation("refused", null, saying);
                    default:
                        throw Fail(outcome, "'allowed', 'flagged to Role' or 'refused'");
                }
            }

            case "state":
                ExpectWord("is", "'is' and a state");
                return new StateExpectation(ExpectName("the state's name").Text);
            case "accepted":
                return new AcceptedExpectation();
            case "refused":
            {
                string? kind = null, rule = null, message = null;
                if (IsWord("by"))
                {
                    Advance();
                    var what = ExpectName("'rule', 'role', 'assignment', 'qualification', 'state', 'requirement' or 'input'");
                    kind = what.Text;
                    if (kind is not ("rule" or "role" or "assignment" or "qualification" or "state" or "requirement" or "input"))
                    {
                        throw Fail(what, "'rule', 'role', 'assignment', 'qualification', 'state', 'requirement' or 'input'");
                    }

                    if (kind == "rule" && Current.Kind == Kind.Name && !IsWord("saying"))
                    {
                        rule = Advance().Text;
                    }
                }

                if (IsWord("saying"))
                {
                    Advance();
                    message = ExpectString("the words the refusal's message contains, in quotes").Text;
                }

                return new RefusedExpectation(kind, rule, message);
            }

            case "deadline":
            {
                var name = ExpectName("the deadline's name").Text;
                var verb = ExpectName("'is', 'met in time', 'due', 'breached' or 'escalated'");
                switch (verb.Text)
                {
                    case "met" when IsWord("in"):
                        Advance();
                        ExpectWord("time", "'time', e.g. expect deadline VictimUpdate met in time");
                        return new DeadlineStatusExpectation(name, "met in time");
                    case "is":
                        var negated = false;
                        if (IsWord("not"))
                        {
                            Advance();
                            negated = true;
                        }

                        var status = ExpectName("open, met, breached, cancelled, overdue or due soon");
                        var text = status.Text;
                        if (text == "due")
                        {
                            ExpectWord("soon", "'soon'");
                            text = "due soon";
                        }

                        if (text is not ("open" or "met" or "breached" or "cancelled" or "excused" or "paused" or "overdue" or "due soon" or "closed"))
                        {
                            throw Fail(status, "open, met, breached, cancelled, excused, paused, overdue or due soon");
                        }

                        return new DeadlineStatusExpectation(name, text, negated);
                    case "due":
                        ExpectWord("at", "'at' and a time");
                        return new DeadlineDueExpectation(name, ParseTime());
                    case "breached":
                        ExpectWord("at", "'at' and a time");
                        return new DeadlineBreachedExpectation(name, ParseTime());
                    case "escalated":
                        ExpectWord("to", "'to' and a role");
                        var role = ExpectName("the role alerted").Text;
                        ExpectWord("at", "'at' and a time");
                        return new DeadlineEscalatedExpectation(name, role, ParseTime());
                    default:
                        throw Fail(verb, "'is', 'is not', 'met in time', 'due at', 'breached at' or 'escalated to'");
                }
            }

            default:
                throw Fail(word, "state, accepted, refused or deadline");
        }
    }

    // ---- Tokens -------------------------------------------------------------------------------------------------

    private Token Current => _tokens[_index];

    private Token Advance() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private bool IsWord(string word) => Current.Kind == Kind.Name && Current.Text == word;

    private ScenarioPosition Position(Token token) => new(_line, token.Column);

    private sealed class LineError : Exception
    {
    }

    private void Report(string id, Token at, string message) => _diagnostics.Add(new ScenarioDiagnostic(id, Position(at), message));

    private LineError Fail(Token at, string expected)
    {
        var found = at.Kind switch
        {
            Kind.End => "the end of the line",
            Kind.String => $"\"{at.Text}\"",
            Kind.Invalid => $"the character '{at.Text}'",
            _ => $"'{at.Text}'",
        };
        Report("SCN0001", at, $"Expected {expected}, but found {found}.");
        throw new LineError();
    }

    private Token Expect(Kind kind, string expected) => Current.Kind == kind ? Advance() : throw Fail(Current, expected);

    private Token ExpectName(string expected) => Expect(Kind.Name, expected);

    private Token ExpectString(string expected) => Expect(Kind.String, expected);

    private void ExpectWord(string word, string expected)
    {
        if (!IsWord(word))
        {
            throw Fail(Current, expected);
        }

        Advance();
    }

    private TimeSpan ExpectTimeOfDay()
    {
        var time = Expect(Kind.Time, "a time of day such as 14:00");
        if (!TimeSpan.TryParseExact(time.Text, "hh\\:mm", CultureInfo.InvariantCulture, out var value))
        {
            Report("SCN0003", time, $"'{time.Text}' is not a time of day. Write hours and minutes from 00:00 to 23:59.");
            throw new LineError();
        }

        return value;
    }

    /// <summary>
    /// <c>+01:00</c> or <c>Z</c> after a date and time: the offset from UTC it is read with, which must be London's at that
    /// moment (+00:00 in GMT, +01:00 in BST).
    /// </summary>
    private DateTimeOffset? OptionalOffset(DateTime local)
    {
        TimeSpan offset;
        Token at;
        if (Current.Kind == Kind.Plus && _tokens[_index + 1].Kind == Kind.Time)
        {
            at = Advance();
            var time = Advance();
            if (!TimeSpan.TryParseExact(time.Text, "hh\\:mm", CultureInfo.InvariantCulture, out offset))
            {
                Report("SCN0003", time, $"'+{time.Text}' is not an offset from UTC. Write +00:00 (GMT) or +01:00 (BST).");
                throw new LineError();
            }
        }
        else if (IsWord("Z"))
        {
            at = Advance();
            offset = TimeSpan.Zero;
        }
        else
        {
            return null;
        }

        var instant = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        if (LondonTime.Zone.GetUtcOffset(instant) != offset)
        {
            var actual = LondonTime.Zone.GetUtcOffset(instant);
            Report("SCN0003", at, $"{local:yyyy-MM-dd HH:mm} with offset {Sign(offset)} is not a London time: London is {Sign(actual)} then. Write +00:00 for GMT or +01:00 for BST, whichever London used at that moment.");
            throw new LineError();
        }

        return instant;
    }

    private static string Sign(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture);

    private DateTime ExpectDateTime()
    {
        var date = Expect(Kind.Date, "a date and time such as 2025-03-03 09:00");
        if (!DateTime.TryParseExact(date.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Report("SCN0003", date, $"'{date.Text}' is not a real date. Write year-month-day, e.g. 2025-03-03.");
            throw new LineError();
        }

        return day + ExpectTimeOfDay();
    }

    private List<Token> Tokenize(string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '#')
            {
                break;
            }

            if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                    }

                    value.Append(line[i++]);
                }

                if (i >= line.Length)
                {
                    _diagnostics.Add(new ScenarioDiagnostic("SCN0001", new ScenarioPosition(_line, start + 1), "This text has no closing quote. End it with \" on the same line."));
                    tokens.Clear();
                    tokens.Add(new Token(Kind.End, string.Empty, start + 1));
                    return tokens;
                }

                i++;
                tokens.Add(new Token(Kind.String, value.ToString(), start + 1));
                continue;
            }

            if (char.IsDigit(c))
            {
                while (i < line.Length && (char.IsDigit(line[i]) || line[i] == '-' || line[i] == ':' || line[i] == '.'))
                {
                    i++;
                }

                var text = line.Substring(start, i - start);
                var kind = text.Contains('-') ? Kind.Date : text.Contains(':') ? Kind.Time : Kind.Number;
                tokens.Add(new Token(kind, text, start + 1));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_' || line[i] == '-' || line[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Name, line.Substring(start, i - start), start + 1));
                continue;
            }

            var single = c switch
            {
                '+' => Kind.Plus,
                '=' => Kind.Equals,
                ',' => Kind.Comma,
                '(' => Kind.Open,
                ')' => Kind.Close,
                _ => Kind.Invalid,
            };
            tokens.Add(new Token(single, c.ToString(), start + 1));
            i++;
        }

        tokens.Add(new Token(Kind.End, string.Empty, line.Length + 1));
        return tokens;
    }
}
