using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>What a writer and an admin ran into on their first day, in real Chromium.</summary>
[Collection(Serial.Name)]
public sealed class TriedAsStaffTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> OrderAsync(string occasion, Action<Dictionary<string, object?>>? change = null)
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["occasion"] = occasion; change?.Invoke(b); }));
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<IPage> ClaimAsync(string email, Guid orderId)
    {
        var page = await fixture.SignInAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await page.ArriveAtAsync($"/writer/letters/{orderId}");
        return page;
    }

    [Fact]
    public async Task Typing_just_before_leaving_the_page_is_saved()
    {
        var (email, _) = await fixture.WriterAsync("thank_you");
        var orderId = await OrderAsync("thank_you");
        var page = await ClaimAsync(email, orderId);

        await page.GetByLabel("Letter", new() { Exact = true }).FillAsync("Thank you for the soup when I was ill.");
        await page.GetByRole(AriaRole.Link, new() { Name = "← My letters" }).ClickAsync();
        await page.ArriveAtAsync("/writer");

        await using var db = fixture.App.NewDbContext();
        string? body = null;
        for (var i = 0; i < 50 && body is null; i++)
        {
            body = await db.Drafts.Where(d => d.OrderId == orderId).OrderByDescending(d => d.Version).Select(d => d.Body).FirstOrDefaultAsync(Ct);
            await Task.Delay(100, Ct);
        }

        Assert.Equal("Thank you for the soup when I was ill.", body);
        var phone = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, StorageState = await page.Context.StorageStateAsync() });
        var narrow = await phone.NewPageAsync();
        await narrow.GotoAsync("/writer");
        await Assertions.Expect(narrow.GetByRole(AriaRole.Columnheader, new() { Name = "Due" })).ToBeVisibleAsync();
        await Assertions.Expect(narrow.GetByText(new Regex(@"^due in \d+ days"))).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(narrow, "writer-queue-390");
        await phone.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Autosaves_of_one_sitting_make_one_version_not_one_every_two_seconds()
    {
        var (email, _) = await fixture.WriterAsync("friendship");
        var orderId = await OrderAsync("friendship");
        var page = await ClaimAsync(email, orderId);
        var letter = page.GetByLabel("Letter", new() { Exact = true });

        foreach (var sentence in new[] { "We met on the ferry.", " You lent me a scarf.", " I still have it." })
        {
            await letter.PressSequentiallyAsync(sentence);
            await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Saved (version 1).", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator(".editor")).Not.ToHaveAttributeAsync("data-saves", "", new() { Timeout = 10_000 });
        }

        await using var db = fixture.App.NewDbContext();
        var drafts = await db.Drafts.Where(d => d.OrderId == orderId).ToListAsync(Ct);
        var draft = Assert.Single(drafts);
        Assert.Equal("We met on the ferry. You lent me a scarf. I still have it.", draft.Body);
        Assert.True(draft.Saves >= 2, $"{draft.Saves} saves folded in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_workspace_hints_fit_the_letter_and_say_when_it_is_due()
    {
        var (email, _) = await fixture.WriterAsync("condolence");
        var orderId = await OrderAsync("condolence", b => ((Dictionary<string, object?>)b["recipient"]!)["name"] = "Rose Miller");
        var page = await ClaimAsync(email, orderId);

        await Assertions.Expect(page.GetByLabel("Salutation")).ToHaveAttributeAsync("placeholder", "Dear Rose,");
        await Assertions.Expect(page.GetByLabel("Closing")).ToHaveAttributeAsync("placeholder", "With deepest sympathy,");
        await Assertions.Expect(page.GetByLabel("Signature")).ToHaveAttributeAsync("placeholder", "");
        await Assertions.Expect(page.GetByText(new Regex(@"due in \d+ days \(\d+ \w+, \d\d:\d\d UTC\)"))).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#preview-hint")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#preview")).ToBeHiddenAsync();

        await page.GetByLabel("Give this letter back, because…").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        Assert.False(await page.GetByLabel("Give this letter back, because…").EvaluateAsync<bool>("e => e.validity.valid"));
        await page.ArriveAtAsync($"/writer/letters/{orderId}");
        await BrowserFixture.ScreenshotAsync(page, "writer-hints-1280");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_save_status_is_announced_on_changes_of_state_not_on_every_key()
    {
        var (email, _) = await fixture.WriterAsync("apology");
        var orderId = await OrderAsync("apology");
        var page = await ClaimAsync(email, orderId);
        await page.EvaluateAsync("""
            () => { window.announcements = 0;
                    new MutationObserver(m => window.announcements += m.length)
                      .observe(document.getElementById('save-status'), { childList: true, characterData: true, subtree: true }); }
            """);

        await page.GetByLabel("Letter", new() { Exact = true }).PressSequentiallyAsync("I am sorry I missed your wedding; the train never came.", new() { Delay = 10 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Saved (version 1).", new() { Timeout = 10_000 });

        var announcements = await page.EvaluateAsync<int>("() => window.announcements");
        Assert.InRange(announcements, 1, 6);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_writer_who_is_offline_sees_it_and_why_the_claim_button_is_off()
    {
        var (email, writerId) = await fixture.WriterAsync("birthday");
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Writers.Where(w => w.Id == writerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, Availability.Offline), Ct);
        }

        var page = await fixture.SignInAsync(email);

        await Assertions.Expect(page.Locator("#availability-state")).ToContainTextAsync("offline");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" })).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#claim-reason")).ToContainTextAsync("set yourself available");
        await page.GetByLabel("Set").SelectOptionAsync("available");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(page.Locator("#availability-state")).ToContainTextAsync("available");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" })).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_missing_page_is_an_html_page_with_a_way_back_and_an_admin_lands_on_the_inbox()
    {
        var (email, _) = await fixture.WriterAsync("birthday");
        var writer = await fixture.SignInAsync(email);

        var response = await writer.GotoAsync($"/writer/letters/{Guid.NewGuid()}");

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(writer.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await writer.GetByRole(AriaRole.Link, new() { Name = "Back to my letters" }).ClickAsync();
        await writer.ArriveAtAsync("/writer");
        var forbidden = await writer.GotoAsync("/admin");
        Assert.Equal(403, forbidden!.Status);
        await Assertions.Expect(writer.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await writer.Context.CloseAsync();

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl });
        var admin = await context.NewPageAsync();
        await admin.GotoAsync("/account/login");
        await admin.GetByLabel("Email").FillAsync(await fixture.AdminAsync());
        await admin.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.ArriveAtAsync("/admin");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_second_review_round_shows_the_earlier_notes_what_changed_and_the_whole_brief()
    {
        var orderId = await OrderAsync("anniversary");
        var (_, writerId) = await fixture.WriterAsync("anniversary");
        await using (var db = fixture.App.NewDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            var first = new Draft { Id = Guid.NewGuid(), OrderId = orderId, WriterId = writerId, Version = 1, Attempt = 1, Salutation = "Dear Claire,", Body = "Fifty years of croissants.", Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = now.AddHours(-3), SavedAt = now.AddHours(-3) };
            var second = new Draft { Id = Guid.NewGuid(), OrderId = orderId, WriterId = writerId, Version = 2, Attempt = 1, Salutation = "Dear Claire,", Body = "Fifty years of almond croissants.\n\nAnd Biscuit, who waits by the door.", Closing = "Love,", Signature = "Henri", Submitted = true, CreatedAt = now.AddHours(-1), SavedAt = now.AddHours(-1) };
            db.Drafts.AddRange(first, second);
            db.Reviews.Add(new Review { Id = Guid.NewGuid(), OrderId = orderId, DraftId = first.Id, ReviewerId = Guid.NewGuid(), ReviewerName = "Ada Admin", Decision = ReviewDecision.ChangesRequested, Notes = "Mention Biscuit the dog.", CreatedAt = now.AddHours(-2) });
            await db.SaveChangesAsync(Ct);
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.InReview).SetProperty(o => o.ClaimedBy, writerId).SetProperty(o => o.Attempt, 1), Ct);
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/review/{orderId}");

        await Assertions.Expect(admin.Locator("#earlier-reviews")).ToContainTextAsync("Mention Biscuit the dog.");
        await Assertions.Expect(admin.Locator("#round-diff ins")).ToContainTextAsync(["almond", "And Biscuit, who waits by the door."]);
        await Assertions.Expect(admin.Locator("#word-count")).ToContainTextAsync("against about 250");
        await Assertions.Expect(admin.Locator("#address")).ToContainTextAsync("12 Rue Cler");
        await Assertions.Expect(admin.Locator(".brief")).ToContainTextAsync("English");
        await Assertions.Expect(admin.Locator(".brief")).ToContainTextAsync("Allure (pen)");
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Approve and render the final letter" })).ToBeInViewportAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Request changes" })).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(admin, "admin-review-round-two-1280");

        await admin.GotoAsync($"/admin/orders/{orderId}");
        await Assertions.Expect(admin.GetByLabel("Compare")).ToHaveValueAsync("1");
        await Assertions.Expect(admin.GetByLabel("with")).ToHaveValueAsync("2");
        Assert.Contains("\n", await admin.Locator("#diff").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(admin.GetByLabel("Reassign to")).ToHaveValueAsync("");
        await Assertions.Expect(admin.GetByLabel("Reassign to").Locator("option", new() { HasText = "(current)" })).ToHaveCountAsync(1);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_finished_order_offers_no_levers()
    {
        var orderId = await OrderAsync("birthday");
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered), Ct);
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/orders/{orderId}");

        await Assertions.Expect(admin.Locator("#no-actions")).ToContainTextAsync("delivered");
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Reassign" })).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Cancel the order" })).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rule_that_can_never_match_is_flagged_and_removing_a_rule_asks_first()
    {
        // Every apology goes to one queue at position 5; a later rule for English apologies can never be reached.
        await using (var db = fixture.App.NewDbContext())
        {
            var queue = await db.Queues.SingleAsync(q => q.IsDefault, Ct);
            if (!await db.RoutingRules.AnyAsync(r => r.Occasion == "apology" && r.Language == null, Ct))
            {
                db.RoutingRules.Add(new RoutingRule { Id = Guid.NewGuid(), QueueId = queue.Id, Position = 5, Occasion = "apology" });
                await db.SaveChangesAsync(Ct);
            }
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), "/admin/queues");
        var rules = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Never matches" });
        var before = await rules.CountAsync();
        await admin.GetByLabel("Position").FillAsync("505");
        await admin.GetByLabel("Occasion").SelectOptionAsync("apology");
        await admin.GetByLabel("Language").FillAsync("en");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("can never match");
        await Assertions.Expect(rules).ToHaveCountAsync(before + 1);
        var shadowed = rules.Last;
        var question = string.Empty;
        void Dismiss(object? sender, IDialog dialog)
        {
            question = dialog.Message;
            _ = dialog.DismissAsync();
        }

        admin.Dialog += Dismiss;
        await shadowed.GetByRole(AriaRole.Button).ClickAsync();
        Assert.StartsWith("Remove rule", question, StringComparison.Ordinal);
        await Assertions.Expect(rules).ToHaveCountAsync(before + 1);
        admin.Dialog -= Dismiss;

        admin.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await shadowed.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Rule removed");
        await Assertions.Expect(rules).ToHaveCountAsync(before);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Admins_are_shown_and_recorded_by_name_and_the_autopilot_is_no_writer_to_manage()
    {
        var orderId = await OrderAsync("friendship");
        var (_, writerId) = await fixture.WriterAsync("friendship");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
            if (await users.FindByEmailAsync(Letters.Features.Orders.TestAutopilot.WriterEmail) is null)
            {
                var user = new StaffUser { Id = Guid.NewGuid(), UserName = Letters.Features.Orders.TestAutopilot.WriterEmail, Email = Letters.Features.Orders.TestAutopilot.WriterEmail, DisplayName = "Test autopilot" };
                await users.CreateAsync(user);
                await using var db = fixture.App.NewDbContext();
                db.Writers.Add(new Writer { Id = Guid.NewGuid(), UserId = user.Id, DisplayName = "Test autopilot", Capacity = 0, IsActive = false, Availability = Availability.Offline, CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync(Ct);
            }
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/orders/{orderId}");
        await Assertions.Expect(admin.Locator("#signed-in-as")).ToHaveTextAsync("Ada Admin");
        await admin.GetByLabel("Reassign to").SelectOptionAsync(writerId.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".timeline")).ToContainTextAsync("reassigned by Ada Admin");
        await Assertions.Expect(admin.Locator(".timeline")).Not.ToContainTextAsync("@");

        await admin.GotoAsync("/admin/writers");
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "Browser Writer" }).First).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("Test autopilot")).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Empty_searches_and_a_quiet_fortnight_say_so_in_words()
    {
        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), "/admin/orders?recipient=Nobody+Atall");

        await Assertions.Expect(admin.Locator("#result-count")).ToHaveTextAsync("No orders match this search.");
        await Assertions.Expect(admin.Locator("table")).ToHaveCountAsync(0);
        await admin.GotoAsync("/admin/queues");
        await Assertions.Expect(admin.Locator("#no-deliveries")).ToContainTextAsync("No letters were delivered in the last 14 days");
        await Assertions.Expect(admin.Locator("svg.chart")).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Reassigning_to_a_writer_who_declined_the_letter_asks_first()
    {
        var orderId = await OrderAsync("congratulations");
        var (_, writerId) = await fixture.WriterAsync("congratulations");
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeclinedBy, new List<Guid> { writerId }), Ct);
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/orders/{orderId}");
        var question = string.Empty;
        admin.Dialog += (_, dialog) => { question = dialog.Message; _ = dialog.DismissAsync(); };
        await admin.GetByLabel("Reassign to").SelectOptionAsync(writerId.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();

        Assert.Contains("declined this letter before", question, StringComparison.Ordinal);
        await Assertions.Expect(admin.Locator("#order-status")).ToHaveTextAsync("queued");
        await admin.Context.CloseAsync();
    }
}
