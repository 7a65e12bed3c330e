using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>A writer's day in real Chromium: sign in, claim, write beside the live preview, submit.</summary>
[Collection(Serial.Name)]
public sealed partial class WriterDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_writer_claims_drafts_with_autosave_and_preview_and_submits_for_review()
    {
        var (email, writerId) = await fixture.WriterAsync("anniversary");
        var orderId = await OrderAsync("anniversary", "Fifty years since the almond croissant at the bakery on Rue Cler. Mention Biscuit the dog.");
        var page = await fixture.SignInAsync(email);
        await BrowserFixture.ScreenshotAsync(page, "writer-queue-1280");

        await page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await page.ArriveAtAsync($"/writer/letters/{orderId}");
        await Assertions.Expect(page.GetByText("Fifty years since the almond croissant")).ToBeVisibleAsync();

        await page.GetByLabel("Salutation").FillAsync("My dearest Claire,");
        await page.GetByLabel("Letter", new() { Exact = true }).FillAsync("Fifty years ago you asked whether the almond croissants were any good.");
        await page.GetByLabel("Closing").FillAsync("With all my love,");
        await page.GetByLabel("Signature").FillAsync("Henri");
        await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("Saved (version 1)", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("src", new Regex(@"v=1\.\d+$"));

        // More typing in the same sitting folds into the same version: the preview follows each save.
        var before = await page.Locator("#preview").GetAttributeAsync("src");
        await page.GetByLabel("Letter", new() { Exact = true }).PressSequentiallyAsync(" Biscuit still waits for you by the door.");
        await Assertions.Expect(page.Locator("#preview")).Not.ToHaveAttributeAsync("src", before!, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Saved (version 1).", new() { Timeout = 10_000 });
        var previewUrl = await page.Locator("#preview").GetAttributeAsync("src");
        Assert.Matches(SavedVersion(), previewUrl);
        var preview = await page.Context.APIRequest.GetAsync(previewUrl!);
        Assert.Equal("application/pdf", preview.Headers["content-type"]);
        Assert.False(preview.Headers.ContainsKey("content-disposition"), "The preview must show in the page, not download.");
        var previewText = await PdfText.ExtractAsync(await preview.BodyAsync());
        Assert.True(previewText.Contains("Biscuit still waits for you by the door.", StringComparison.Ordinal), previewText);
        Assert.Equal("20", await page.Locator("#word-count").TextContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "writer-workspace-1280");
        var phone = await page.Context.Browser!.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, StorageState = await page.Context.StorageStateAsync() });
        var narrow = await phone.NewPageAsync();
        await narrow.GotoAsync($"/writer/letters/{orderId}");
        await Assertions.Expect(narrow.GetByLabel("Salutation")).ToHaveValueAsync("My dearest Claire,");
        await BrowserFixture.ScreenshotAsync(narrow, "writer-workspace-390");
        await phone.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await page.ArriveAtAsync("/writer?submitted=1");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Submitted for review");

        await using var db = fixture.App.NewDbContext();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, Ct);
        Assert.Equal((OrderStatus.InReview, (Guid?)writerId), (order.Status, order.ClaimedBy));
        Assert.Equal(1, await db.Drafts.CountAsync(d => d.OrderId == orderId, Ct));
        Assert.Contains("Biscuit still waits for you by the door.", (await db.Drafts.Where(d => d.OrderId == orderId && d.Submitted).SingleAsync(Ct)).Body, StringComparison.Ordinal);
        Assert.Equal(1, await db.Renditions.CountAsync(r => r.OrderId == orderId && r.Kind == RenditionKind.Proof, Ct));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Another_writers_browser_cannot_open_the_letter()
    {
        var (owner, _) = await fixture.WriterAsync("birthday");
        var (stranger, _) = await fixture.WriterAsync("birthday");
        var orderId = await OrderAsync("birthday", "A birthday letter for my sister, who turns forty on Sunday.");
        var ownerPage = await fixture.SignInAsync(owner);
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await ownerPage.ArriveAtAsync($"/writer/letters/{orderId}");

        var strangerPage = await fixture.SignInAsync(stranger);
        var response = await strangerPage.GotoAsync($"/writer/letters/{orderId}");

        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("forty on Sunday", await strangerPage.ContentAsync(), StringComparison.Ordinal);
        await ownerPage.Context.CloseAsync();
        await strangerPage.Context.CloseAsync();
    }

    [Fact]
    public async Task Releasing_puts_the_letter_back_in_the_queue_with_the_reason()
    {
        var (email, writerId) = await fixture.WriterAsync("condolence");
        var orderId = await OrderAsync("condolence", "My neighbour lost her husband of forty years last week.");
        var page = await fixture.SignInAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await page.ArriveAtAsync($"/writer/letters/{orderId}");

        await page.GetByLabel("Give this letter back, because…").FillAsync("I lost my own father this month.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await page.ArriveAtAsync("/writer");

        await using var db = fixture.App.NewDbContext();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, Ct);
        Assert.Equal(OrderStatus.Queued, order.Status);
        Assert.Contains(writerId, order.DeclinedBy);
        Assert.Equal("I lost my own father this month.", (await db.OrderEvents.Where(e => e.OrderId == orderId).OrderBy(e => e.Id).LastAsync(Ct)).Note);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_save_from_a_stale_second_tab_says_so_and_overwrites_nothing()
    {
        var (email, _) = await fixture.WriterAsync("apology");
        var orderId = await OrderAsync("apology", "I forgot my best friend's wedding anniversary party and want to apologise.");
        var first = await fixture.SignInAsync(email);
        await first.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await first.ArriveAtAsync($"/writer/letters/{orderId}");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync($"/writer/letters/{orderId}");

        await first.GetByLabel("Letter", new() { Exact = true }).FillAsync("Dear Sam, I am so sorry.");
        await Assertions.Expect(first.Locator("#save-status")).ToContainTextAsync("Saved (version 1)", new() { Timeout = 10_000 });
        await second.GetByLabel("Letter", new() { Exact = true }).FillAsync("A different text from an old tab.");

        await Assertions.Expect(second.Locator("#conflict")).ToContainTextAsync("A newer version was saved elsewhere", new() { Timeout = 10_000 });
        await Assertions.Expect(second.GetByLabel("Letter", new() { Exact = true })).Not.ToBeEditableAsync();
        await BrowserFixture.ScreenshotAsync(second, "writer-conflict-1280");
        await using var db = fixture.App.NewDbContext();
        var drafts = await db.Drafts.Where(d => d.OrderId == orderId).Select(d => d.Body).ToListAsync(Ct);
        Assert.Equal(["Dear Sam, I am so sorry."], drafts);
        await first.Context.CloseAsync();
    }

    [Fact]
    public async Task The_workspace_remembers_earlier_letters_and_puts_reviewer_notes_on_top()
    {
        var (email, writerId) = await fixture.WriterAsync("love");
        var client = await ApiClients.CreateAsync(fixture.App);
        using var saved = await client.Http.PostAsJsonAsync("/v1/recipients", new { name = "Claire Martin", address_line1 = "12 Rue Cler", city = "Paris", postal_code = "75007", country = "FR" }, ApiClients.Json, Ct);
        var recipientId = (await saved.JsonAsync()).GetProperty("id").GetGuid();
        using var lastYear = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; b["occasion"] = "love"; }));
        using var thisYear = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b.Remove("recipient"); b["recipient_id"] = recipientId; b["occasion"] = "love"; }));
        var lastYearId = (await lastYear.JsonAsync()).GetProperty("id").GetGuid();
        var thisYearId = (await thisYear.JsonAsync()).GetProperty("id").GetGuid();
        await using (var db = fixture.App.NewDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            var earlierDraft = new Draft { Id = Guid.NewGuid(), OrderId = lastYearId, WriterId = writerId, Version = 1, Attempt = 1, Salutation = "Dear Claire,", Body = "Forty-nine years, and you still steal my croissant.", Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = now };
            var draft = new Draft { Id = Guid.NewGuid(), OrderId = thisYearId, WriterId = writerId, Version = 1, Attempt = 1, Salutation = "Dear Claire,", Body = "Fifty years.", Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = now };
            db.Drafts.AddRange(earlierDraft, draft);
            db.Reviews.Add(new Review { Id = Guid.NewGuid(), OrderId = lastYearId, DraftId = earlierDraft.Id, ReviewerId = Guid.NewGuid(), ReviewerName = "Ada", Decision = ReviewDecision.Approved, Notes = "She prefers 'Claire' to nicknames.", CreatedAt = now });
            db.Reviews.Add(new Review { Id = Guid.NewGuid(), OrderId = thisYearId, DraftId = draft.Id, ReviewerId = Guid.NewGuid(), ReviewerName = "Ada", Decision = ReviewDecision.ChangesRequested, Notes = "Please mention the picnic at Étretat.", CreatedAt = now });
            await db.SaveChangesAsync(Ct);
            await db.Orders.Where(o => o.Id == lastYearId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.ClaimedBy, writerId), Ct);
            await db.Orders.Where(o => o.Id == thisYearId).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OrderStatus.ChangesRequested).SetProperty(o => o.ClaimedBy, writerId).SetProperty(o => o.Attempt, 1)
                .SetProperty(o => o.ClaimedAt, now).SetProperty(o => o.LeaseUntil, now.AddMinutes(30)), Ct);
        }

        var page = await fixture.SignInAsync(email);
        await Assertions.Expect(page.GetByText("changes requested")).ToBeVisibleAsync();
        await page.GotoAsync($"/writer/letters/{thisYearId}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Changes requested by Ada" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Please mention the picnic at Étretat.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Forty-nine years, and you still steal my croissant.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("She prefers 'Claire' to nicknames.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Letter", new() { Exact = true })).ToHaveValueAsync("Fifty years.");
        await BrowserFixture.ScreenshotAsync(page, "writer-changes-requested-1280");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task New_letters_appear_in_the_queue_view_without_a_reload()
    {
        var (email, _) = await fixture.WriterAsync("congratulations");
        var page = await fixture.SignInAsync(email);
        await Assertions.Expect(page.Locator("#waiting")).ToHaveTextAsync("0");

        await OrderAsync("congratulations", "My niece passed her medical exams after three hard years.");

        await Assertions.Expect(page.Locator("#waiting")).ToHaveTextAsync("1", new() { Timeout = 12_000 });
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"v=1\.([2-9]|\d\d+)$")]
    private static partial Regex SavedVersion();

    private async Task<Guid> OrderAsync(string occasion, string brief)
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["occasion"] = occasion; b["brief"] = brief; }));
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }
}
