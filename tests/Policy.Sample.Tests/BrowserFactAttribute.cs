namespace Policy.Sample.Tests;

/// <summary>
/// A test that needs Debian's Chromium at <see cref="Browser.ChromiumPath"/>. Without it the test is skipped with a
/// message, except in CI (<c>CI=true</c>), where it runs and fails: CI installs Chromium, so a missing one is a fault.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(Browser.ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Browser tests need Chromium at {Browser.ChromiumPath}: install it with 'apt-get install chromium' (CI does this in .ci/run).";
        }
    }
}
