using System.Globalization;
using System.Text;

namespace Policy.Generator.Emit;

/// <summary>Small helpers for writing C# source text safely; identifiers come from <see cref="Policy.Language.Naming.GeneratedNames"/>.</summary>
internal static class CSharp
{
    /// <summary>A C# string literal for any text, escaping quotes, backslashes and control characters.</summary>
    public static string Literal(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text for an XML doc comment: escapes markup characters and folds line breaks.</summary>
    public static string Xml(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text!.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r':
                case '\n':
                case '\u2028':
                case '\u2029':
                case '\u0085':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return builder.ToString();
    }
}
