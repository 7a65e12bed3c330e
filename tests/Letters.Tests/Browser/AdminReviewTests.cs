using System.Net;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Letters.Tests.Browser;

/// <summary>From an order over the API to the final PDF in the client's hands, through two people's browsers.</summary>
[Collection(Serial.Name)]
public sealed class AdminReviewTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_goes_from_the_api_through_writer_and_admin_to_the_final_pdf()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => { b["occasion"] = "anniversary"; b["style"] = "dancing_script"; }));
        var orderId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var (writerEmail, _) = await fixture.WriterAsync("anniversary");
        var adminEmail = await fixture.AdminAsync();

        var writer = await fixture.SignInAsync(writerEmail);
        await WriteAndSubmitAsync(writer, orderId, "Fifty years, and I would choose the almond croissant again.");

        var admin = await fixture.SignInAtAsync(adminEmail, "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "anniversary for Claire Martin (test)" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#draft-text")).ToContainTextAsync("I would choose the almond croissant again.");
        await BrowserFixture.ScreenshotAsync(admin, "admin-review-1280");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve and render the final letter" }).ClickAsync();
        await admin.ArriveAtAsync("/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");

        using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{orderId}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var text = await PdfText.ExtractAsync(await letter.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("My dearest Claire, Fifty years, and I would choose the almond croissant again.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PROOF", text, StringComparison.Ordinal);

        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Delivered, await db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync(Ct));
        var final = await db.Renditions.SingleAsync(r => r.OrderId == orderId && r.Kind == RenditionKind.Final, Ct);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await fixture.App.DocumentAsync(final.Sha256))), final.Sha256);
        var approved = await db.OrderEvents.SingleAsync(e => e.OrderId == orderId && e.Type == "approved", Ct);
        Assert.Equal((ActorKind.Admin, "Ada Admin"), (approved.ActorKind, approved.ActorName));
        await writer.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Requested_changes_go_back_to_the_same_writer_with_the_notes_and_return_for_review()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.App.Clock, b => b["occasion"] = "thank_you"));
        var orderId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var (writerEmail, writerId) = await fixture.WriterAsync("thank_you");
        var adminEmail = await fixture.AdminAsync();
        var writer = await fixture.SignInAsync(writerEmail);
        await WriteAndSubmitAsync(writer, orderId, "Thank you for everything.");

        var admin = await fixture.SignInAtAsync(adminEmail, $"/admin/review/{orderId}");
        await admin.GetByLabel("What should change").FillAsync("Too short: mention the Friday shifts she covered.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await admin.ArriveAtAsync("/admin");

        await writer.GotoAsync("/writer");
        await writer.GetByRole(AriaRole.Link, new() { Name = "thank you for Claire" }).ClickAsync();
        await Assertions.Expect(writer.GetByText("Too short: mention the Friday shifts she covered.")).ToBeVisibleAsync();
        await writer.GetByLabel("Letter", new() { Exact = true }).FillAsync("Thank you for everything, and for every Friday shift you covered.");
        await Assertions.Expect(writer.Locator("#save-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Saved \\(version"), new() { Timeout = 10_000 });
        await writer.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await writer.ArriveAtAsync("/writer?submitted=1");

        await using var db = fixture.App.NewDbContext();
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, Ct);
        Assert.Equal((OrderStatus.InReview, (Guid?)writerId), (order.Status, order.ClaimedBy));
        var types = await db.OrderEvents.Where(e => e.OrderId == orderId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync(Ct);
        Assert.Equal(["received", "queued", "claimed", "draft_submitted", "proof_ready", "changes_requested", "draft_submitted", "proof_ready"], types);
        await writer.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Writers_and_clients_are_refused_at_the_admin_console()
    {
        var (writerEmail, _) = await fixture.WriterAsync("love");
        var writer = await fixture.SignInAsync(writerEmail);
        var client = await ApiClients.CreateAsync(fixture.App);

        var asWriter = await writer.GotoAsync("/admin");
        using var asClient = await client.Http.GetAsync(new Uri("/admin", UriKind.Relative), Ct);
        using var clientOnApi = await client.Http.PostAsync(new Uri($"/admin/api/orders/{Guid.NewGuid()}/reassign", UriKind.Relative), null, Ct);
        var anonymous = await (await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl })).NewPageAsync();
        await anonymous.GotoAsync("/admin");

        Assert.Equal(403, asWriter!.Status);
        Assert.Equal(HttpStatusCode.Forbidden, asClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clientOnApi.StatusCode);
        Assert.Contains("/account/login", anonymous.Url, StringComparison.Ordinal);
        await writer.Context.CloseAsync();
        await anonymous.Context.CloseAsync();
    }

    private static async Task WriteAndSubmitAsync(IPage writer, Guid orderId, string body)
    {
        await writer.GetByRole(AriaRole.Button, new() { Name = "Claim next letter" }).ClickAsync();
        await writer.ArriveAtAsync($"/writer/letters/{orderId}");
        await writer.GetByLabel("Salutation").FillAsync("My dearest Claire,");
        await writer.GetByLabel("Letter", new() { Exact = true }).FillAsync(body);
        await writer.GetByLabel("Closing").FillAsync("With all my love,");
        await writer.GetByLabel("Signature").FillAsync("Henri");
        await Assertions.Expect(writer.Locator("#save-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Saved \\(version"), new() { Timeout = 10_000 });
        await writer.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await writer.ArriveAtAsync("/writer?submitted=1");
    }
}
