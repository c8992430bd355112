using System.Globalization;
using CaseManagement.Display;
using CaseManagement.Officers;
using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Time;

namespace CaseManagement.Cases;

/// <summary>
/// Names the form inputs of an action's fields and reads them back into recorded values. Each field is one input
/// named <c>v.{field}</c> (a duration adds <c>.unit</c>; a choice option's own fields are <c>v.{field}.{option}.{name}</c>).
/// Input that cannot be read (not a number, a date that does not exist) gives a message for that input and no value;
/// whether a value is required or allowed is left to the runtime, which says so in its refusal.
/// </summary>
public static class ActionFields
{
    public const string Prefix = "v.";

    public static string InputName(string parent, string field) => parent.Length == 0 ? Prefix + field : $"{parent}.{field}";

    public static string OptionPrefix(string choiceInput, string option) => $"{choiceInput}.{option}";

    public static readonly DurationUnit[] Units = Enum.GetValues<DurationUnit>();

    /// <summary>Reads the posted values of <paramref name="action"/>'s fields; problems go into <paramref name="errors"/> by input name.</summary>
    public static Dictionary<string, FieldValue> Read(
        ActionDefinition action,
        PolicyDefinition policy,
        IFormCollection form,
        OfficerDirectory officers,
        Dictionary<string, string> errors) =>
        Read(action.Fields, "", action, policy, form, officers, errors);

    /// <summary>
    /// The role an officer field fills when the action assigns it (<c>assign OIC = oic</c>): only officers holding that
    /// role are offered, or accepted, for it. Null for an officer field that assigns nothing.
    /// </summary>
    public static string? EligibleRole(ActionDefinition? action, string parent, FieldDefinition field) =>
        action is null || parent.Length > 0 || field.Type.Kind != ValueKind.Officer
            ? null
            : action.Assignments.FirstOrDefault(a => a.Field == field.Name)?.Role;

    /// <summary>The role's title in the policy ("Officer in charge of the investigation"), or its name in words.</summary>
    public static string RoleTitle(PolicyDefinition policy, string role) =>
        policy.Roles.FirstOrDefault(r => r.Name == role)?.Title ?? Show.Words(role);

    private static Dictionary<string, FieldValue> Read(
        IReadOnlyList<FieldDefinition> fields,
        string parent,
        ActionDefinition? action,
        PolicyDefinition policy,
        IFormCollection form,
        OfficerDirectory officers,
        Dictionary<string, string> errors)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = InputName(parent, field.Name);
            if (ReadOne(field, name, EligibleRole(action, parent, field), policy, form, officers, errors) is { } value)
            {
                values[field.Name] = value;
            }
        }

        return values;
    }

    private static FieldValue? ReadOne(FieldDefinition field, string name, string? eligibleRole, PolicyDefinition policy, IFormCollection form, OfficerDirectory officers, Dictionary<string, string> errors)
    {
        var text = Posted(form, name);
        if (text.Length == 0)
        {
            // Not recorded: the runtime decides whether that is allowed and says why not.
            return null;
        }

        // Nothing longer than its limit reaches the permanent record; the text stays in the form to be shortened.
        if (InputLimits.TooLong(text, field.Type.Kind == ValueKind.Text ? InputLimits.Text : InputLimits.OfficerId) is { } tooLong)
        {
            return Problem(errors, name, tooLong);
        }

        switch (field.Type.Kind)
        {
            case ValueKind.Text:
                return FieldValues.Text(text);
            case ValueKind.YesNo:
                return text switch
                {
                    "yes" => FieldValues.YesNo(true),
                    "no" => FieldValues.YesNo(false),
                    _ => Problem(errors, name, "Choose yes or no."),
                };
            case ValueKind.Number:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? FieldValues.Number(number)
                    : Problem(errors, name, "Enter a number, such as 3 or 2.5.");
            case ValueKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? FieldValues.Date(date)
                    : Problem(errors, name, "Enter a date, such as 2026-03-31.");
            case ValueKind.DateTime:
                if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    return Problem(errors, name, "Enter a date and time, such as 2026-03-31 14:30.");
                }

                return ToInstant(local) is { } instant
                    ? FieldValues.DateTime(instant)
                    : Problem(errors, name, "That time does not exist in the UK (the clocks go forward then). Enter another.");
            case ValueKind.Duration:
                var unitText = Posted(form, name + ".unit");
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
                {
                    return Problem(errors, name, "Enter a whole number greater than 0.");
                }

                return Enum.TryParse<DurationUnit>(unitText, out var unit) && Enum.IsDefined(unit)
                    ? FieldValues.Duration(new Duration(amount, unit))
                    : Problem(errors, name, "Choose a unit.");
            case ValueKind.Officer:
                if (officers.Find(text) is not { } officer)
                {
                    return Problem(errors, name, "Choose an officer from the list.");
                }

                return eligibleRole is null || officer.Roles.Contains(eligibleRole, StringComparer.Ordinal)
                    ? FieldValues.Officer(text)
                    : Problem(errors, name, $"{officer.DisplayName} does not hold the role {RoleTitle(policy, eligibleRole)}. Choose an officer from the list.");
            case ValueKind.Choice:
                var choice = policy.Choices.First(c => c.Name == field.Type.ChoiceName);
                var option = choice.Options.FirstOrDefault(o => o.Name == text);
                if (option is null)
                {
                    return Problem(errors, name, "Choose one of the options.");
                }

                return option.Fields.Count == 0
                    ? FieldValues.Choice(option.Name)
                    : FieldValues.Choice(option.Name, Read(option.Fields, OptionPrefix(name, option.Name), null, policy, form, officers, errors));
            default:
                return Problem(errors, name, "This kind of value cannot be entered here.");
        }
    }

    public static string Posted(IFormCollection? form, string name) =>
        form is not null && form.TryGetValue(name, out var values) && values is [{ } first, ..] ? first.Trim() : "";

    /// <summary>A UK local time as an instant; null for a time skipped when the clocks go forward. An hour that happens twice is taken the first time.</summary>
    public static DateTimeOffset? ToInstant(DateTime local)
    {
        var zone = EuropeLondon.TimeZone;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static FieldValue? Problem(Dictionary<string, string> errors, string name, string message)
    {
        errors[name] = message;
        return null;
    }
}
