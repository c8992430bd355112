using Policy.Language.Diagnostics;
using Policy.Language.Lexing;
using Policy.Language.Semantics;
using Policy.Language.Syntax;

namespace Policy.Language.Naming;

/// <summary>
/// Refuses, at the name that causes it, every policy whose generated C# would not compile or would hide a member:
/// each C# scope the generator writes (the workflow class, its nested classes, each enum, each option's record, each
/// method's parameters) is filled with the names <see cref="GeneratedNames"/> gives, and a name that is already taken
/// there, by the generated code itself (POL0013) or by another declaration or field (POL0016), is an error.
/// </summary>
internal sealed class GeneratedNameCheck
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Func<Token, int> _lineOf;
    private readonly HashSet<Token> _reported = new();

    private GeneratedNameCheck(DiagnosticBag diagnostics, Func<Token, int> lineOf)
    {
        _diagnostics = diagnostics;
        _lineOf = lineOf;
    }

    public static void Run(
        PolicyDeclarationSyntax policy,
        IReadOnlyDictionary<string, DeclarationSyntax> declarations,
        IReadOnlyDictionary<string, ActionRecord> records,
        Func<DeclarationSyntax, string> kindOf,
        Func<Token, int> lineOf,
        DiagnosticBag diagnostics)
    {
        if (policy.Name.IsMissing)
        {
            return;
        }

        new GeneratedNameCheck(diagnostics, lineOf).Check(policy, declarations.Values.OrderBy(d => d.Name.Span.Start).ToArray(), records, kindOf);
    }

    private void Check(PolicyDeclarationSyntax policy, IReadOnlyList<DeclarationSyntax> declarations, IReadOnlyDictionary<string, ActionRecord> records, Func<DeclarationSyntax, string> kindOf)
    {
        var policyName = policy.Name.Text;
        // The class's name also qualifies types inside it, where an inherited member or a discard of that name would win.
        if (GeneratedNames.WorkflowNestedClasses.Contains(policyName) || GeneratedNames.WorkflowStaticMembers.Contains(policyName)
            || GeneratedNames.WorkflowBaseMembers.Contains(policyName) || GeneratedNames.RecordMembers.Contains(policyName) || policyName == "_"
            || policyName.StartsWith("__", StringComparison.Ordinal))
        {
            Reserved(policy.Name, "policy");
        }

        var workflow = new Scope(GeneratedNames.WorkflowBaseMembers
            .Concat(GeneratedNames.ObjectMembers)
            .Concat(GeneratedNames.WorkflowStaticMembers)
            .Concat(GeneratedNames.WorkflowNestedClasses)
            .Concat(new[] { policyName, GeneratedNames.StateEnum(policyName) }));
        var roles = ConstantsScope("Roles");
        var deadlines = ConstantsScope("Deadlines");
        var settingDefaults = ConstantsScope("SettingDefaults");
        // The calendars' initialisers name the workflow class, so a calendar of its name would hide it.
        var calendars = new Scope(GeneratedNames.ObjectMembers.Concat(new[] { "Calendars", policyName }));
        var states = new Scope(new[] { GeneratedNames.EnumValueField });
        var helpers = declarations.OfType<ChoiceSyntax>().Select(c => GeneratedNames.OptionNamesClass(c.Name.Text)).ToArray();
        var calledByMethods = GeneratedNames.NamesCalledByGeneratedMethods.Concat(helpers).ToArray();

        foreach (var declaration in declarations)
        {
            var token = declaration.Name;
            var kind = kindOf(declaration);
            switch (declaration)
            {
                case ActionSyntax:
                    Claim(workflow, token.Text, token, kind);
                    Claim(workflow, GeneratedNames.CanMethod(token.Text), token, kind);
                    Parameters(records, token.Text, calledByMethods.Append(GeneratedNames.ActorParameter));
                    break;
                case SignalSyntax:
                    Claim(workflow, GeneratedNames.RaiseMethod(token.Text), token, kind);
                    Parameters(records, token.Text, calledByMethods);
                    break;
                case SettingSyntax:
                    Claim(workflow, token.Text, token, kind);
                    Claim(workflow, GeneratedNames.OverrideMethod(token.Text), token, kind);
                    Claim(settingDefaults, token.Text, token, kind);
                    break;
                case ChoiceSyntax choice:
                    // A choice with data is a record: what a record declares or inherits cannot be its own name (CS0542).
                    if (choice.Options.Any(o => o.Fields.Count > 0) && GeneratedNames.RecordMembers.Contains(token.Text))
                    {
                        Reserved(token, kind);
                        break;
                    }

                    Claim(workflow, token.Text, token, kind);
                    Claim(workflow, GeneratedNames.OptionNamesClass(token.Text), token, kind);
                    Options(choice, policyName);
                    break;
                case RoleSyntax:
                    Claim(workflow, GeneratedNames.ActsAsAttribute(token.Text), token, kind);
                    Claim(roles, token.Text, token, kind);
                    break;
                case DeadlineSyntax:
                    Claim(deadlines, token.Text, token, kind);
                    break;
                case StateSyntax:
                    Claim(states, token.Text, token, kind);
                    break;
                case CalendarDeclarationSyntax:
                    Claim(calendars, token.Text, token, kind);
                    break;
            }
        }

        CaseRecord(records, policyName);
    }

    /// <summary>
    /// Every field the case records (of every action and signal, once by name) is a property of the workflow's
    /// <c>CaseRecord</c> (named by <see cref="GeneratedNames.CaseRecordProperties"/>, so that two fields never share
    /// one), which names choices through the workflow class: a property cannot take a name the struct already uses.
    /// </summary>
    private void CaseRecord(IReadOnlyDictionary<string, ActionRecord> records, string policyName)
    {
        var properties = new Scope(GeneratedNames.CaseRecordReserved(policyName));
        var fields = records.Values
            .SelectMany(r => r.Fields.Where(f => r.Syntax.ContainsKey(f.Name)).Select(f => r.Syntax[f.Name]))
            .Where(f => !f.Name.IsMissing)
            .OrderBy(f => f.Name.Span.Start)
            .ToList();
        var names = GeneratedNames.CaseRecordProperties(fields.Select(f => f.Name.Text), policyName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (seen.Add(field.Name.Text))
            {
                Claim(properties, names[field.Name.Text], field.Name, "field");
            }
        }
    }

    /// <summary>A nested class of constants: it inherits <see cref="object"/>'s members and cannot hold its own name.</summary>
    private static Scope ConstantsScope(string className) => new(GeneratedNames.ObjectMembers.Append(className));

    /// <summary>An action's or signal's fields become its method's parameters.</summary>
    private void Parameters(IReadOnlyDictionary<string, ActionRecord> records, string owner, IEnumerable<string> reserved)
    {
        if (!records.TryGetValue(owner, out var record))
        {
            return;
        }

        var parameters = new Scope(reserved);
        foreach (var field in record.Fields)
        {
            if (record.Syntax.TryGetValue(field.Name, out var syntax))
            {
                Claim(parameters, GeneratedNames.ParameterName(field.Name), syntax.Name, "field");
            }
        }
    }

    /// <summary>
    /// A choice whose options carry no data is an enum; one whose options do is a record with a nested record per
    /// option, each of whose fields is a property. The policy's class name qualifies the types inside them, so it is
    /// taken there too.
    /// </summary>
    private void Options(ChoiceSyntax choice, string policyName)
    {
        var hasData = choice.Options.Any(o => o.Fields.Count > 0);
        var options = hasData
            ? new Scope(GeneratedNames.RecordMembers.Concat(new[] { choice.Name.Text, policyName }))
            : new Scope(new[] { GeneratedNames.EnumValueField });
        var seenOptions = new HashSet<string>(StringComparer.Ordinal);

        // Every option is a nested type of the choice's record, which each option's record inherits: a property of an
        // option's name would hide it (CS8866).
        var propertyReserved = GeneratedNames.RecordMembers
            .Concat(choice.Options.Where(o => !o.Name.IsMissing).Select(o => o.Name.Text))
            .Append(policyName)
            .ToArray();
        foreach (var option in choice.Options)
        {
            if (option.Name.IsMissing || option.Name.Kind != TokenKind.Identifier || !seenOptions.Add(option.Name.Text))
            {
                continue;
            }

            Claim(options, option.Name.Text, option.Name, "option");
            if (!hasData)
            {
                continue;
            }

            var properties = new Scope(propertyReserved);
            var seenFields = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in option.Fields)
            {
                if (!field.Name.IsMissing && seenFields.Add(field.Name.Text))
                {
                    Claim(properties, GeneratedNames.PropertyName(field.Name.Text), field.Name, "field");
                }
            }
        }
    }

    private void Claim(Scope scope, string generated, Token token, string kind)
    {
        if (scope.Reserved.Contains(generated))
        {
            Reserved(token, kind);
            return;
        }

        if (scope.Taken.TryGetValue(generated, out var other))
        {
            if (_reported.Add(token))
            {
                _diagnostics.Add(DiagnosticDescriptors.GeneratedNameClash, token.Span, token.Text, generated, other.Kind, other.Token.Text, _lineOf(other.Token));
            }

            return;
        }

        scope.Taken[generated] = (token, kind);
    }

    private void Reserved(Token token, string kind)
    {
        if (_reported.Add(token))
        {
            _diagnostics.Add(DiagnosticDescriptors.ReservedName, token.Span, token.Text, kind);
        }
    }

    /// <summary>One C# scope: the names the generated code itself uses there, and those claimed so far.</summary>
    private sealed class Scope
    {
        public Scope(IEnumerable<string> reserved) => Reserved = new HashSet<string>(reserved, StringComparer.Ordinal);

        public HashSet<string> Reserved { get; }

        public Dictionary<string, (Token Token, string Kind)> Taken { get; } = new(StringComparer.Ordinal);
    }
}
