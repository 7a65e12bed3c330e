using Letters.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Letters.Tests.Hardening;

/// <summary>What production refuses to run without, and what it sets on every cookie.</summary>
public sealed class ProductionSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_will_not_start_without_the_public_address_its_links_are_built_from()
    {
        var database = await TestDatabases.CreateAsync();
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(), environment: "Production",
            settings: new Dictionary<string, string> { ["Letters:Smtp:Host"] = "smtp.letters.example" });

        var failed = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Letters__PublicUrl", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>With the log sender a new client's confirmation and reset links would go to a container's log, not to them.</summary>
    [Fact]
    public async Task Production_will_not_start_with_e_mail_written_only_to_the_log()
    {
        var database = await TestDatabases.CreateAsync();
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(), environment: "Production",
            settings: new Dictionary<string, string> { ["Letters:PublicUrl"] = "https://letters.example" });

        var failed = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Letters__Smtp__Host", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_every_cookie_is_secure()
    {
        var database = await TestDatabases.CreateAsync();
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(), environment: "Production",
            settings: new Dictionary<string, string> { ["Letters:PublicUrl"] = "https://letters.example", ["Letters:Smtp:Host"] = "smtp.letters.example" });
        // Behind TLS, as production runs (antiforgery will not set a Secure cookie over plain HTTP at all).
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        using var signUp = await browser.GetAsync(new Uri("/signup", UriKind.Relative), Ct);
        using var posted = await Forms.PostAsync(browser, "/signup", new() { ["Name"] = "Ana", ["Email"] = "ana@example.com", ["Password"] = "a-long-password-1" });

        var cookies = signUp.Headers.GetValues("Set-Cookie").Concat(posted.Headers.TryGetValues("Set-Cookie", out var more) ? more : []).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        app.ClearPools();
    }
}
