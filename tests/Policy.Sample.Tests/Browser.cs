using Microsoft.Playwright;

namespace Policy.Sample.Tests;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser downloads are not used).</summary>
public static class Browser
{
    /// <summary>The Chromium executable: <c>POLICY_CHROMIUM</c> when set (CI passes it), else Debian's.</summary>
    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("POLICY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Install it with 'apt-get install chromium'.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return (playwright, browser);
    }
}
