namespace Policy.Generator.Model;

/// <summary>
/// What the templates render for one policy: flat, pre-escaped strings and equatable arrays.
/// Everything a template needs is computed here, so templates hold layout, not logic.
/// </summary>
internal sealed record PolicyView(
    string ClassName,
    string PolicyName,
    string PolicyLiteral,
    string StateEnumName,
    string TitleXml,
    string Version,
    string FileName,
    EquatableArray<StateView> States,
    EquatableArray<ChoiceView> Choices,
    EquatableArray<ActionView> Actions,
    EquatableArray<RoleView> Roles,
    EquatableArray<ConstantView> Deadlines,
    EquatableArray<SignalView> Signals,
    EquatableArray<SettingView> Settings,
    EquatableArray<DurationView> Durations,
    EquatableArray<CalendarView> Calendars,
    EquatableArray<RecordFieldView> RecordFields,
    EquatableArray<string> ClassAttributes,
    string Definition);

/// <summary>A member of the state enum.</summary>
internal sealed record StateView(string Name, string DocXml, int Index, string NameLiteral = "");

/// <summary>A choice: an enum when no option carries data, else a closed record hierarchy.</summary>
/// <param name="Name">The type's identifier.</param>
/// <param name="NamesClass">The identifier of the private helper that records an option (choices without data).</param>
/// <param name="Qualified">The type as code nested inside it writes it: qualified by the workflow class, so no member of a nested record can hide it.</param>
/// <param name="NotAnOptionLiteral">What the helper throws for a value that is no option, as a C# string literal.</param>
internal sealed record ChoiceView(string Name, string NamesClass, string Qualified, string NotAnOptionLiteral, bool HasData, EquatableArray<OptionView> Options);

/// <summary>An option of a choice; <see cref="Parameters"/> are its record's positional parameters.</summary>
/// <param name="Literal">The option's name as the policy writes it, as a C# string literal: what is recorded.</param>
/// <param name="FromFieldValueArm">The arm of the choice's <c>FromFieldValue</c> switch that rebuilds this option from its recorded form.</param>
internal sealed record OptionView(string Name, string Literal, EquatableArray<ParameterView> Parameters, string ToFieldsCode, string FromFieldValueArm);

/// <summary>A typed parameter: of an action method, a signal method or a choice option's record.</summary>
/// <param name="Name">The C# parameter (or record property) identifier, escaped where it must be.</param>
/// <param name="DocName">The same name as an XML doc comment's <c>param</c> tag names it: without the <c>@</c>.</param>
/// <param name="FieldName">The field's name in the policy.</param>
/// <param name="Type">The C# type, nullable when optional.</param>
/// <param name="ToFieldValue">A C# expression converting the parameter to a runtime field value (may be null).</param>
internal sealed record ParameterView(string Name, string DocName, string FieldName, string Type, bool IsOptional, string ToFieldValue, string DocXml);

/// <summary>A generated action method and its <c>Can…</c> query.</summary>
internal sealed record ActionView(
    string Name,
    string CanName,
    int Index,
    string SummaryXml,
    EquatableArray<string> RemarksXml,
    EquatableArray<ParameterView> Parameters,
    string AttributeArguments);

/// <summary>A signal the application can raise, with its typed fields.</summary>
internal sealed record SignalView(string RaiseName, int Index, string SummaryXml, EquatableArray<ParameterView> Parameters);

/// <summary>A string constant naming a role or deadline, with its documentation.</summary>
/// <param name="Name">The constant's identifier.</param>
/// <param name="Literal">Its value: the policy's own name, as a C# string literal.</param>
internal sealed record ConstantView(string Name, string Literal, string DocXml);

/// <summary>A role: its constant in <c>Roles</c> and the attribute that declares code acting as it.</summary>
internal sealed record RoleView(string Name, string Literal, string AttributeName, string DocName, string DocXml);

/// <summary>A typed setting with its default, and how to turn a value of it into a runtime value.</summary>
internal sealed record SettingView(string Name, string OverrideName, int Index, string Type, string DefaultCode, string DocXml, string ToFieldValue, string? CurrentCode);

/// <summary>A fixed duration from the policy exposed as a constant (for analyzers and application code).</summary>
internal sealed record DurationView(string Name, string TimeSpanName, string DurationCode, string? TimeSpanCode, string DocXml);

/// <summary>A calendar the policy declares, as a typed member of the workflow's <c>Calendars</c> class.</summary>
/// <param name="Literal">Its name as the policy writes it, as a C# string literal: the compiled policy's key.</param>
internal sealed record CalendarView(string Name, string Literal, string DocXml);

/// <summary>A field the case records, as a typed property of the workflow's <c>CaseRecord</c>.</summary>
/// <param name="Type">The C# type, always nullable: null until the field is recorded.</param>
/// <param name="ReadCode">A C# expression of that type reading the latest recorded value.</param>
internal sealed record RecordFieldView(string Name, string Type, string ReadCode, string DocXml);
