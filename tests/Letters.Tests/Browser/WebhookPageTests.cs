using System.Text.RegularExpressions;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A client in real Chromium adds a webhook endpoint, tests it, sees the attempt, turns it off and on.</summary>
[Collection(Serial.Name)]
public sealed partial class WebhookPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_client_adds_an_endpoint_sees_its_secret_once_sends_a_test_and_reads_the_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await fixture.SignUpAsync(page, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await page.ArriveAtAsync("/app/webhooks");
        await page.GetByLabel("URL").FillAsync(receiver.Url);
        await page.GetByLabel("Description").FillAsync("our CRM");
        await page.GetByText("Only some events").ClickAsync();
        await page.GetByLabel("letter.rendered").CheckAsync();
        await page.GetByLabel("webhook.test").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-secret")).ToHaveTextAsync(SecretPattern());
        await Assertions.Expect(page.Locator("#endpoints")).ToContainTextAsync("letter.rendered, webhook.test");
        await BrowserFixture.ScreenshotAsync(page, "client-webhooks-1280");

        // The secret is not shown again.
        await page.GotoAsync("/app/webhooks");
        await Assertions.Expect(page.Locator("#new-secret")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("on its way");
        await fixture.App.DeliverAsync();
        Assert.Equal("webhook.test", Assert.Single(receiver.Requests).Type);
        await page.GotoAsync("/app/webhooks");
        await Assertions.Expect(page.Locator("#attempts tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#attempts")).ToContainTextAsync("204");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Disabled by you.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is on again");

        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "client-webhooks-390");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No endpoints yet.")).ToBeVisibleAsync();
        await context.DisposeAsync();
    }

    [GeneratedRegex("^whsec_[A-Za-z0-9+/=]{44}$")]
    private static partial Regex SecretPattern();
}
