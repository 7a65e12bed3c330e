using Letters.Auth;
using Letters.Domain;
using Letters.Tests.Books;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A client in real Chromium binds the letters sent to Claire as a book, follows it and downloads it.</summary>
[Collection(Serial.Name)]
public sealed class BookPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_makes_a_book_of_the_letters_to_claire_sees_its_contents_and_downloads_it()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);
        await WriteLettersAsync(email, 3);

        await page.GetByRole(AriaRole.Link, new() { Name = "Books" }).ClickAsync();
        await page.ArriveAtAsync("/app/books");
        await page.GetByLabel("The letters to").SelectOptionAsync(new SelectOptionValue { Label = "Claire Martin (3 letters)" });
        await page.GetByLabel("Title").FillAsync("Fifty Years of Mornings");
        await page.GetByLabel("Dedication").FillAsync("For Claire, who kept every one of them.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the book" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is being made from 3 letters");
        var book = page.Locator("section.campaign").First;
        await Assertions.Expect(book.Locator(".state")).ToHaveTextAsync("queued");
        await Assertions.Expect(book.Locator("progress")).ToHaveAttributeAsync("value", "0");

        await fixture.App.BuildAsync();
        await page.GotoAsync("/app/books");
        await Assertions.Expect(book.Locator(".state")).ToHaveTextAsync("done");
        await Assertions.Expect(book.Locator(".counts")).ToContainTextAsync("24 pages");
        await book.GetByText("Contents").ClickAsync();
        await Assertions.Expect(book.Locator(".contents li")).ToHaveCountAsync(3);
        await Assertions.Expect(book.Locator(".contents li").First).ToContainTextAsync("Anniversary · Paris, France");
        await BrowserFixture.ScreenshotAsync(page, "client-books-1280");

        var download = await page.RunAndWaitForDownloadAsync(() => book.GetByRole(AriaRole.Link, new() { Name = "Download the book (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync(), Ct);
        Assert.Contains("Fifty Years of Mornings", await PdfText.ExtractAsync(pdf, 1), StringComparison.Ordinal);
        Assert.Contains("For Claire, who kept every one of them.", await PdfText.ExtractAsync(pdf, 3), StringComparison.Ordinal);

        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "client-books-390");
        await context.DisposeAsync();
    }

    /// <summary>
    /// Live letters take a writer and a reviewer; these are written by the test autopilot through a test key of the
    /// same client, due a month apart, then made live, which is what the web app shows.
    /// </summary>
    private async Task WriteLettersAsync(string email, int count)
    {
        var secret = ApiKeySecrets.Generate(ApiKeyMode.Test);
        Guid clientId;
        await using (var db = fixture.App.NewDbContext())
        {
            var client = await db.Clients.SingleAsync(c => c.Email == email, Ct);
            clientId = client.Id;
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), ClientId = client.Id, Mode = ApiKeyMode.Test, Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), CreatedAt = fixture.App.Clock.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }

        var http = fixture.App.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        var api = new ApiClient(clientId, secret, http);
        using var recipient = await http.PostAsync(new Uri("/v1/recipients", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { name = "Claire Martin", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" }), Ct);
        var claire = (await recipient.JsonAsync()).GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < count; i++)
        {
            var due = today.AddDays(20 + (30 * i)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await api.WrittenLetterAsync(fixture.App, fixture.App.Clock, claire, b => b["deliver_by"] = due);
        }

        await using var live = fixture.App.NewDbContext();
        await live.Orders.Where(o => o.ClientId == clientId).ExecuteUpdateAsync(s => s.SetProperty(o => o.IsTest, false), Ct);
    }
}
