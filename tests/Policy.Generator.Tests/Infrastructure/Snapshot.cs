using System.Text;

namespace Policy.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated code with a committed <c>*.verified.cs</c> file. On a mismatch it writes <c>*.received.cs</c>
/// beside it and fails with a line diff; with <c>POLICY_ACCEPT_SNAPSHOTS=1</c> it accepts the new output instead.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "POLICY_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual)
    {
        var folder = RepositoryPaths.Combine("tests", "Policy.Generator.Tests", "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {Path.GetFileName(verified)} yet. Review {Path.GetFileName(received)}, then run the tests with {AcceptVariable}=1 to accept it."
            : $"Generated code for {name} differs from {Path.GetFileName(verified)} (set {AcceptVariable}=1 to accept):\n{LineDiff(expected, actual)}");
    }

    /// <summary>A compact diff: the first differing lines with a little context, '-' expected, '+' actual.</summary>
    internal static string LineDiff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        var endA = a.Length - 1;
        var endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var diff = new StringBuilder();
        for (var i = Math.Max(0, start - 2); i < start; i++)
        {
            diff.Append("  ").Append(i + 1).Append(": ").AppendLine(a[i]);
        }

        for (var i = start; i <= endA && i < start + 40; i++)
        {
            diff.Append("- ").Append(i + 1).Append(": ").AppendLine(a[i]);
        }

        for (var i = start; i <= endB && i < start + 40; i++)
        {
            diff.Append("+ ").Append(i + 1).Append(": ").AppendLine(b[i]);
        }

        return diff.ToString();
    }
}
