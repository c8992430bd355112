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
}
