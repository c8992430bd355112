namespace Policy.Generator.Model;

/// <summary>
/// What the templates render for one policy: flat, pre-escaped strings and equatable arrays.
/// Everything a template needs is computed here, so templates hold layout, not logic.
/// </summary>
internal sealed record PolicyView(
    string ClassName,
    string StateEnumName,
    string TitleXml,
    string Version,
    string FileName,
    EquatableArray<StateView> States,
    EquatableArray<ChoiceView> Choices,
    EquatableArray<ActionView> Actions,
    EquatableArray<ConstantView> Roles,
    EquatableArray<ConstantView> Deadlines,
    EquatableArray<SignalView> Signals,
    EquatableArray<SettingView> Settings,
    EquatableArray<DurationView> Durations,
    EquatableArray<string> ClassAttributes,
    string Definition);

/// <summary>A member of the state enum.</summary>
internal sealed record StateView(string Name, string DocXml, int Index);

/// <summary>A choice: an enum when no option carries data, else a closed record hierarchy.</summary>
internal sealed record ChoiceView(string Name, bool HasData, EquatableArray<OptionView> Options);

/// <summary>An option of a choice; <see cref="Parameters"/> are its record's positional parameters.</summary>
internal sealed record OptionView(string Name, EquatableArray<ParameterView> Parameters, string ToFieldsCode);

/// <summary>A typed parameter: of an action method, a signal method or a choice option's record.</summary>
/// <param name="Name">The C# parameter name (escaped).</param>
/// <param name="PropertyName">The PascalCase name used for a record property.</param>
/// <param name="FieldName">The field's name in the policy.</param>
/// <param name="Type">The C# type, nullable when optional.</param>
/// <param name="ToFieldValue">A C# expression converting the parameter to a runtime field value (may be null).</param>
internal sealed record ParameterView(string Name, string PropertyName, string FieldName, string Type, bool IsOptional, string ToFieldValue, string DocXml);

/// <summary>A generated action method and its <c>Can…</c> query.</summary>
internal sealed record ActionView(
    string Name,
    int Index,
    string SummaryXml,
    EquatableArray<string> RemarksXml,
    EquatableArray<ParameterView> Parameters,
    string AttributeArguments);

/// <summary>A signal the application can raise, with its typed fields.</summary>
internal sealed record SignalView(string Name, int Index, string SummaryXml, EquatableArray<ParameterView> Parameters);

/// <summary>A string constant naming a role or deadline, with its documentation.</summary>
internal sealed record ConstantView(string Name, string DocXml);

/// <summary>A typed setting with its default, and how to turn a value of it into a runtime value.</summary>
internal sealed record SettingView(string Name, int Index, string Type, string DefaultCode, string DocXml, string ToFieldValue, string? CurrentCode);

/// <summary>A fixed duration from the policy exposed as a constant (for analyzers and application code).</summary>
internal sealed record DurationView(string Name, string DurationCode, string? TimeSpanCode, string DocXml);
