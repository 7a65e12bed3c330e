using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A new client in real Chromium: sign up, confirm, make a key, order with the form, follow the letter to the end.</summary>
[Collection(Serial.Name)]
public sealed partial class ClientAppTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_client_signs_up_orders_through_the_form_once_sees_the_proof_cancels_another_and_downloads_the_final()
    {
        var (writerEmail, _) = await fixture.WriterAsync("anniversary", "birthday");
        var adminEmail = await fixture.AdminAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        // Signing up ends on the e-mailed link, which confirms the address and signs in.
        await fixture.SignUpAsync(page, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("is confirmed");
        await Assertions.Expect(page.Locator("#unconfirmed")).ToHaveCountAsync(0);

        await page.GotoAsync("/app/keys");
        await page.GetByLabel("Name").FillAsync("my shop");
        await page.GetByLabel("Mode").SelectOptionAsync("live");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-secret")).ToHaveTextAsync(new Regex("^lt_live_"));

        // The order form, with the handwriting chosen by its picture.
        var first = await OrderThroughTheFormAsync(page, "Claire Martin", "Fifty years since the almond croissant at the bakery on Rue Cler. Mention Biscuit the dog.", doubleClick: true);
        await BrowserFixture.ScreenshotAsync(page, "client-order-1280");
        await using (var db = fixture.App.NewDbContext())
        {
            var orders = await db.Orders.Where(o => o.Client!.Email == email).ToListAsync(Ct);
            Assert.Single(orders);
            Assert.Equal("caveat", orders[0].Letter.Style);
            Assert.NotNull(orders[0].Price);
        }

        var second = await OrderThroughTheFormAsync(page, "Sam Okafor", "Happy birthday to my oldest friend, who still owes me a bicycle from 1998.", doubleClick: false, occasion: "birthday");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel this letter" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("cancelled");

        // A writer writes the first; the proof appears on the client's page.
        await WriteAndSubmitAsync(writerEmail, first);
        await page.GotoAsync($"/app/orders/{first}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The proof" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByAltText("Page 1 of the proof")).ToBeVisibleAsync();
        var picture = await page.Context.APIRequest.GetAsync($"/app/orders/{first}?handler=Page&kind=proof&n=1");
        Assert.Equal(200, picture.Status);
        Assert.Equal("image/png", picture.Headers["content-type"]);

        // An admin approves; the client reads the final and downloads it.
        await ApproveAsync(adminEmail, first);
        await page.GotoAsync($"/app/orders/{first}");
        await Assertions.Expect(page.GetByAltText("Page 1 of the letter")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('img.page').complete && document.querySelector('img.page').naturalWidth > 0");
        await BrowserFixture.ScreenshotAsync(page, "client-letter-1280");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-letter").ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!, Ct);
        Assert.Contains("almond croissant", await PdfText.ExtractAsync(pdf), StringComparison.Ordinal);

        await page.GotoAsync("/app/orders");
        await Assertions.Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#orders")).ToContainTextAsync("delivered");
        await Assertions.Expect(page.Locator("#orders")).ToContainTextAsync("cancelled");
        await context.CloseAsync();
        _ = second;
    }

    private static async Task<Guid> OrderThroughTheFormAsync(IPage page, string name, string brief, bool doubleClick, string occasion = "anniversary")
    {
        await page.GotoAsync("/app/orders/new");
        await page.GetByLabel("What is the letter for?").SelectOptionAsync(occasion);
        if (await page.Locator("#recipient-id").CountAsync() > 0)
        {
            await page.Locator("#recipient-id").SelectOptionAsync("");
        }

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("12 Rue Cler");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Paris");
        await page.GetByLabel("Postcode", new() { Exact = true }).FillAsync("75007");
        await page.GetByLabel("Country (two letters, e.g. FR, US)").FillAsync("FR");
        await page.GetByLabel("Who they are to you").FillAsync("wife of fifty years");
        await page.GetByLabel("Tell the writer about it").FillAsync(brief);
        await page.GetByAltText("A sample letter in Caveat").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "See the price" }).ClickAsync();
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync(new Regex(@"^USD \d+\.\d\d$"));
        await BrowserFixture.ScreenshotAsync(page, $"client-form-{occasion}-1280");

        var confirm = page.Locator("#confirm");
        if (doubleClick)
        {
            await confirm.DblClickAsync();
        }
        else
        {
            await confirm.ClickAsync();
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/orders/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your letter is ordered");
        return Guid.Parse(page.Url[^36..]);
    }

    private async Task WriteAndSubmitAsync(string writerEmail, Guid orderId)
    {
        using var writer = await StaffHttpAsync(writerEmail);
        using var claim = await writer.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var claimed = await claim.JsonAsync();
        Assert.Equal(orderId, claimed.GetProperty("order_id").GetGuid());
        var attempt = claimed.GetProperty("attempt").GetInt32();
        using var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{orderId}/drafts", new Dictionary<string, object>
        {
            ["attempt"] = attempt, ["base_version"] = 0, ["salutation"] = "My dearest Claire,",
            ["body"] = "Fifty years since the almond croissant. Biscuit still waits by the door.", ["closing"] = "With all my love,", ["signature"] = "Henri",
        }, ApiClients.Json, Ct);
        saved.EnsureSuccessStatusCode();
        using var submitted = await writer.PostAsJsonAsync($"/writer/api/letters/{orderId}/submit", new Dictionary<string, object> { ["attempt"] = attempt, ["version"] = 1 }, ApiClients.Json, Ct);
        submitted.EnsureSuccessStatusCode();
    }

    private async Task ApproveAsync(string adminEmail, Guid orderId)
    {
        using var admin = await StaffHttpAsync(adminEmail);
        var review = await admin.GetStringAsync(new Uri($"/admin/review/{orderId}", UriKind.Relative), Ct);
        using var approved = await admin.PostAsync(new Uri($"/admin/review/{orderId}?handler=Approve", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.Token(review), ["notes"] = "Lovely." }), Ct);
        Assert.True(approved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"approve answered {(int)approved.StatusCode}");
    }

    private async Task<HttpClient> StaffHttpAsync(string email)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = BrowserFixture.Password }, ApiClients.Json, Ct);
        login.EnsureSuccessStatusCode();
        return http;
    }
}
