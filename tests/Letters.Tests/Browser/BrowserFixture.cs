using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>
/// The app on a real Kestrel port over its own database, and Debian's Chromium driven by Playwright: what a
/// writer's browser sees. Screenshots go to TestResults/screenshots beside the test assembly.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "Writer-password-9";
    private IPlaywright? playwright;

    public LettersApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = null!;
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(DateTimeOffset.UtcNow));
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        Directory.CreateDirectory(Screenshots);

        // Five seconds is plenty on a quiet machine; CI's two cores also run the other test classes meanwhile.
        Assertions.SetDefaultExpectTimeout(15_000);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LETTERS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>An admin with a login.</summary>
    public async Task<string> AdminAsync() => (await Staff.CreateAsync(App, StaffRoles.Admin, Password, name: "Ada Admin")).Email;

    /// <summary>A writer with a login, available, writing the given occasions in English.</summary>
    public async Task<(string Email, Guid WriterId)> WriterAsync(params string[] skills)
    {
        var writer = await Staff.CreateAsync(App, StaffRoles.Writer, Password, skills, name: "Browser Writer");
        return (writer.Email, writer.WriterId);
    }

    /// <summary>A fresh browser context (its own cookies), signed in through the login page.</summary>
    public async Task<IPage> SignInAsync(string email, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/writer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync("/writer");
        return page;
    }

    /// <summary>
    /// A new client signs up through the page, as a person would: the page says to check the inbox, and the e-mailed
    /// link confirms the address and lands them on <c>/app</c>, signed in.
    /// </summary>
    public async Task SignUpAsync(IPage page, string email)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Henri Dubois");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("a-long-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#check-inbox")).ToContainTextAsync(email);
        await page.GotoAsync(App.Outbox.LastLinkTo(email));
        await page.ArriveAtAsync("/app");
    }

    /// <summary>Signs in from the login page and lands where the person was going.</summary>
    public async Task<IPage> SignInAtAsync(string email, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArriveAtAsync(path);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
}
