using System.Text;
using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Parsing;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Formatting;

/// <summary>The outcome of formatting: the canonical text, or the first syntax error that stopped it.</summary>
public sealed class FormatResult
{
    private FormatResult(string? text, Diagnostic? error)
    {
        Text = text;
        Error = error;
    }

    /// <summary>The formatted text; null when the file has syntax errors.</summary>
    public string? Text { get; }

    /// <summary>The first syntax error, when there is one: a file the parser could not read is left as it is.</summary>
    public Diagnostic? Error { get; }

    internal static FormatResult Formatted(string text) => new(text, null);

    internal static FormatResult Refused(Diagnostic error) => new(null, error);
}

/// <summary>
/// Lays a policy out in the one canonical form: two spaces per level of braces, one statement per line, the
/// author's own line breaks inside a statement kept (continuation lines two spaces deeper), one space between
/// words, runs of one-line <c>source</c>, <c>role</c> and <c>state</c> declarations (and the <c>version</c> and
/// <c>effective</c> header) aligned in columns, the cases of a multi-line duration aligned under the first, and
/// every comment kept on the line where it was. It changes only white space, so the policy means the same; and
/// formatting formatted text changes nothing.
/// </summary>
public static class PolicyFormatter
{
    private const int IndentWidth = 2;

    /// <summary>Formats policy text. Never throws; a file with syntax errors is refused, not rewritten.</summary>
    public static FormatResult Format(string text)
    {
        text ??= string.Empty;
        var diagnostics = new DiagnosticBag();
        var tree = new Parser(text, diagnostics).ParseFile();
        var firstError = diagnostics.ToSortedList().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (firstError is not null)
        {
            return FormatResult.Refused(firstError);
        }

        return FormatResult.Formatted(new Layout(text, tree).Write());
    }

    /// <summary>The layout of one syntax tree: which tokens start lines, how deep each line is, and what aligns.</summary>
    private sealed class Layout
    {
        private readonly string _text;
        private readonly string _newLine;
        private readonly List<Token> _tokens = new();
        private readonly HashSet<Token> _statementStarts = new();
        private readonly HashSet<Token> _blockOpens = new();
        private readonly HashSet<Token> _blockCloses = new();
        private readonly HashSet<Token> _attachedOpens = new();
        private readonly Dictionary<Token, Token> _continuationOf = new();
        private readonly Dictionary<Token, int> _padBefore = new();
        private readonly List<(StatementSyntax Statement, Token Pad, int Width)> _columnCandidates = new();
        private readonly List<DurationExpressionSyntax> _durations = new();

        public Layout(string text, PolicyFileSyntax tree)
        {
            _text = text;
            _newLine = text.Contains("\r\n") ? "\r\n" : "\n";
            Collect(tree);
            _tokens.Add(tree.EndOfFile);
        }

        private void Collect(PolicyFileSyntax tree)
        {
            foreach (var member in tree.Members)
            {
                if (FirstToken(member) is { } first)
                {
                    _statementStarts.Add(first);
                }
            }

            var pending = new Stack<object>();
            pending.Push(tree);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case Token { IsMissing: false, Kind: not TokenKind.EndOfFile } token:
                        _tokens.Add(token);
                        break;
                    case SyntaxNode node:
                        Note(node);
                        foreach (var child in node.Children.Reverse())
                        {
                            pending.Push(child);
                        }

                        break;
                }
            }
        }

        private void Note(SyntaxNode node)
        {
            switch (node)
            {
                case BlockSyntax block:
                    _blockOpens.Add(block.Open);
                    _blockCloses.Add(block.Close);
                    foreach (var statement in block.Statements)
                    {
                        if (FirstToken(statement) is { } first)
                        {
                            _statementStarts.Add(first);
                        }
                    }

                    NoteColumns(block.Statements);
                    break;
                case ChoiceOptionSyntax { Open: { } open }:
                    _attachedOpens.Add(open);
                    break;
                case DurationExpressionSyntax duration when duration.Cases.Count > 1:
                    _durations.Add(duration);
                    break;
            }
        }

        /// <summary>Which one-line declarations of a block can line up: the token after the name (or header keyword) is padded.</summary>
        private void NoteColumns(IReadOnlyList<StatementSyntax> statements)
        {
            foreach (var statement in statements)
            {
                var (pad, width) = statement switch
                {
                    SourceSyntax or RoleSyntax or StateSyntax => (NextAfter((DeclarationSyntax)statement), ((DeclarationSyntax)statement).Name.Text.Length),
                    VersionSyntax v => (v.Value, v.Keyword.Text.Length),
                    EffectiveSyntax e => (e.Date, e.Keyword.Text.Length),
                    _ => ((Token?)null, 0),
                };
                if (pad is not null && !pad.IsMissing)
                {
                    _columnCandidates.Add((statement, pad, width));
                }
            }
        }

        private Token? NextAfter(DeclarationSyntax declaration)
        {
            var seenName = false;
            foreach (var token in Tokens(declaration))
            {
                if (seenName)
                {
                    return token;
                }

                seenName = ReferenceEquals(token, declaration.Name);
            }

            return null;
        }

        public string Write()
        {
            var lines = Lines();
            AlignColumns(lines);
            AlignDurations(lines);
            var output = new StringBuilder(_text.Length + 64);
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                output.Append('\uFEFF');
            }

            foreach (var line in lines)
            {
                if (line.Blank)
                {
                    output.Append(_newLine);
                    continue;
                }

                output.Append(' ', line.Indent);
                for (var i = 0; i < line.Items.Count; i++)
                {
                    var item = line.Items[i];
                    if (i > 0)
                    {
                        output.Append(' ', item.Token is { } t && _padBefore.TryGetValue(t, out var pad) ? pad : item.Space);
                    }

                    output.Append(item.Text);
                }

                output.Append(_newLine);
            }

            return output.ToString();
        }

        /// <summary>Breaks the token stream (and the comments between tokens) into lines with their depth.</summary>
        private List<Line> Lines()
        {
            var lines = new List<Line>();
            Line? current = null;
            var depth = 0;
            var statementDepth = 0;
            var previousEnd = 0;
            Token? previous = null;
            foreach (var token in _tokens)
            {
                var gap = Gap(previousEnd, token.Span.Start);
                var isEnd = token.Kind == TokenKind.EndOfFile;

                var forced = previous is not null && (_statementStarts.Contains(token) || _blockCloses.Contains(token) || _blockOpens.Contains(previous));
                var breaks = previous is null || forced || gap.LineBreaks > 0;

                // Comments in the gap: one on the previous token's line stays at its end; the rest get lines of their own.
                var blankBefore = Math.Min(1, gap.BlankLinesBeforeFirstComment);
                foreach (var comment in gap.Comments)
                {
                    if (comment.Trailing && current is not null)
                    {
                        current.Items.Add(new Item(comment.Text, null, Math.Max(1, comment.SpaceBefore)));
                        blankBefore = Math.Min(1, comment.BlankLinesAfter);
                        continue;
                    }

                    if (blankBefore > 0 && lines.Count > 0 && !lines[lines.Count - 1].Blank && !AfterOpen(previous))
                    {
                        lines.Add(Line.BlankLine);
                    }

                    current = new Line(IndentFor(token, depth, statementDepth, isComment: true));
                    current.Items.Add(new Item(comment.Text, null, 0));
                    lines.Add(current);
                    blankBefore = Math.Min(1, comment.BlankLinesAfter);
                }

                if (isEnd)
                {
                    break;
                }

                if (token.Kind == TokenKind.CloseBrace)
                {
                    depth = Math.Max(0, depth - 1);
                }

                if (breaks || current is null)
                {
                    var keepBlank = blankBefore > 0 && lines.Count > 0 && !lines[lines.Count - 1].Blank && _statementStarts.Contains(token)
                        && !(gap.Comments.Count == 0 && AfterOpen(previous));
                    if (keepBlank)
                    {
                        lines.Add(Line.BlankLine);
                    }

                    if (_statementStarts.Contains(token))
                    {
                        statementDepth = depth;
                    }

                    current = new Line(IndentFor(token, depth, statementDepth, isComment: false));
                    current.Items.Add(new Item(SourceOf(token), token, 0));
                    lines.Add(current);
                }
                else
                {
                    current.Items.Add(new Item(SourceOf(token), token, Space(previous!, token)));
                }

                if (token.Kind == TokenKind.OpenBrace)
                {
                    depth++;
                }

                previous = token;
                previousEnd = token.Span.End;
            }

            return lines;
        }

        private bool AfterOpen(Token? previous) => previous is not null && previous.Kind == TokenKind.OpenBrace;

        private int IndentFor(Token token, int depth, int statementDepth, bool isComment)
        {
            if (isComment || _statementStarts.Contains(token) || token.Kind == TokenKind.CloseBrace)
            {
                return depth * IndentWidth;
            }

            // A continuation line: deeper than its statement, or at its braces' depth inside a choice's options.
            return Math.Max(depth, statementDepth + 1) * IndentWidth;
        }

        private string SourceOf(Token token) => _text.Substring(token.Span.Start, token.Span.Length);

        /// <summary>The spaces between two tokens on one line.</summary>
        private int Space(Token previous, Token token)
        {
            if (token.Kind is TokenKind.Comma or TokenKind.Colon or TokenKind.CloseParen or TokenKind.Dot || _attachedOpens.Contains(token))
            {
                return 0;
            }

            if (previous.Kind is TokenKind.OpenParen or TokenKind.Dot)
            {
                return 0;
            }

            // yes/no is written without spaces.
            if (token.Kind == TokenKind.Slash || previous.Kind == TokenKind.Slash)
            {
                return 0;
            }

            return 1;
        }

        /// <summary>Pads the runs of one-line declarations of the same kind that stand on consecutive lines.</summary>
        private void AlignColumns(List<Line> lines)
        {
            var lineOf = LineIndex(lines);
            var run = new List<(Token Pad, int Width)>();
            Type? runKind = null;
            var runLine = -2;
            foreach (var (statement, pad, width) in _columnCandidates)
            {
                var first = FirstToken(statement)!;
                var index = lineOf[first];
                var oneLine = lineOf[LastToken(statement)!] == index;
                var kind = statement is VersionSyntax or EffectiveSyntax ? typeof(VersionSyntax) : statement.GetType();
                if (!oneLine || kind != runKind || index != runLine + 1 || lines[index].Items[0].Token != first)
                {
                    Flush(run);
                    runKind = oneLine ? kind : null;
                }

                if (oneLine)
                {
                    run.Add((pad, width));
                }

                runLine = index;
            }

            Flush(run);

            void Flush(List<(Token Pad, int Width)> items)
            {
                if (items.Count > 1)
                {
                    var widest = items.Max(i => i.Width);
                    foreach (var (pad, width) in items)
                    {
                        _padBefore[pad] = widest - width + 1;
                    }
                }

                items.Clear();
            }
        }

        /// <summary>The cases of a duration written over several lines line up under the first, and so do their 'when's.</summary>
        private void AlignDurations(List<Line> lines)
        {
            var lineOf = LineIndex(lines);
            foreach (var duration in _durations)
            {
                var firsts = duration.Cases.Select(FirstToken).ToList();
                if (firsts.Any(f => f is null))
                {
                    continue;
                }

                var caseLines = firsts.Select(f => lineOf[f!]).ToList();
                if (caseLines.Distinct().Count() != caseLines.Count)
                {
                    // Cases share a line: the layout is the author's, written on one line.
                    continue;
                }

                var firstLine = lines[caseLines[0]];
                var column = ColumnOf(firstLine, firsts[0]!);
                for (var i = 1; i < caseLines.Count; i++)
                {
                    var line = lines[caseLines[i]];
                    if (line.Items[0].Token == firsts[i])
                    {
                        line.Indent = column;
                    }
                }

                var whens = duration.Cases.Select(c => c.When).ToList();
                if (whens.All(w => w is not null && !w.IsMissing))
                {
                    var widths = duration.Cases.Select((c, i) => WidthBefore(lines[caseLines[i]], firsts[i]!, c.When!)).ToList();
                    if (widths.All(w => w >= 0))
                    {
                        var widest = widths.Max();
                        for (var i = 0; i < whens.Count; i++)
                        {
                            _padBefore[whens[i]!] = widest - widths[i] + 1;
                        }
                    }
                }
            }
        }

        private int ColumnOf(Line line, Token token)
        {
            var column = line.Indent;
            for (var i = 0; i < line.Items.Count; i++)
            {
                var item = line.Items[i];
                if (i > 0)
                {
                    column += item.Token is { } t && _padBefore.TryGetValue(t, out var pad) ? pad : item.Space;
                }

                if (item.Token == token)
                {
                    return column;
                }

                column += item.Text.Length;
            }

            return column;
        }

        /// <summary>The width from <paramref name="start"/> to just before <paramref name="end"/> on one line, or -1.</summary>
        private static int WidthBefore(Line line, Token start, Token end)
        {
            var width = 0;
            var started = false;
            for (var i = 0; i < line.Items.Count; i++)
            {
                var item = line.Items[i];
                if (item.Token == end)
                {
                    return started ? width : -1;
                }

                if (item.Token == start)
                {
                    started = true;
                }
                else if (started)
                {
                    width += item.Space;
                }

                if (started)
                {
                    width += item.Text.Length;
                }
            }

            return -1;
        }

        private static Dictionary<Token, int> LineIndex(List<Line> lines)
        {
            var index = new Dictionary<Token, int>();
            for (var i = 0; i < lines.Count; i++)
            {
                foreach (var item in lines[i].Items)
                {
                    if (item.Token is { } token)
                    {
                        index[token] = i;
                    }
                }
            }

            return index;
        }

        /// <summary>What lies between two tokens: only white space and comments can.</summary>
        private Gap Gap(int start, int end)
        {
            var gap = new Gap();
            var lineBreaksSinceLast = 0;
            var spaces = 0;
            var i = start;
            while (i < end)
            {
                var c = _text[i];
                if (c == '#' || (c == '/' && i + 1 < end && _text[i + 1] == '/'))
                {
                    var commentStart = i;
                    while (i < end && _text[i] != '\n' && _text[i] != '\r')
                    {
                        i++;
                    }

                    var trailing = start > 0 && gap.LineBreaks == 0;
                    if (gap.Comments.Count > 0)
                    {
                        gap.Comments[gap.Comments.Count - 1].BlankLinesAfter = Math.Max(0, lineBreaksSinceLast - 1);
                    }
                    else
                    {
                        gap.BlankLinesBeforeFirstComment = Math.Max(0, lineBreaksSinceLast - 1);
                    }

                    gap.Comments.Add(new Comment(_text.Substring(commentStart, i - commentStart).TrimEnd(), trailing, spaces));
                    lineBreaksSinceLast = 0;
                    spaces = 0;
                    continue;
                }

                if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && i + 1 < end && _text[i + 1] == '\n')
                    {
                        i++;
                    }

                    gap.LineBreaks++;
                    lineBreaksSinceLast++;
                    spaces = 0;
                }
                else
                {
                    spaces++;
                }

                i++;
            }

            var blankAtEnd = Math.Max(0, lineBreaksSinceLast - 1);
            if (gap.Comments.Count > 0)
            {
                gap.Comments[gap.Comments.Count - 1].BlankLinesAfter = blankAtEnd;
            }
            else
            {
                gap.BlankLinesBeforeFirstComment = blankAtEnd;
            }

            return gap;
        }

        private static IEnumerable<Token> Tokens(SyntaxNode node)
        {
            foreach (var child in node.Children)
            {
                switch (child)
                {
                    case Token { IsMissing: false } token:
                        yield return token;
                        break;
                    case SyntaxNode inner:
                        foreach (var token in Tokens(inner))
                        {
                            yield return token;
                        }

                        break;
                }
            }
        }

        private static Token? FirstToken(SyntaxNode node) => Tokens(node).FirstOrDefault();

        private static Token? LastToken(SyntaxNode node) => Tokens(node).LastOrDefault();
    }

    private sealed class Gap
    {
        public int LineBreaks { get; set; }
        public int BlankLinesBeforeFirstComment { get; set; }
        public List<Comment> Comments { get; } = new();
    }

    private sealed class Comment
    {
        public Comment(string text, bool trailing, int spaceBefore)
        {
            Text = text;
            Trailing = trailing;
            SpaceBefore = spaceBefore;
        }

        public string Text { get; }
        public bool Trailing { get; }
        public int SpaceBefore { get; }
        public int BlankLinesAfter { get; set; }
    }

    private sealed class Line
    {
        public Line(int indent) => Indent = indent;

        public static Line BlankLine => new(0) { Blank = true };

        public int Indent { get; set; }
        public bool Blank { get; private init; }
        public List<Item> Items { get; } = new();
    }

    private sealed record Item(string Text, Token? Token, int Space);
}
