using Microsoft.Playwright;

namespace Policy.Sample.Tests;

/// <summary>What every browser test class shares: Chromium for the class's tests, contexts in UK time, signing in and out.</summary>
public abstract class BrowserSession(SampleApp app) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        // Generous: in CI the other test assemblies share the machine's two cores.
        Assertions.SetDefaultExpectTimeout(15_000);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    protected async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800) =>
        await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });

    protected async Task GoAsync(IPage page, string path) => await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());

    protected async Task SignInAsync(IPage page, string officer)
    {
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await GoAsync(page, "/signin");
        }

        await Expect(page.Locator("#officer")).ToBeVisibleAsync();
        await page.FillAsync("#officer", officer);
        await page.FillAsync("#password", SignedInClient.Password);
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.Locator($".who[data-officer='{officer}']")).ToBeVisibleAsync();
    }

    protected static async Task SignOutAsync(IPage page)
    {
        await page.ClickAsync(".signout button");
        await page.WaitForURLAsync("**/signin");
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
