using Microsoft.Playwright;

namespace GridLine.Console.Tests;

/// <summary>Debian's Chromium under Playwright: headless, no sandbox (tests may run as root), nothing fetched from the network.</summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// The xUnit collection of every browser test class: one Chromium and one gateway at a time. Run side by side on two
    /// cores, the workflow test's first page once waited 30 s for the login redirect and failed (twice in five runs).
    /// </summary>
    public const string Collection = "browser";
    private readonly IPlaywright _playwright;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (./test.sh does when it may: apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new ConsoleBrowser(playwright, browser);
    }

    /// <summary>A page signed in to the console at <paramref name="baseUrl"/> (on the board), with the suite's 30 s waits.</summary>
    public async Task<IPage> SignedInPageAsync(string baseUrl, string login, string password)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(30000); // generous: CI runs six test assemblies and Chromium on two cores; waits return as soon as met
        await page.GotoAsync("/console/login");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#board");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
