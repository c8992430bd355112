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
            States: policy.States.Select((s, i) => new StateView(GeneratedNames.Identifier(s.Name), StateDoc(s), i, CSharp.Literal(s.Name))).ToEquatableArray(),
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
            Calendars: policy.Calendars.Select(c => new CalendarView(GeneratedNames.Identifier(c.Name), CSharp.Literal(c.Name), CSharp.Xml(c.Title) + Cites(c.Citations))).ToEquatableArray(),
            RecordFields: RecordFields(policy, choices, className).ToEquatableArray(),
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
            var arm = hasData ? FromFieldValueArm(CSharp.Literal(o.Name), $"{qualifier}{name}.{optionName}", o.Fields, choices, qualifier) : string.Empty;
            return new OptionView(optionName, CSharp.Literal(o.Name), parameters.ToEquatableArray(), fields, arm);
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

    /// <summary>
    /// Each field the case records, once by name (the checker has made every action and signal record a name with
    /// one type), in the order the policy first records it.
    /// </summary>
    private static IEnumerable<RecordFieldView> RecordFields(PolicyDefinition policy, IReadOnlyDictionary<string, ChoiceDefinition> choices, string className)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var owners = policy.Actions.Select(a => (Kind: "action", a.Name, a.Fields)).Concat(policy.Signals.Select(s => (Kind: "signal", s.Name, s.Fields)));
        var recordedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var fields = new List<FieldDefinition>();
        foreach (var (_, owner, ownerFields) in owners)
        {
            foreach (var field in ownerFields)
            {
                if (seen.Add(field.Name))
                {
                    fields.Add(field);
                    recordedBy[field.Name] = new List<string>();
                }

                recordedBy[field.Name].Add(owner);
            }
        }

        var qualifier = className + ".";
        var names = GeneratedNames.CaseRecordProperties(fields.Select(f => f.Name), policy.Name);
        foreach (var field in fields)
        {
            var read = ReadCode(field.Type, $"{GeneratedNames.CaseRecordField}.Recorded({CSharp.Literal(field.Name)})", choices, qualifier);
            yield return new RecordFieldView(
                GeneratedNames.Identifier(names[field.Name]),
                TypeOf(field.Type, optional: true, qualifier),
                read,
                CSharp.Xml($"{field.Name}: {field.Type}, recorded by {string.Join(", ", recordedBy[field.Name])}; null until it is recorded."));
        }
    }

    /// <summary>
    /// A C# expression reading the recorded value <paramref name="recorded"/> (a <c>FieldValue?</c>) as the field's type,
    /// nullable: null when it is not recorded or not of that type.
    /// </summary>
    private static string ReadCode(Definitions.ValueType type, string recorded, IReadOnlyDictionary<string, ChoiceDefinition> choices, string qualifier)
    {
        const string Read = Runtime + "Events.FieldValues.";
        return type.Kind switch
        {
            ValueKind.Text or ValueKind.Officer => $"{Read}ToText({recorded})",
            ValueKind.YesNo => $"{Read}ToYesNo({recorded})",
            ValueKind.Number => $"{Read}ToNumber({recorded})",
            ValueKind.Date => $"{Read}ToDate({recorded})",
            ValueKind.DateTime => $"{Read}ToDateTime({recorded})",
            ValueKind.Duration => $"{Read}ToDuration({recorded})",
            _ when choices[type.ChoiceName!].Options.Any(o => o.Fields.Count > 0) => $"{qualifier}{GeneratedNames.TypeIdentifier(type.ChoiceName!)}.FromFieldValue({recorded})",
            _ => $"{qualifier}{GeneratedNames.Identifier(GeneratedNames.OptionNamesClass(type.ChoiceName!))}.FromFieldValue({recorded})",
        };
    }

    /// <summary>
    /// The switch arm that rebuilds an option with data from its recorded form: each required field must be recorded
    /// (else the arm does not match and the reader gives null); an optional one may be missing.
    /// </summary>
    private static string FromFieldValueArm(string optionLiteral, string optionType, IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, ChoiceDefinition> choices, string qualifier)
    {
        var guards = new List<string>();
        var arguments = new List<string>();
        for (var i = 0; i < fields.Count; i++)
        {
            var read = ReadCode(fields[i].Type, $"{Runtime}Events.FieldValues.Field({GeneratedNames.ReaderParameter}, {CSharp.Literal(fields[i].Name)})", choices, qualifier);
            if (fields[i].IsOptional)
            {
                arguments.Add(read);
            }
            else
            {
                var local = GeneratedNames.ReaderParameter + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                guards.Add($"{read} is {{ }} {local}");
                arguments.Add(local);
            }
        }

        var when = guards.Count == 0 ? string.Empty : " when " + string.Join(" && ", guards);
        return $"{optionLiteral}{when} => new {optionType}({string.Join(", ", arguments)})";
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
            // Hours counted on a calendar skip the days it leaves out: they are not elapsed time, so no TimeSpan twin.
            var elapsed = deadline.CountedOn is null;
            var counted = deadline.CountedOn is { } calendar ? $", counted on {calendar}" : string.Empty;
            if (deadline.Within.Cases is [{ Fixed: { } within, When: null }])
            {
                yield return DurationConstant(GeneratedNames.WithinDuration(deadline.Name), within, $"{deadline.Name}: {deadline.Title} — due {within} {CountsFrom(deadline)}{counted}.", elapsed);
            }

            if (deadline.NotBefore?.Cases is [{ Fixed: { } notBefore, When: null }])
            {
                yield return DurationConstant(GeneratedNames.NotBeforeDuration(deadline.Name), notBefore, $"{deadline.Name}: not met before {notBefore} after {(deadline.From is null ? "it starts" : "its anchor")}{counted}.", elapsed);
            }
        }
    }

    /// <summary>What a deadline's due time counts from, as the policy says it.</summary>
    private static string CountsFrom(DeadlineDefinition deadline)
    {
        var day = deadline.FromDay switch
        {
            DayBoundary.Start => "beginning with the day",
            DayBoundary.End => "from the end of the day",
            _ => null,
        };
        return deadline.From switch
        {
            { Kind: AnchorKind.Field } field when day is not null => $"{day} of the recorded {field.Name}",
            { Kind: AnchorKind.Field } field => $"from the recorded {field.Name}",
            { Kind: AnchorKind.DeadlineDue } due => $"from when {due.Name} was due",
            { } latest => $"from the latest time {latest.Name} could have been met",
            null when day is not null => $"{day} it starts",
            null => "after it starts",
        };
    }

    private static DurationView DurationConstant(string name, Duration duration, string doc, bool elapsed)
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
        var timeSpan = !elapsed ? null : minutes is { } m ? $"global::System.TimeSpan.FromMinutes({m})" : days is { } d ? $"global::System.TimeSpan.FromDays({d})" : null;
        return new DurationView(GeneratedNames.Identifier(name), GeneratedNames.Identifier(GeneratedNames.TimeSpanOf(name)), $"new {Definitions}Duration({duration.Amount}, {Definitions}DurationUnit.{duration.Unit})", timeSpan, CSharp.Xml(doc));
    }
}
