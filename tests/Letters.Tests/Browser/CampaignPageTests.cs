using System.Text;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A client in real Chromium creates a campaign, sends its file, reads the report, starts it and follows its bar.</summary>
[Collection(Serial.Name)]
public sealed class CampaignPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_client_sends_a_file_reads_its_report_starts_without_the_broken_row_and_sees_the_progress()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await fixture.SignUpAsync(page, $"{Guid.NewGuid():N}@person.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await page.ArriveAtAsync("/app/campaigns");
        await page.GetByLabel("Name").FillAsync("Winter thank-yous");
        await page.GetByLabel("They are your…").FillAsync("donors");
        await page.GetByLabel("The brief").FillAsync("Thank each donor for their gift to the library this winter, and name what it paid for.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is created");

        var csv = CampaignSteps.Csv([CampaignSteps.Row(1), CampaignSteps.Row(2, country: "Atlantis"), CampaignSteps.Row(3, postalCode: "2134")]);
        await page.GetByLabel("The file").SetInputFilesAsync(new FilePayload { Name = "donors.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("being checked");
        await fixture.App.WorkAsync();

        await page.GotoAsync("/app/campaigns");
        var campaign = page.Locator("section.campaign").First;
        await Assertions.Expect(campaign.Locator(".state")).ToHaveTextAsync("ready");
        await Assertions.Expect(campaign.Locator(".counts")).ToContainTextAsync("3 rows: 2 valid, 1 with errors, 1 with warnings");
        var download = await page.RunAndWaitForDownloadAsync(() => campaign.GetByRole(AriaRole.Link, new() { Name = "Report (CSV)" }).ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("3,country,ATLANTIS,error,", report, StringComparison.Ordinal);
        Assert.Contains("4,postal_code,2134,warning,", report, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "client-campaigns-1280");

        await campaign.GetByRole(AriaRole.Button, new() { Name = "Start, skipping 1 invalid row" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Started");
        await fixture.App.WorkAsync();
        await page.GotoAsync("/app/campaigns");
        await Assertions.Expect(campaign.Locator(".state")).ToHaveTextAsync("writing");
        await Assertions.Expect(campaign.Locator("progress")).ToHaveAttributeAsync("value", "20");
        await Assertions.Expect(campaign.Locator(".counts")).ToContainTextAsync("2 letters ordered");

        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "client-campaigns-390");
        await context.DisposeAsync();
    }
}
