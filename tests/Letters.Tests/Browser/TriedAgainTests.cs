using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Letters.Features.Orders;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>The second walk through the app as a client, a writer and an admin would take it, in real Chromium.</summary>
[Collection(Serial.Name)]
public sealed partial class TriedAgainTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>A plain HTTP client holding a copy of the browser's cookies, as someone who saved them would.</summary>
    private HttpClient WithCookiesOf(IReadOnlyList<BrowserContextCookiesResult> cookies)
    {
        var jar = new CookieContainer();
        foreach (var cookie in cookies)
        {
            jar.Add(new Uri(fixture.BaseUrl), new System.Net.Cookie(cookie.Name, cookie.Value, "/"));
        }

        return new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_a_saved_copy_of_the_cookie_no_longer_works()
    {
        var client = await NewPageAsync();
        await fixture.SignUpAsync(client, $"{Guid.NewGuid():N}@person.test");
        var saved = await client.Context.CookiesAsync();
        await client.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await client.ArriveAtAsync("/app/signin");
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        using (var copy = WithCookiesOf(saved))
        {
            using var home = await copy.GetAsync(new Uri("/app", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/app/signin", home.Headers.Location!.AbsolutePath);
        }

        await client.Context.CloseAsync();

        var (writerEmail, _) = await fixture.WriterAsync("birthday");
        var writer = await fixture.SignInAsync(writerEmail);
        var staffCookies = await writer.Context.CookiesAsync();
        await writer.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await writer.ArriveAtAsync("/account/login");
        await writer.GotoAsync("/writer");
        await Assertions.Expect(writer.GetByLabel("Password")).ToBeVisibleAsync();
        using (var copy = WithCookiesOf(staffCookies))
        {
            using var summary = await copy.GetAsync(new Uri("/writer/api/summary", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, summary.StatusCode);
        }

        await writer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_writer_reads_the_clients_revision_notes_and_not_notes_on_other_letters()
    {
        var (writerEmail, writerId) = await fixture.WriterAsync("condolence", "apology");
        var adminEmail = await fixture.AdminAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        using var http = await StaffHttpAsync(writerEmail);
        using var admin = await StaffHttpAsync(adminEmail);

        // Another letter of the same client, sent back once by review with a note of its own.
        var other = await OrderAsync(client, "apology");
        var otherAttempt = await ClaimAsync(http, other);
        await WriteAndSubmitAsync(http, other, otherAttempt, 1);
        await DecideAsync(admin, other, "RequestChanges", "Too formal for Sam: he would laugh.");

        // The letter that comes back: written, approved, delivered, then a revision asked for.
        var letter = await OrderAsync(client, "condolence");
        await WriteAndSubmitAsync(http, letter, await ClaimAsync(http, letter), 1);
        await DecideAsync(admin, letter, "Approve", "Lovely.");
        using (var pdf = await client.Http.GetAsync(new Uri($"/v1/orders/{letter}/letter.pdf", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        }

        using var revision = await client.Http.PostAsJsonAsync($"/v1/orders/{letter}/revisions", new { notes = "Please mention the bakery on Rue Cler by name." }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, revision.StatusCode);

        var page = await fixture.SignInAtAsync(writerEmail, $"/writer/letters/{letter}");

        await Assertions.Expect(page.Locator("#revision")).ToContainTextAsync("Please mention the bakery on Rue Cler by name.");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Too formal for Sam");
        await BrowserFixture.ScreenshotAsync(page, "writer-revision-notes-1280");
        await page.Context.CloseAsync();
        _ = writerId;
    }

    [Fact]
    public async Task The_home_page_offers_a_client_a_way_in()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.ArriveAtAsync("/signup");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("/app/signin");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_order_form_speaks_in_its_labels_shows_the_price_in_place_and_back_after_ordering_is_a_fresh_form()
    {
        var page = await NewPageAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);
        await page.GotoAsync("/app/orders/new");

        // The keyboard's first stop skips the header.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();

        // A form sent with an empty address: the errors say the labels, and link to the field.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Claire Martin");
        await page.GetByLabel("Tell the writer about it").FillAsync("Fifty years since the almond croissant at the bakery on Rue Cler.");
        await page.GetByRole(AriaRole.Button, new() { Name = "See the price" }).ClickAsync();
        var errors = page.Locator("#form-errors");
        await Assertions.Expect(errors).ToBeFocusedAsync();
        await Assertions.Expect(errors).ToContainTextAsync("Address must not be empty");
        await Assertions.Expect(errors).Not.ToContainTextAsync("address_line1");
        await Assertions.Expect(errors.GetByRole(AriaRole.Link, new() { Name = "Address must not be empty." })).ToHaveAttributeAsync("href", "#line1");

        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("12 Rue Cler");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Paris");
        await page.GetByLabel("Postcode", new() { Exact = true }).FillAsync("75007");
        await page.GetByLabel("Country (two letters, e.g. FR, US)").FillAsync("FR");
        await page.GetByLabel("Who they are to you").FillAsync("wife of fifty years");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change something and see the price again" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "See the price" })).ClickAsync();

        // The price appears where the keyboard is: the next key orders.
        await Assertions.Expect(page.Locator("#confirm")).ToBeFocusedAsync();
        Assert.Equal("/app/orders/new", new Uri(page.Url).AbsolutePath);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/orders/[0-9a-f-]{36}$"));

        var back = await page.GoBackAsync();
        Assert.NotNull(back);
        Assert.Equal(200, back.Status);
        Assert.Equal("GET", back.Request.Method);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Order a letter" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_header_folds_into_a_menu_the_order_form_stays_short_and_key_actions_are_on_screen()
    {
        var page = await NewPageAsync(390, 844);
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);

        var header = await page.Locator("header.top").BoundingBoxAsync();
        Assert.True(header!.Height < 70, $"the header is {header.Height} px tall on a phone");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "API keys" })).Not.ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.ArriveAtAsync("/app/keys");

        await page.GetByLabel("Name").FillAsync("my phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a key" }).ClickAsync();
        var revoke = page.GetByRole(AriaRole.Button, new() { Name = "Revoke" });
        await Assertions.Expect(revoke).ToBeVisibleAsync();
        var box = await revoke.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 390, $"Revoke ends at {box.X + box.Width} px on a 390 px screen");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the keys page is wider than the phone");
        await BrowserFixture.ScreenshotAsync(page, "client-keys-390");

        await page.GotoAsync("/app/orders/new");
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height < 4500, $"the order form is {height} px long on a phone");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the order form is {width} px wide on a 390 px screen");
        await BrowserFixture.ScreenshotAsync(page, "client-order-form-390");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_letter_is_shown_in_pictures_the_size_the_page_shows_them()
    {
        var page = await NewPageAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);
        Guid clientId;
        await using (var db = fixture.App.NewDbContext())
        {
            clientId = await db.Clients.Where(c => c.Email == email).Select(c => c.Id).SingleAsync(Ct);
        }

        var client = await ApiClients.ForClientAsync(fixture.App, clientId);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => b["auto_draft"] = true));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        await page.GotoAsync($"/app/orders/{id}");
        await page.WaitForFunctionAsync("() => document.querySelector('img.page').complete && document.querySelector('img.page').naturalWidth > 0");
        var shown = await page.EvaluateAsync<string>("() => document.querySelector('img.page').currentSrc");
        Assert.Contains("size=medium", shown, StringComparison.Ordinal);
        var bytes = await page.Context.APIRequest.GetAsync(shown);
        Assert.True((await bytes.BodyAsync()).Length < 600_000, "the picture shown is under 600 KB");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_campaign_files_bad_rows_are_listed_on_the_page_by_row_column_and_value()
    {
        var page = await NewPageAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);
        await page.GotoAsync("/app/campaigns");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Winter thank-yous");
        await page.GetByLabel("They are your…").FillAsync("donors");
        await page.GetByLabel("The brief (one-letter campaigns): what the letter should say").FillAsync("Thank each donor for their gift to the library this winter.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();
        var rows = new[] { CampaignSteps.Row(1), CampaignSteps.Row(2, country: "Narnia"), CampaignSteps.Row(3) };
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, CampaignSteps.Csv(rows), Ct);
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await fixture.App.WorkAsync();
        await page.GotoAsync("/app/campaigns");

        var problems = page.Locator("table.problems");
        var narnia = problems.Locator("tbody tr", new() { HasText = "NARNIA" });
        await Assertions.Expect(narnia).ToHaveCountAsync(1);
        await Assertions.Expect(narnia.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(narnia.Locator("td").Nth(1)).ToHaveTextAsync("country");
        await Assertions.Expect(narnia.Locator("td").Nth(2)).ToHaveTextAsync("NARNIA");
        await Assertions.Expect(narnia.Locator("td").Nth(3)).ToContainTextAsync("Country");
        await Assertions.Expect(narnia.Locator("td").Nth(3)).Not.ToContainTextAsync("'country'");
        await BrowserFixture.ScreenshotAsync(page, "client-campaign-problems-1280");
        File.Delete(file);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admins_compare_button_is_not_covered_by_the_actions_beside_it()
    {
        var (writerEmail, _) = await fixture.WriterAsync("friendship");
        var client = await ApiClients.CreateAsync(fixture.App);
        var id = await OrderAsync(client, "friendship");
        using (var http = await StaffHttpAsync(writerEmail))
        {
            var attempt = await ClaimAsync(http, id);
            await SaveAsync(http, id, attempt, 0, Guid.NewGuid(), "We met on the ferry.");
            await SaveAsync(http, id, attempt, 1, Guid.NewGuid(), "We met on the ferry to Skye. You lent me a scarf.");
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/orders/{id}");
        var show = admin.GetByRole(AriaRole.Button, new() { Name = "Show" });
        var box = await show.BoundingBoxAsync();
        var onTop = await admin.EvaluateAsync<string>($"() => document.elementFromPoint({box!.X + (box.Width / 2)}, {box.Y + (box.Height / 2)})?.textContent?.trim() ?? ''");
        Assert.Equal("Show", onTop);
        var actions = await admin.GetByRole(AriaRole.Heading, new() { Name = "Actions" }).BoundingBoxAsync();
        Assert.True(box.X + box.Width <= actions!.X || box.Y >= actions.Y + 1000 || actions.X + actions.Width <= box.X, "the button and the actions column overlap");
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task After_submitting_the_next_claimed_letter_shows_no_stale_message()
    {
        var (writerEmail, _) = await fixture.WriterAsync("congratulations");
        var client = await ApiClients.CreateAsync(fixture.App);
        var first = await OrderAsync(client, "congratulations");
        var page = await fixture.SignInAsync(writerEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await page.ArriveAtAsync($"/writer/letters/{first}");
        await page.GetByLabel("Salutation").FillAsync("Dear Claire,");
        await page.GetByLabel("Letter", new() { Exact = true }).FillAsync("Congratulations on the new bakery.");
        await page.GetByLabel("Closing").FillAsync("Warmly,");
        await page.GetByLabel("Signature").FillAsync("Henri");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await page.ArriveAtAsync("/writer?submitted=1");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Submitted for review");

        var second = await OrderAsync(client, "congratulations");
        await page.GotoAsync("/writer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await page.ArriveAtAsync($"/writer/letters/{second}");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Submitted for review. Thank you.");
        await page.Context.CloseAsync();
    }

    private static async Task<Guid> OrderAsync(ApiClient client, string occasion)
    {
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(new TestClock(DateTimeOffset.UtcNow), b => b["occasion"] = occasion));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<int> ClaimAsync(HttpClient writer, Guid expected)
    {
        using var claim = await writer.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        var claimed = await claim.JsonAsync();
        Assert.Equal(expected, claimed.GetProperty("order_id").GetGuid());
        return claimed.GetProperty("attempt").GetInt32();
    }

    private static async Task SaveAsync(HttpClient writer, Guid id, int attempt, int baseVersion, Guid session, string body)
    {
        using var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", new Dictionary<string, object>
        {
            ["attempt"] = attempt, ["base_version"] = baseVersion, ["session"] = session, ["salutation"] = "Dear Claire,", ["body"] = body, ["closing"] = "Warmly,", ["signature"] = "Henri",
        }, ApiClients.Json, Ct);
        saved.EnsureSuccessStatusCode();
    }

    private static async Task WriteAndSubmitAsync(HttpClient writer, Guid id, int attempt, int version)
    {
        await SaveAsync(writer, id, attempt, version - 1, Guid.NewGuid(), "Fifty years since the almond croissant. Biscuit still waits by the door.");
        using var submitted = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new { attempt, version }, ApiClients.Json, Ct);
        submitted.EnsureSuccessStatusCode();
    }

    private static async Task DecideAsync(HttpClient admin, Guid id, string handler, string notes)
    {
        var review = await admin.GetStringAsync(new Uri($"/admin/review/{id}", UriKind.Relative), Ct);
        using var decided = await admin.PostAsync(new Uri($"/admin/review/{id}?handler={handler}", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.Token(review), ["notes"] = notes }), Ct);
        Assert.True(decided.StatusCode is HttpStatusCode.Redirect, $"{handler} answered {(int)decided.StatusCode}");
    }

    private async Task<HttpClient> StaffHttpAsync(string email)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = BrowserFixture.Password }, ApiClients.Json, Ct);
        login.EnsureSuccessStatusCode();
        return http;
    }
}
