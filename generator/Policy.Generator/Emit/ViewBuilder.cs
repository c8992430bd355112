using Policy.Definitions;
using Policy.Generator.Model;
using Policy.Language.Naming;

namespace Policy.Generator.Emit;

/// <summary>Turns a checked <see cref="PolicyDefinition"/> into the flat <see cref="PolicyView"/> the templates render.</summary>
internal static class ViewBuilder
{
    private const string Runtime = "global::Policy.Runtime.";
    private const string Definitions = "global::Policy.Definitions.";

    public static PolicyView Build(PolicyDefinition policy, string fileName)
    {
        var choices = policy.Choices.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var className = GeneratedNames.TypeIdentifier(policy.Name);
        return new PolicyView(
            ClassName: className,
            PolicyName: policy.Name,
            PolicyLiteral: CSharp.Literal(policy.Name),
            StateEnumName: GeneratedNames.Identifier(GeneratedNames.StateEnum(policy.Name)),
            TitleXml: CSharp.Xml(policy.Title),
            Version: policy.Version,
            FileName: fileName,
            States: policy.States.Select((s, i) => new StateView(GeneratedNames.Identifier(s.Name), StateDoc(s), i)).ToEquatableArray(),
            Choices: policy.Choices.Select(c => Choice(c, choices, className)).ToEquatableArray(),
            // An action that happens by itself has no method: no one performs it (the runtime would refuse them).
            Actions: policy.Actions.Select((a, i) => (Action: a, Index: i)).Where(a => !a.Action.IsAutomatic).Select(a => Action(policy, a.Action, a.Index, choices)).ToEquatableArray(),
            Roles: policy.Roles.Select(r => new RoleView(
                GeneratedNames.Identifier(r.Name),
                CSharp.Literal(r.Name),
                GeneratedNames.Identifier(GeneratedNames.ActsAsAttribute(r.Name)),
                CSharp.Xml(r.Name),
                CSharp.Xml(r.Title + (r.IsAssigned ? " (assigned per case)" : string.Empty)))).ToEquatableArray(),
            Deadlines: policy.Deadlines.Select(d => new ConstantView(GeneratedNames.Identifier(d.Name), CSharp.Literal(d.Name), CSharp.Xml(d.Title) + Cites(d.Citations))).ToEquatableArray(),
            Signals: policy.Signals.Select((s, i) => new SignalView(GeneratedNames.Identifier(GeneratedNames.RaiseMethod(s.Name)), i, CSharp.Xml(s.Title), Parameters(s.Fields, choices).ToEquatableArray())).ToEquatableArray(),
            Settings: policy.Settings.Select((s, i) => Setting(s, i, choices)).ToEquatableArray(),
            Durations: Durations(policy).ToEquatableArray(),
            ClassAttributes: ClassAttributes(policy).ToEquatableArray(),
            Definition: DefinitionWriter.Write(policy));
    }

    private static string StateDoc(StateDefinition state)
    {
        var markers = (state.IsInitial ? " Cases start here." : string.Empty) + (state.IsFinal ? " Final: the case is over." : string.Empty);
        return CSharp.Xml(state.Title + "." + markers);
    }

    private static string Cites(IReadOnlyList<Citation> citations) =>
        citations.Count == 0 ? string.Empty : " " + string.Join(" ", citations.Select(c => CSharp.Xml($"[{c.SourceId}: \"{c.Clause}\"]")));

    /// <summary>
    /// The C# type of a field; choices are nested in the workflow class. <paramref name="qualifier"/> is written before a
    /// choice's name where a member of the code around it could have the same name (inside an option's record).
    /// </summary>
    internal static string TypeOf(Definitions.ValueType type, bool optional, string qualifier = "")
    {
        var name = type.Kind switch
        {
            ValueKind.Text => "string",
            ValueKind.YesNo => "bool",
            ValueKind.Number => "decimal",
            ValueKind.Date => "global::System.DateOnly",
            ValueKind.DateTime => "global::System.DateTimeOffset",
            ValueKind.Duration => Definitions + "Duration",
            ValueKind.Officer => "string",
            _ => qualifier + GeneratedNames.TypeIdentifier(type.ChoiceName ?? "object"),
        };
        return optional ? name + "?" : name;
    }

    /// <summary>A C# expression converting <paramref name="expression"/> of the field's type to a <c>FieldValue?</c>.</summary>
    internal static string ToFieldValue(Definitions.ValueType type, string expression, IReadOnlyDictionary<string, ChoiceDefinition> choices, string qualifier = "")
    {
        var values = Runtime + "Events.FieldValues.";
        switch (type.Kind)
        {
            case ValueKind.Text: return $"{values}Text({expression})";
            case ValueKind.YesNo: return $"{values}YesNo({expression})";
            case ValueKind.Number: return $"{values}Number({expression})";
            case ValueKind.Date: return $"{values}Date({expression})";
            case ValueKind.DateTime: return $"{values}DateTime({expression})";
            case ValueKind.Duration: return $"{values}Duration({expression})";
            case ValueKind.Officer: return $"{values}Officer({expression})";
        }

        var choice = choices[type.ChoiceName!];
        if (choice.Options.Any(o => o.Fields.Count > 0))
        {
            return $"{expression}?.ToFieldValue()";
        }

        // One helper per choice takes the option, or null for an optional field left out.
        return $"{qualifier}{GeneratedNames.Identifier(GeneratedNames.OptionNamesClass(choice.Name))}.ToFieldValue({expression})";
    }

    private static IEnumerable<ParameterView> Parameters(IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, ChoiceDefinition> choices) =>
        fields.Select(f =>
        {
            var docName = GeneratedNames.ParameterName(f.Name);
            var name = GeneratedNames.Identifier(docName);
            return new ParameterView(
                name,
                docName,
                f.Name,
                TypeOf(f.Type, f.IsOptional),
                f.IsOptional,
                ToFieldValue(f.Type, name, choices),
                CSharp.Xml($"{f.Name}: {f.Type}{(f.IsOptional ? ", optional" : string.Empty)}"));
        });

    private static ChoiceView Choice(ChoiceDefinition choice, IReadOnlyDictionary<string, ChoiceDefinition> choices, string className)
    {
        var hasData = choice.Options.Any(o => o.Fields.Count > 0);
        var name = GeneratedNames.TypeIdentifier(choice.Name);
        var qualifier = className + ".";
        var options = choice.Options.Select(o =>
        {
            var parameters = o.Fields.Select(f =>
            {
                var docName = GeneratedNames.PropertyName(f.Name);
                var property = GeneratedNames.Identifier(docName);
                return new ParameterView(property, docName, f.Name, TypeOf(f.Type, f.IsOptional, qualifier), f.IsOptional, ToFieldValue(f.Type, property, choices, qualifier), CSharp.Xml($"{f.Name}: {f.Type}"));
            }).ToList();
            var fields = parameters.Count == 0
                ? "null"
                : Runtime + "Events.FieldValues.Fields(" + string.Join(", ", parameters.Select(p => $"({CSharp.Literal(p.FieldName)}, {p.ToFieldValue})")) + ")";
            // With data, an option is a nested record type; without, a member of the choice's enum.
            var optionName = hasData ? GeneratedNames.TypeIdentifier(o.Name) : GeneratedNames.Identifier(o.Name);
            return new OptionView(optionName, CSharp.Literal(o.Name), parameters.ToEquatableArray(), fields);
        });
        return new ChoiceView(
            name,
            GeneratedNames.Identifier(GeneratedNames.OptionNamesClass(choice.Name)),
            qualifier + name,
            CSharp.Literal($"Not an option of {choice.Name}."),
            hasData,
            options.ToEquatableArray());
    }

    private static ActionView Action(PolicyDefinition policy, ActionDefinition action, int index, IReadOnlyDictionary<string, ChoiceDefinition> choices)
    {
        var remarks = new List<string>
        {
            CSharp.Xml($"Performed by {string.Join(" or ", action.Roles)}, in {string.Join(" or ", action.FromStates)}"
                + (action.ToState is null ? "; the case stays where it is." : $"; moves the case to {action.ToState}.")),
        };
        foreach (var requirement in action.Requirements)
        {
            remarks.Add(CSharp.Xml($"Refused unless: \"{requirement.Message}\"") + Cites(requirement.Citations));
        }

        foreach (var rule in policy.Rules.Where(r => r.Forbidden.Contains(action.Name)))
        {
            remarks.Add(CSharp.Xml($"Rule {rule.Name}: \"{rule.Message}\"") + Cites(rule.Citations));
        }

        foreach (var deadline in policy.Deadlines.Where(d => d.Action == action.Name))
        {
            remarks.Add(CSharp.Xml($"Meets deadline {deadline.Name}: {deadline.Title}.") + Cites(deadline.Citations));
        }

        if (action.Citations.Count > 0)
        {
            remarks.Add(Cites(action.Citations).Trim());
        }

        var attribute = $"{CSharp.Literal(action.Name)}, {StringArray(action.Roles)}, {StringArray(action.FromStates)}, {CSharp.Literal(action.ToState)}";
        return new ActionView(GeneratedNames.Identifier(action.Name), GeneratedNames.Identifier(GeneratedNames.CanMethod(action.Name)), index, CSharp.Xml(action.Title), remarks.ToEquatableArray(), Parameters(action.Fields, choices).ToEquatableArray(), attribute);
    }

    private static string StringArray(IReadOnlyList<string> items) => "new string[] { " + string.Join(", ", items.Select(CSharp.Literal)) + " }";

    /// <summary>The analyzers' view of the policy, as attributes on the workflow class.</summary>
    private static IEnumerable<string> ClassAttributes(PolicyDefinition policy)
    {
        const string Annotations = Runtime + "Annotations.";
        yield return $"{Annotations}PolicyWorkflow({CSharp.Literal(policy.Name)}, typeof({GeneratedNames.Identifier(GeneratedNames.StateEnum(policy.Name))}))";
        foreach (var deadline in policy.Deadlines)
        {
            var within = deadline.Within.Cases is [{ Fixed: { } fixedWithin, When: null }] ? fixedWithin.ToString() : string.Empty;
            var member = within.Length > 0 ? $", DurationMember = {CSharp.Literal(GeneratedNames.WithinDuration(deadline.Name))}" : string.Empty;
            yield return $"{Annotations}PolicyDeadline({CSharp.Literal(deadline.Name)}, {CSharp.Literal(deadline.Role)}, {CSharp.Literal(deadline.Action)}, {CSharp.Literal(within)}{member})";
        }

        foreach (var setting in policy.Settings.Where(s => s.Type.Kind == ValueKind.Duration))
        {
            yield return $"{Annotations}PolicySetting({CSharp.Literal(setting.Name)}, {CSharp.Literal(setting.DefaultValue.Text)})";
        }
    }

    private static SettingView Setting(SettingDefinition setting, int index, IReadOnlyDictionary<string, ChoiceDefinition> choices)
    {
        var type = TypeOf(setting.Type, optional: false);
        var value = setting.DefaultValue;
        var code = setting.Type.Kind switch
        {
            ValueKind.Duration when value.Duration is { } d => $"new {Definitions}Duration({d.Amount}, {Definitions}DurationUnit.{d.Unit})",
            ValueKind.YesNo => value.Text == "yes" ? "true" : "false",
            ValueKind.Number => value.Text + "m",
            ValueKind.Date => $"global::System.DateOnly.ParseExact({CSharp.Literal(value.Text)}, \"yyyy-MM-dd\", global::System.Globalization.CultureInfo.InvariantCulture)",
            ValueKind.DateTime => $"global::System.DateTimeOffset.Parse({CSharp.Literal(value.Text + "Z")}, global::System.Globalization.CultureInfo.InvariantCulture)",
            ValueKind.Choice => $"{GeneratedNames.TypeIdentifier(setting.Type.ChoiceName!)}.{GeneratedNames.Identifier(value.Text)}",
            _ => CSharp.Literal(value.Text),
        };
        var current = setting.Type.Kind switch
        {
            ValueKind.Duration => $"Settings.GetDuration({index})",
            ValueKind.YesNo => $"Settings.GetYesNo({index})",
            ValueKind.Number => $"Settings.GetNumber({index})",
            ValueKind.Date => $"Settings.GetDate({index})",
            ValueKind.DateTime => $"Settings.GetDateTime({index})",
            ValueKind.Text or ValueKind.Officer => $"Settings.GetText({index})",
            _ when choices[setting.Type.ChoiceName!].Options.All(o => o.Fields.Count == 0) => $"global::System.Enum.Parse<{type}>(Settings.GetOption({index}))",
            _ => null,
        };
        return new SettingView(GeneratedNames.Identifier(setting.Name), GeneratedNames.Identifier(GeneratedNames.OverrideMethod(setting.Name)), index, type, code, CSharp.Xml($"{setting.Title} (default {value.Text})") + Cites(setting.Citations), ToFieldValue(setting.Type, "value", choices), current);
    }

    /// <summary>Each deadline's fixed due time, window and escalation delays, as constants application code can use.</summary>
    private static IEnumerable<DurationView> Durations(PolicyDefinition policy)
    {
        foreach (var deadline in policy.Deadlines)
        {
            if (deadline.Within.Cases is [{ Fixed: { } within, When: null }])
            {
                yield return DurationConstant(GeneratedNames.WithinDuration(deadline.Name), within, $"{deadline.Name}: {deadline.Title} — due {within} after it starts.");
            }

            if (deadline.NotBefore?.Cases is [{ Fixed: { } notBefore, When: null }])
            {
                yield return DurationConstant(GeneratedNames.NotBeforeDuration(deadline.Name), notBefore, $"{deadline.Name}: not met before {notBefore} after it starts.");
            }
        }
    }

    private static DurationView DurationConstant(string name, Duration duration, string doc)
    {
        var minutes = duration.Unit switch
        {
            DurationUnit.Minutes => (long?)duration.Amount,
            DurationUnit.Hours => duration.Amount * 60L,
            _ => null,
        };
        var days = duration.Unit switch
        {
            DurationUnit.Days => (long?)duration.Amount,
            DurationUnit.Weeks => duration.Amount * 7L,
            _ => null,
        };
        var timeSpan = minutes is { } m ? $"global::System.TimeSpan.FromMinutes({m})" : days is { } d ? $"global::System.TimeSpan.FromDays({d})" : null;
        return new DurationView(GeneratedNames.Identifier(name), GeneratedNames.Identifier(GeneratedNames.TimeSpanOf(name)), $"new {Definitions}Duration({duration.Amount}, {Definitions}DurationUnit.{duration.Unit})", timeSpan, CSharp.Xml(doc));
    }
}
