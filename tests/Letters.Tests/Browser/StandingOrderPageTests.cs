using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A client in real Chromium sets up a letter every year, adds this year's note, skips a year and pauses.</summary>
[Collection(Serial.Name)]
public sealed class StandingOrderPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_sets_up_an_anniversary_letter_every_year_adds_this_years_note_skips_a_year_and_pauses()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@person.test";
        await fixture.SignUpAsync(page, email);
        await using (var db = fixture.App.NewDbContext())
        {
            var client = await db.Clients.SingleAsync(c => c.Email == email, Ct);
            db.Recipients.Add(new Domain.Recipient
            {
                Id = Guid.NewGuid(), ClientId = client.Id, Name = "Claire Martin", AddressLine1 = "12 Rue Cler", City = "Paris", PostalCode = "75007", Country = "FR",
                CreatedAt = fixture.App.Clock.GetUtcNow(), UpdatedAt = fixture.App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(Ct);
        }

        // The day is three months ahead, so this year's letter is still to come.
        var day = DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime).AddMonths(3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Every year" }).ClickAsync();
        await page.ArriveAtAsync("/app/standing-orders");
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Claire Martin" });
        await page.GetByLabel("The day (any year)").FillAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Their time zone").FillAsync("Europe/Paris");
        await page.GetByLabel("They are your…").FillAsync("wife");
        await page.GetByLabel("Signed").FillAsync("Henri");
        await page.GetByLabel("The standing brief").FillAsync("Every year since the bakery on Rue Cler: the croissant, the dog, the fifty years.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set it up" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"the first letter is for {day:d MMMM yyyy}");

        var standing = page.Locator("section.campaign").First;
        await Assertions.Expect(standing.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Anniversary, to Claire Martin");
        await standing.GetByLabel("What happened this year").FillAsync("We finally went back to Lisbon.");
        await standing.GetByRole(AriaRole.Button, new() { Name = "Keep this year's note" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("This year's note is kept");
        await Assertions.Expect(standing.GetByLabel("What happened this year")).ToHaveValueAsync("We finally went back to Lisbon.");
        await BrowserFixture.ScreenshotAsync(page, "client-standing-orders-1280");

        await standing.GetByRole(AriaRole.Button, new() { Name = $"Skip {day.Year}" }).ClickAsync();
        await Assertions.Expect(standing.Locator(".next")).ToContainTextAsync("(skipped)");
        await standing.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(standing.Locator(".state")).ToHaveTextAsync("paused");

        await using (var db = fixture.App.NewDbContext())
        {
            var row = await db.StandingOrderYears.SingleAsync(y => y.Year == day.Year && db.StandingOrders.Any(s => s.Id == y.StandingOrderId && s.PausedAt != null && db.Clients.Any(c => c.Id == s.ClientId && c.Email == email)), Ct);
            Assert.Equal("We finally went back to Lisbon.", row.Note);
            Assert.True(row.Skipped);
        }

        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "client-standing-orders-390");
        await context.DisposeAsync();
    }
}
