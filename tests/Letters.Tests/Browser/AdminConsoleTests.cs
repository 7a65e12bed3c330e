using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>Running the floor: finding orders, pulling their levers, managing writers and queues.</summary>
[Collection(Serial.Name)]
public sealed class AdminConsoleTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_finds_an_order_and_changes_priority_reassigns_and_cancels_it()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var tagged = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["occasion"] = "birthday"; b["metadata"] = new Dictionary<string, string> { ["campaign"] = "spring-2026" }; }));
        using var other = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => b["occasion"] = "birthday"));
        var orderId = (await tagged.JsonAsync()).GetProperty("id").GetGuid();
        var (_, writerId) = await fixture.WriterAsync("birthday");
        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), "/admin/orders");

        await admin.GetByLabel("Metadata (key=value)").FillAsync("campaign=spring-2026");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("1 order.")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "birthday for Claire Martin" }).ClickAsync();
        await admin.ArriveAtAsync($"/admin/orders/{orderId}");
        await Assertions.Expect(admin.Locator(".timeline")).ToContainTextAsync("received");

        await admin.GetByLabel("Priority").SelectOptionAsync("rush");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Change priority" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Priority: rush");
        await admin.GetByLabel("Reassign to").SelectOptionAsync(writerId.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#order-status")).ToHaveTextAsync("claimed");
        await admin.GetByLabel("Cancel, because…").FillAsync("The client called: they will write it themselves.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Cancel the order" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#order-status")).ToHaveTextAsync("cancelled");
        await BrowserFixture.ScreenshotAsync(admin, "admin-order-1280");

        await using var db = fixture.App.NewDbContext();
        var events = await db.OrderEvents.Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(["received", "queued", "priority_changed", "reassigned", "cancelled"], events.Select(e => e.Type));
        Assert.All(events.Skip(2), e => Assert.Equal(ActorKind.Admin, e.ActorKind));
        Assert.Equal("The client called: they will write it themselves.", events[^1].Note);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task The_order_page_shows_what_changed_between_two_draft_versions()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock));
        var orderId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var (_, writerId) = await fixture.WriterAsync("anniversary");
        await using (var db = fixture.App.NewDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.Drafts.Add(new Draft { Id = Guid.NewGuid(), OrderId = orderId, WriterId = writerId, Version = 1, Attempt = 1, Salutation = "Dear Claire,", Body = "Fifty years of croissants.", Closing = "Love,", Signature = "Henri", CreatedAt = now });
            db.Drafts.Add(new Draft { Id = Guid.NewGuid(), OrderId = orderId, WriterId = writerId, Version = 2, Attempt = 1, Salutation = "Dear Claire,", Body = "Fifty wonderful years of almond croissants.", Closing = "Love,", Signature = "Henri", CreatedAt = now });
            await db.SaveChangesAsync(Ct);
        }

        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), $"/admin/orders/{orderId}");

        await Assertions.Expect(admin.Locator("#diff ins")).ToHaveTextAsync(["wonderful", "almond"]);
        await Assertions.Expect(admin.Locator("#diff del")).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_adds_edits_and_deactivates_a_writer_and_each_step_is_recorded()
    {
        var adminEmail = await fixture.AdminAsync();
        var admin = await fixture.SignInAtAsync(adminEmail, "/admin/writers");

        await admin.GetByLabel("Name").FillAsync("Noor Haddad");
        await admin.GetByLabel("Email").FillAsync($"{Guid.NewGuid():N}@writer.test");
        await admin.GetByLabel("First password (at least 10 characters)").FillAsync("Noor-first-pass-1");
        await admin.GetByLabel("Skills (occasions, comma-separated)").FillAsync("condolence, love");
        await admin.GetByLabel("Languages (comma-separated, e.g. en, fr)").FillAsync("en, ar");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add writer" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Noor Haddad can now sign in.");

        await admin.GetByLabel("Capacity for Noor Haddad").FillAsync("5");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save Noor Haddad" }).ClickAsync();
        await Assertions.Expect(admin.GetByLabel("Capacity for Noor Haddad")).ToHaveValueAsync("5");
        await admin.GetByLabel("Skills for Noor Haddad").FillAsync("weddings");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save Noor Haddad" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Unknown skills: weddings");
        await admin.GotoAsync("/admin/writers");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Deactivate Noor Haddad" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Noor Haddad (deactivated)")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(admin, "admin-writers-1280");

        await using var db = fixture.App.NewDbContext();
        var writer = await db.Writers.AsNoTracking().SingleAsync(w => w.DisplayName == "Noor Haddad", Ct);
        Assert.Equal((5, false), (writer.Capacity, writer.IsActive));
        Assert.Equal(["condolence", "love"], writer.Skills);
        var actions = await db.AdminActions.Where(a => a.Subject == "Noor Haddad").OrderBy(a => a.Id).Select(a => new { a.Action, a.AdminName }).ToListAsync(Ct);
        Assert.Equal(["writer_created", "writer_edited", "writer_deactivated"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal("Ada Admin", a.AdminName));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_queue_and_rule_route_the_next_order_and_health_shows_the_floor()
    {
        var admin = await fixture.SignInAtAsync(await fixture.AdminAsync(), "/admin/queues");
        var slug = $"weddings-{Guid.NewGuid():N}"[..20];

        await admin.GetByLabel("Name").FillAsync("Spanish love letters");
        await admin.GetByLabel("Slug").FillAsync(slug);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add queue" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Spanish love letters added");
        await admin.GetByLabel("Position").FillAsync("-1");
        await admin.GetByLabel("Occasion").SelectOptionAsync("love");
        await admin.GetByLabel("Language").FillAsync("es");
        await admin.GetByLabel("Queue", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Spanish love letters" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Rule added");

        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["occasion"] = "love"; b["language"] = "es"; }));
        using var delivered = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => b["occasion"] = "birthday"));
        var deliveredId = (await delivered.JsonAsync()).GetProperty("id").GetGuid();
        await using (var seed = fixture.App.NewDbContext())
        {
            // A live letter delivered today: the chart counts live work only.
            await seed.Orders.Where(o => o.Id == deliveredId).ExecuteUpdateAsync(s => s.SetProperty(o => o.IsTest, false).SetProperty(o => o.Status, OrderStatus.Delivered), Ct);
            seed.OrderEvents.Add(new OrderEvent { OrderId = deliveredId, Type = "delivered", FromStatus = OrderStatus.Approved, ToStatus = OrderStatus.Delivered, ActorKind = ActorKind.Client, ActorName = "client", CreatedAt = fixture.App.Clock.GetUtcNow() });
            // Counted as the delivery counts it (AdminApiTests delivers a live letter for real and checks the count).
            seed.DeliveryDays.Add(new DeliveryDay { Day = DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime), Delivered = 1 });
            await seed.SaveChangesAsync(Ct);
        }

        await admin.ReloadAsync();

        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Spanish love letters" }).First;
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(admin.Locator("svg.chart rect")).ToHaveCountAsync(14);
        await BrowserFixture.ScreenshotAsync(admin, "admin-queues-1280");
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(["queue_added", "routing_rule_added"], await db.AdminActions.Where(a => a.Subject == "Spanish love letters").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct));
        await admin.Context.CloseAsync();
    }
}
