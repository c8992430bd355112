namespace Policy.Runtime.Engine;

/// <summary>
/// What text the runtime will keep in a case's permanent record: well-formed UTF-16 (no half of a surrogate pair,
/// which no store can encode and no reader can show), and, where something must be said, something visible.
/// </summary>
public static class StoredText
{
    /// <summary>True when every surrogate in the text is half of a pair.</summary>
    public static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the text has at least one character a reader can see: not only white space, control characters,
    /// zero-width or other format characters (a purpose of "\u200B" or "\0" says nothing).
    /// </summary>
    public static bool HasVisibleText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var category = char.GetUnicodeCategory(text, i);
            if (!char.IsWhiteSpace(text, i) && category is not (System.Globalization.UnicodeCategory.Control
                or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate
                or System.Globalization.UnicodeCategory.OtherNotAssigned
                or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text made storable and at most <paramref name="maximumLength"/> UTF-16 code units long: half surrogate
    /// pairs become U+FFFD, and a cut text ends with "…" (never in the middle of a pair).
    /// </summary>
    public static string Truncate(string text, int maximumLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumLength, 2);
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, maximumLength));
        var budget = text.Length <= maximumLength ? maximumLength : maximumLength - 1;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (builder.Length + (pair ? 2 : 1) > budget)
            {
                builder.Append('…');
                break;
            }

            if (pair)
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }
}
