using Xunit.Sdk;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>
/// Compares output with a committed baseline file. On a mismatch the test fails with a line diff and the actual
/// output is written beside the baseline as <c>name.received.txt</c> (ignored by git). Setting the environment
/// variable <c>POLICY_UPDATE_BASELINES=1</c> rewrites every baseline instead; review the change in the diff.
/// </summary>
internal static class Baseline
{
    public const string UpdateVariable = "POLICY_UPDATE_BASELINES";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    public static void AssertMatches(string baselinePath, string actual)
    {
        actual = Normalize(actual);
        var received = ReceivedPath(baselinePath);
        if (Updating)
        {
            File.WriteAllText(baselinePath, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(baselinePath) ? Normalize(File.ReadAllText(baselinePath)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        var relative = Path.GetRelativePath(RepositoryPaths.Root, baselinePath).Replace('\\', '/');
        var message = expected is null
            ? $"There is no baseline {relative} yet. The actual output is in {Path.GetFileName(received)}; run the tests with {UpdateVariable}=1 to create it."
            : $"The output differs from the baseline {relative} (- baseline, + actual). The actual output is in {Path.GetFileName(received)}; "
              + $"if the change is right, run the tests with {UpdateVariable}=1 and review the baselines' diff.{Environment.NewLine}{LineDiff.Format(expected, actual)}";
        throw new XunitException(message);
    }

    /// <summary><c>x.syntax.txt</c> → <c>x.syntax.received.txt</c>.</summary>
    public static string ReceivedPath(string baselinePath) =>
        Path.Combine(Path.GetDirectoryName(baselinePath)!, Path.GetFileNameWithoutExtension(baselinePath) + ".received" + Path.GetExtension(baselinePath));

    /// <summary>Baselines are compared with LF line ends, whatever git did to them on checkout.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
