using Policy.Language;
using Policy.Language.Lexing;
using Policy.Language.Syntax;

namespace Policy.LanguageServer.Navigation;

/// <summary>One place a name is written: the token, what it stands for, and whether this is where it is declared.</summary>
internal sealed record SymbolOccurrence(Token Token, PolicySymbol Symbol, bool IsDeclaration, SyntaxNode? Declaration);

/// <summary>
/// Every name written in a policy, resolved to what it stands for: the binder's declarations
/// (<see cref="Policy.Language.Semantics.BoundPolicy.Declarations"/>), the fields the case records, and the choices'
/// options. Built from the compiler's syntax tree; names that resolve to nothing (already reported as unknown by the
/// checker) are left out. The token at each position in a name's place is known, so what is left is a keyword.
/// </summary>
internal sealed class SymbolIndex
{
    private readonly List<SymbolOccurrence> _occurrences = new();
    private readonly HashSet<Token> _namePositions = new();
    private readonly Dictionary<string, DeclarationSyntax> _declarations;
    private readonly Dictionary<string, List<FieldSyntax>> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChoiceSyntax> _choices = new(StringComparer.Ordinal);

    private SymbolIndex(PolicyCompilation compilation)
    {
        var policy = compilation.Syntax.Policy;
        _declarations = compilation.Bound is { } bound
            ? new Dictionary<string, DeclarationSyntax>(bound.Declarations.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)
            : new Dictionary<string, DeclarationSyntax>(StringComparer.Ordinal);
        if (policy is null)
        {
            return;
        }

        foreach (var choice in _declarations.Values.OfType<ChoiceSyntax>())
        {
            _choices[choice.Name.Text] = choice;
        }

        foreach (var declaration in _declarations.Values)
        {
            var body = declaration switch
            {
                ActionSyntax a => a.Body,
                SignalSyntax s => s.Body,
                _ => null,
            };
            foreach (var record in body?.Statements.OfType<RecordSyntax>() ?? Enumerable.Empty<RecordSyntax>())
            {
                foreach (var field in record.Fields.Where(f => !f.Name.IsMissing))
                {
                    if (!_fields.TryGetValue(field.Name.Text, out var list))
                    {
                        _fields[field.Name.Text] = list = new List<FieldSyntax>();
                    }

                    list.Add(field);
                }
            }
        }

        Walk(policy);
    }

    public static SymbolIndex Build(PolicyCompilation compilation) => new(compilation);

    public IReadOnlyList<SymbolOccurrence> Occurrences => _occurrences;

    /// <summary>The policy's declarations by name, as the binder declared them.</summary>
    public IReadOnlyDictionary<string, DeclarationSyntax> Declarations => _declarations;

    /// <summary>Every field the case records, with each place it is recorded.</summary>
    public IReadOnlyDictionary<string, List<FieldSyntax>> Fields => _fields;

    public IReadOnlyDictionary<string, ChoiceSyntax> Choices => _choices;

    /// <summary>True for a token in a name's place (resolved or not); identifiers elsewhere are keywords or types.</summary>
    public bool IsNamePosition(Token token) => _namePositions.Contains(token);

    /// <summary>The name at a character offset (touching its start or end counts).</summary>
    public SymbolOccurrence? At(int offset) =>
        _occurrences.FirstOrDefault(o => o.Token.Span.Start <= offset && offset < o.Token.Span.End)
        ?? _occurrences.FirstOrDefault(o => o.Token.Span.End == offset);

    public IEnumerable<SymbolOccurrence> OccurrencesOf(PolicySymbol symbol) => _occurrences.Where(o => o.Symbol == symbol);

    public IEnumerable<SymbolOccurrence> DeclarationsOf(PolicySymbol symbol) => OccurrencesOf(symbol).Where(o => o.IsDeclaration);

    private void Walk(PolicyDeclarationSyntax policy)
    {
        Declare(policy.Name, new PolicySymbol(PolicySymbolKind.Policy, policy.Name.Text), policy);
        var pending = new Stack<SyntaxNode>();
        pending.Push(policy.Body);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            Visit(node);
            foreach (var child in node.Children.OfType<SyntaxNode>().Reverse())
            {
                pending.Push(child);
            }
        }

        _occurrences.Sort((a, b) => a.Token.Span.Start.CompareTo(b.Token.Span.Start));
    }

    private void Visit(SyntaxNode node)
    {
        switch (node)
        {
            case DeclarationSyntax declaration:
                VisitDeclaration(declaration);
                break;
            case CalendarSyntax calendar:
                Reference(calendar.Name);
                break;
            case ChoiceOptionSyntax:
            case FieldSyntax:
                break;
            case TypeSyntax type:
                foreach (var token in type.Tokens.Where(t => _choices.ContainsKey(t.Text)))
                {
                    Reference(token);
                }

                break;
            case NameListSyntax list:
                foreach (var name in list.Names)
                {
                    Reference(name);
                }

                break;
            case AssignmentSyntax assignment:
                Reference(assignment.Role);
                ReferenceField(assignment.Field);
                break;
            case NotifySyntax notify:
                Reference(notify.Role);
                break;
            case ReadSyntax read:
                // The roles are a name list, visited on their own; the purposes' choice and the flagged role are names too.
                if (read.Purposes is { } purposes)
                {
                    Reference(purposes);
                }

                if (read.FlaggedTo is { } flagged)
                {
                    Reference(flagged);
                }

                break;
            case CiteSyntax cite:
                Reference(cite.Source);
                break;
            case StartsSyntax starts:
                Reference(starts.Target);
                break;
            case EverySyntax every:
                Reference(every.State);
                break;
            case MustSyntax must:
                Reference(must.Role);
                Reference(must.Action);
                break;
            case DurationCaseSyntax durationCase when durationCase.Setting is { } setting:
                ReferenceAny(setting);
                break;
            case TimingSyntax { Anchor: { } anchor }:
                ReferenceAny(anchor);
                break;
            case EscalationStageSyntax stage:
                Reference(stage.Role);
                break;
            case ExcusedSyntax excused:
                Reference(excused.Action);
                break;
            case CountedOnSyntax counted:
                Reference(counted.Calendar);
                break;
            case NameOperandSyntax operand:
                VisitOperand(operand);
                break;
            case IsConditionSyntax isCondition:
                ReferenceTarget(isCondition);
                break;
            case SinceConditionSyntax since:
                Reference(since.Action);
                Reference(since.State);
                break;
            case WasConditionSyntax was:
                Reference(was.Deadline);
                break;
        }
    }

    private void VisitDeclaration(DeclarationSyntax declaration)
    {
        if (KindOf(declaration) is { } kind && _declarations.TryGetValue(declaration.Name.Text, out var declared) && ReferenceEquals(declared, declaration))
        {
            Declare(declaration.Name, new PolicySymbol(kind, declaration.Name.Text), declaration);
        }
        else
        {
            _namePositions.Add(declaration.Name);
        }

        switch (declaration)
        {
            case ChoiceSyntax choice:
                foreach (var option in choice.Options.Where(o => !o.Name.IsMissing))
                {
                    Declare(option.Name, new PolicySymbol(PolicySymbolKind.Option, option.Name.Text, choice.Name.Text), option);
                    foreach (var field in option.Fields.Where(f => !f.Name.IsMissing))
                    {
                        Declare(field.Name, new PolicySymbol(PolicySymbolKind.OptionField, field.Name.Text, choice.Name.Text), field);
                    }
                }

                break;
            case ActionSyntax action:
                if (action.ToState is { } to)
                {
                    Reference(to);
                }

                // 'when D is due': the deadline's name is the word that names a deadline.
                foreach (var word in action.WhenDue.Where(w => _declarations.TryGetValue(w.Text, out var d) && d is DeadlineSyntax))
                {
                    Reference(word);
                }

                DeclareFields(action.Body);
                break;
            case SignalSyntax signal:
                if (signal.AbsenceRole is { } role)
                {
                    Reference(role);
                }

                DeclareFields(signal.Body);
                break;
        }
    }

    private void DeclareFields(BlockSyntax? body)
    {
        foreach (var field in body?.Statements.OfType<RecordSyntax>().SelectMany(r => r.Fields) ?? Enumerable.Empty<FieldSyntax>())
        {
            if (!field.Name.IsMissing)
            {
                Declare(field.Name, new PolicySymbol(PolicySymbolKind.Field, field.Name.Text), field);
            }
        }
    }

    private void VisitOperand(NameOperandSyntax operand)
    {
        if (operand.Parts.Count == 0)
        {
            return;
        }

        var first = operand.Parts[0];
        if (ConditionWords.Contains(first.Text) && !_declarations.ContainsKey(first.Text) && !_fields.ContainsKey(first.Text))
        {
            // 'now', 'actor', 'yes', 'no' as values.
            return;
        }

        ReferenceAny(first);
        for (var i = 1; i < operand.Parts.Count; i++)
        {
            _namePositions.Add(operand.Parts[i]);
        }

        // marac.reason: a field of the option recorded in 'marac'.
        if (operand.Parts.Count > 1 && ChoiceOf(first.Text) is { } choice)
        {
            var part = operand.Parts[1];
            if (choice.Options.SelectMany(o => o.Fields).Any(f => f.Name.Text == part.Text))
            {
                Add(part, new PolicySymbol(PolicySymbolKind.OptionField, part.Text, choice.Name.Text), isDeclaration: false, null);
            }
        }
    }

    /// <summary><c>told is DnaMatch</c>: an option of the choice the operand holds, else a state or other declaration.</summary>
    private void ReferenceTarget(IsConditionSyntax condition)
    {
        var target = condition.Target;
        if (target.IsMissing)
        {
            return;
        }

        var choice = condition.Operand switch
        {
            NameOperandSyntax { Parts.Count: 1 } operand => ChoiceOf(operand.Parts[0].Text),
            NameOperandSyntax { Parts.Count: > 1 } operand => OptionFieldChoice(operand),
            _ => null,
        };
        choice ??= _choices.Values.FirstOrDefault(c => c.Options.Any(o => o.Name.Text == target.Text));
        if (choice is not null && choice.Options.Any(o => o.Name.Text == target.Text))
        {
            _namePositions.Add(target);
            Add(target, new PolicySymbol(PolicySymbolKind.Option, target.Text, choice.Name.Text), isDeclaration: false, null);
            return;
        }

        // 'is set', 'is available', 'is open', 'is involved', 'is yes': the binder reads these words as tests, not names.
        if (!ConditionWords.Contains(target.Text) || _declarations.ContainsKey(target.Text))
        {
            Reference(target);
        }
    }

    /// <summary>Words the binder reads as the test of an 'is' condition, or as a value, when no name is declared so.</summary>
    private static readonly HashSet<string> ConditionWords = new(StringComparer.Ordinal) { "set", "available", "open", "overdue", "involved", "yes", "no", "now", "actor" };

    private ChoiceSyntax? OptionFieldChoice(NameOperandSyntax operand)
    {
        var outer = ChoiceOf(operand.Parts[0].Text);
        var field = outer?.Options.SelectMany(o => o.Fields).FirstOrDefault(f => f.Name.Text == operand.Parts[1].Text);
        return field is null ? null : ChoiceNamed(field.Type);
    }

    /// <summary>The choice a field holds, when it holds one.</summary>
    private ChoiceSyntax? ChoiceOf(string fieldName) =>
        _fields.TryGetValue(fieldName, out var fields) ? fields.Select(f => ChoiceNamed(f.Type)).FirstOrDefault(c => c is not null) : null;

    private ChoiceSyntax? ChoiceNamed(TypeSyntax type) => _choices.TryGetValue(type.Text, out var choice) ? choice : null;

    private void Reference(Token token)
    {
        _namePositions.Add(token);
        if (!token.IsMissing && _declarations.TryGetValue(token.Text, out var declaration) && KindOf(declaration) is { } kind)
        {
            Add(token, new PolicySymbol(kind, token.Text), isDeclaration: false, null);
        }
    }

    private void ReferenceField(Token token)
    {
        _namePositions.Add(token);
        if (!token.IsMissing && _fields.ContainsKey(token.Text))
        {
            Add(token, new PolicySymbol(PolicySymbolKind.Field, token.Text), isDeclaration: false, null);
        }
    }

    /// <summary>A name that may be a declaration (a setting, a role) or a recorded field.</summary>
    private void ReferenceAny(Token token)
    {
        if (_declarations.ContainsKey(token.Text))
        {
            Reference(token);
        }
        else
        {
            ReferenceField(token);
        }
    }

    private void Declare(Token token, PolicySymbol symbol, SyntaxNode declaration)
    {
        _namePositions.Add(token);
        if (!token.IsMissing)
        {
            Add(token, symbol, isDeclaration: true, declaration);
        }
    }

    private void Add(Token token, PolicySymbol symbol, bool isDeclaration, SyntaxNode? declaration) =>
        _occurrences.Add(new SymbolOccurrence(token, symbol, isDeclaration, declaration));

    public static PolicySymbolKind? KindOf(DeclarationSyntax declaration) => declaration switch
    {
        SourceSyntax => PolicySymbolKind.Source,
        RoleSyntax => PolicySymbolKind.Role,
        StateSyntax => PolicySymbolKind.State,
        ChoiceSyntax => PolicySymbolKind.Choice,
        SignalSyntax => PolicySymbolKind.Signal,
        SettingSyntax => PolicySymbolKind.Setting,
        ActionSyntax => PolicySymbolKind.Action,
        DeadlineSyntax => PolicySymbolKind.Deadline,
        RuleSyntax => PolicySymbolKind.Rule,
        CalendarDeclarationSyntax => PolicySymbolKind.Calendar,
        _ => null,
    };

    /// <summary>True for a token the lexer reads as a name (used to tell keywords from punctuation).</summary>
    public static bool IsWord(Token token) => token.Kind == TokenKind.Identifier && !token.IsMissing;
}
