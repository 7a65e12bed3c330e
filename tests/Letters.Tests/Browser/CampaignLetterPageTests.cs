using Letters.Domain;
using Letters.Features.Queue;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>In real Chromium: the writer's workspace for a campaign letter lists its merge fields, and review shows it for other recipients.</summary>
[Collection(Serial.Name)]
public sealed class CampaignLetterPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_writer_sees_the_merge_fields_and_the_admin_reads_the_letter_as_other_recipients_will()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var campaign = await client.CreateCampaignAsync(fixture.App.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(
            [CampaignSteps.Row(1, name: "Anna Lind", gift: "the reading room"), CampaignSteps.Row(2, name: "Emma Berg", gift: "the science wing"), CampaignSteps.Row(3, name: "Lena Holm")]));
        var letter = (await client.CampaignAsync(campaign)).GetProperty("letter_order_id").GetGuid();

        var (writerEmail, writerId) = await fixture.WriterAsync("thank_you");
        int attempt;
        await using (var db = fixture.App.NewDbContext())
        {
            var claim = (await ClaimNext.ExecuteAsync(db, writerId, fixture.App.Clock.GetUtcNow(), new QueueOptions(), TestContext.Current.CancellationToken)).Claim!;
            Assert.Equal(letter, claim.OrderId);
            attempt = claim.Attempt;
        }

        var page = await fixture.SignInAtAsync(writerEmail, $"/writer/letters/{letter}");
        await Assertions.Expect(page.Locator("#campaign")).ToContainTextAsync("One letter for 3 recipients");
        await Assertions.Expect(page.Locator("#merge-fields")).ToContainTextAsync("{{custom.gift}}");
        await BrowserFixture.ScreenshotAsync(page, "writer-campaign-letter-1280");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "writer-campaign-letter-390");

        // Written and submitted through the workspace's own API, with the writer's cookie.
        var saved = await page.Context.APIRequest.PostAsync($"/writer/api/letters/{letter}/drafts", new() { DataObject = new Dictionary<string, object>
        {
            ["attempt"] = attempt, ["base_version"] = 0, ["salutation"] = "Dear {{first_name}},", ["closing"] = "With heartfelt thanks,", ["signature"] = "The Library",
            ["body"] = "Your gift made {{custom.gift}} possible this winter. Everyone who opens a book there owes you a little of the quiet they find.",
        } });
        Assert.True(saved.Ok, await saved.TextAsync());
        var submitted = await page.Context.APIRequest.PostAsync($"/writer/api/letters/{letter}/submit", new() { DataObject = new Dictionary<string, object> { ["attempt"] = attempt, ["version"] = 1 } });
        Assert.True(submitted.Ok, await submitted.TextAsync());

        var review = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/review/{letter}");
        await Assertions.Expect(review.Locator("#campaign")).ToContainTextAsync("Dear Emma,");
        await Assertions.Expect(review.Locator("#campaign")).ToContainTextAsync("Your gift made the science wing possible");
        await BrowserFixture.ScreenshotAsync(review, "admin-campaign-review-1280");
        await review.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(review, "admin-campaign-review-390");
    }
}
