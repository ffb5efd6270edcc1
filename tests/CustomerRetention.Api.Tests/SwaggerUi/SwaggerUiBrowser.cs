using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace CustomerRetention.Api.Tests.SwaggerUi;

/// <summary>
/// One headless Debian Chromium (driven by Playwright) and one API on a loopback Kestrel port
/// with its own database, shared by the tests of a class; each test opens its own page in a
/// fresh browser context. The browser is <c>/usr/bin/chromium</c> (or <c>CR_CHROMIUM</c>):
/// Playwright's own browser download is not used, its driver ships in the NuGet package.
/// </summary>
public sealed class SwaggerUiBrowser : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The Chromium the tests drive unless <c>CR_CHROMIUM</c> names another.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private readonly ApiFactory _api = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private bool _disposed;

    /// <summary>The API's base address on Kestrel, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The class's database (to check what a request through the UI stored).</summary>
    public ApiFactory Api => _api;

    /// <summary>The OpenAPI document the API serves (what Swagger UI renders).</summary>
    public JsonObject Document { get; private set; } = null!;

    /// <summary>Where the screenshot and HTML of a failed test go.</summary>
    public static string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CR_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {chromium}: install Debian's package 'chromium' "
                + "(build/test.sh does so) or set CR_CHROMIUM to a Chromium executable.");
        }

        await _api.InitializeAsync();
        Address = _api.StartOnKestrel();
        using (var client = KestrelHosting.CreateSocketClient(Address))
        {
            Document = JsonNode.Parse(await client.GetStringAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // No sandbox (the tests may run as root); no traffic of Chromium's own to a closed network.
            ChromiumSandbox = false,
            Args =
            [
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>
    /// Opens Swagger UI in a new page, waits until it has rendered the document's operations and
    /// runs <paramref name="test"/> on it. A failure saves a screenshot and the page's HTML to
    /// <see cref="ArtifactsDirectory"/> and names both in the failure message.
    /// </summary>
    /// <param name="testName">Names the saved artifacts.</param>
    /// <param name="test">What to do on the page.</param>
    /// <param name="asTestCaller">
    /// True: every call the page makes carries the default test caller's token (the tests of other
    /// things); false: only what the user gives Swagger UI's Authorize dialog.
    /// </param>
    public async Task OnSwaggerUiAsync(string testName, Func<IPage, Task> test, bool asTestCaller = true)
    {
        ArgumentNullException.ThrowIfNull(test);
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            ExtraHTTPHeaders = asTestCaller
                ? new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestCredentials.Token("admin", TestCredentials.AdminId, "Test Admin") }
                : [],
        });
        context.SetDefaultTimeout(15_000);
        foreach (var stale in Directory.Exists(ArtifactsDirectory) ? Directory.GetFiles(ArtifactsDirectory, testName + ".*") : [])
        {
            File.Delete(stale);
        }

        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"pageerror: {error}");
        try
        {
            await page.GotoAsync("swagger/index.html");
            await page.Locator(".opblock").First.WaitForAsync();
            await test(page);
        }
        catch (Exception e) when (e is XunitException or PlaywrightException or TimeoutException)
        {
            // The headline and where the page went; the whole message and its stack trace follow as the inner exception.
            var saved = await SaveArtifactsAsync(page, testName, console);
            var headline = e.Message.Split('\n', 2)[0].TrimEnd();
            throw new XunitException($"{headline}{Environment.NewLine}Page at failure: {saved}", e);
        }
    }

    private static string ArtifactStem(string testName) => Path.Combine(ArtifactsDirectory, testName);

    private static async Task<string> SaveArtifactsAsync(IPage page, string testName, IReadOnlyList<string> console)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var stem = ArtifactStem(testName);
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
            await File.WriteAllTextAsync(stem + ".html", await page.ContentAsync());
            await File.WriteAllLinesAsync(stem + ".console.txt", console);
            return $"{stem}.png, {stem}.html (browser console: {stem}.console.txt)";
        }
        catch (PlaywrightException e)
        {
            return $"(could not save the page to {stem}.*: {e.Message})";
        }
    }

    /// <summary>
    /// .test-results/CustomerRetention.Api.Tests/swagger-ui of the repository (where build/test.sh
    /// writes this project's results), or swagger-ui-failures beside the test assembly outside a repository.
    /// </summary>
    private static string FindArtifactsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerRetention.sln")) || File.Exists(Path.Combine(dir.FullName, "CustomerRetention.slnx")))
            {
                return Path.Combine(dir.FullName, ".test-results", "CustomerRetention.Api.Tests", "swagger-ui");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "swagger-ui-failures");
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await ((IAsyncLifetime)_api).DisposeAsync();
    }
}
