using Policy.Definitions;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>
/// Checks submitted values against the fields a command records: present when required, of the right kind, readable
/// as that kind, not blank when text is required, a real option of the choice with the option's own fields.
/// Valid input allocates nothing; a refusal is built only when something is wrong.
/// </summary>
internal static class InputValidator
{
    public static Refusal? Validate(CompiledCommand command, ReadOnlySpan<FieldValue?> values)
    {
        var fields = command.Fields;
        if (values.Length != fields.Length)
        {
            // Generated code always passes every field; a wrong count is a bug in the caller, not a user's mistake.
            throw new ArgumentException($"{command.Name} records {fields.Length} fields, but {values.Length} values were given.", nameof(values));
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (Check(command, fields[i], values[i], fields[i].Name) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>Checks one value, as a setting override does.</summary>
    public static string? Problem(CompiledField field, FieldValue? value, string path) => ProblemWith(field.Kind, field.Type, field.IsOptional, field.Choice, value, path);

    public static string? ProblemWith(ValueKind kind, Definitions.ValueType type, bool optional, CompiledChoice? choice, FieldValue? value, string path)
    {
        if (value is null)
        {
            return optional ? null : $"{path} must be recorded.";
        }

        if (value.Kind != kind)
        {
            return $"{path} must be {Article(type)}, not {value.Kind.ToString().ToLowerInvariant()}.";
        }

        if (value.Text is null)
        {
            return $"{path} must be recorded.";
        }

        if (!StoredText.IsValid(value.Text))
        {
            return $"{path} contains a broken character (half of a surrogate pair), which cannot be stored. Type it again.";
        }

        switch (kind)
        {
            case ValueKind.Text:
                return !optional && !StoredText.HasVisibleText(value.Text) ? $"{path} must not be empty." : null;
            case ValueKind.Officer:
                return !StoredText.HasVisibleText(value.Text) ? $"{path} must name an officer." : null;
            case ValueKind.Choice:
                return ChoiceProblem(choice!, value, path);
            case ValueKind.Duration:
                if (!DurationText.TryParse(value.Text, out var duration))
                {
                    return $"{path} is not a duration such as \"14 days\".";
                }

                return duration.IsWithinLimit ? null : $"{path} is {duration}: a duration can be at most {Definitions.Duration.MaximumYears} years.";
            default:
                return OperandValue.TryRead(kind, value.Text, out _) ? null : $"{path} is not a valid {type}: \"{value.Text}\".";
        }
    }

    private static Refusal? Check(CompiledCommand command, CompiledField field, FieldValue? value, string path) =>
        Problem(field, value, path) is { } message
            ? new Refusal(RefusalKind.InvalidInput, message, command.Citations, command.Name, Field: field.Name)
            : null;

    private static string? ChoiceProblem(CompiledChoice choice, FieldValue value, string path)
    {
        var option = choice.Find(value.Text);
        if (option is null)
        {
            return $"\"{value.Text}\" is not an option of {choice.Name} for {path}.";
        }

        var given = value.Fields;
        var known = 0;
        foreach (var field in option.Fields)
        {
            FieldValue? inner = null;
            if (given is not null && given.TryGetValue(field.Name, out var found))
            {
                inner = found;
                known++;
            }

            if (Problem(field, inner, path + "." + field.Name) is { } problem)
            {
                return problem;
            }
        }

        if (given is not null && given.Count > known)
        {
            return option.Fields.Length == 0
                ? $"{path} is {option.Name}, which records nothing more."
                : $"{path} is {option.Name}, which records only {string.Join(", ", Names(option.Fields))}.";
        }

        return null;
    }

    private static IEnumerable<string> Names(CompiledField[] fields)
    {
        foreach (var field in fields)
        {
            yield return field.Name;
        }
    }

    private static string Article(Definitions.ValueType type)
    {
        var name = type.ToString();
        return name.Length > 0 && "aeiou".Contains(name[0], StringComparison.Ordinal) ? "an " + name : "a " + name;
    }
}
