using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Policy.Runtime.Engine;

/// <summary>
/// Any part of a policy's definition written out whole, in a fixed order: two parts are the same exactly when their
/// texts are. What snapshots are keyed by, and what a migration plan compares versions with.
/// </summary>
internal static class DefinitionText
{
    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Write(text, value, 0);
        return text.ToString();
    }

    public static void Write(StringBuilder text, object? value, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("The policy's definition is nested too deeply to write out.");
        }

        switch (value)
        {
            case null:
                text.Append('~');
                return;
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case Enum or bool:
                text.Append(value);
                return;
            case IFormattable formattable:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Write(text, item, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        var type = value.GetType();
        text.Append(type.Name).Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(property.Name).Append('=');
            Write(text, property.GetValue(value), depth + 1);
            text.Append(';');
        }

        text.Append('}');
    }
}
