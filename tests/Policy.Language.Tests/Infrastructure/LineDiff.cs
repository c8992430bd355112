using System.Text;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>A line diff for failure messages: the changed lines with a little context, like <c>diff -u</c>.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const int MaxLines = 80;

    public static string Format(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');

        // Trim the common head and tail, then align the middle by its longest common subsequence.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var first = Math.Max(0, head - Context);
        var lines = new List<string>();
        for (var i = first; i < head; i++)
        {
            lines.Add("  " + a[i]);
        }

        lines.AddRange(Middle(a[head..(a.Length - tail)], b[head..(b.Length - tail)]));
        for (var i = a.Length - tail; i < Math.Min(a.Length, a.Length - tail + Context); i++)
        {
            lines.Add("  " + a[i]);
        }

        var output = new StringBuilder();
        output.Append("@@ from line ").Append(first + 1).AppendLine(" @@");
        foreach (var line in lines.Take(MaxLines))
        {
            output.AppendLine(line);
        }

        if (lines.Count > MaxLines)
        {
            output.Append("... and ").Append(lines.Count - MaxLines).AppendLine(" more lines");
        }

        return output.ToString();
    }

    private static IEnumerable<string> Middle(string[] a, string[] b)
    {
        if ((long)a.Length * b.Length > 4_000_000)
        {
            // Too large to align: the removed block, then the added block.
            return a.Select(line => "- " + line).Concat(b.Select(line => "+ " + line));
        }

        // lcs[i, j]: the length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var result = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                result.Add("  " + a[x++]);
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                result.Add("+ " + b[y++]);
            }
            else
            {
                result.Add("- " + a[x++]);
            }
        }

        return result;
    }
}
