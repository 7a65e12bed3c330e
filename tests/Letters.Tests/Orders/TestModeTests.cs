using System.Net;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Orders;

public sealed class TestModeTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_test_order_with_auto_draft_goes_all_the_way_to_a_final_letter_the_client_can_download()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["auto_draft"] = true; b["signature"] = "Henri"; }));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var completed = await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        Assert.Equal(1, completed);
        using var proof = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/proof.pdf", UriKind.Relative), Ct);
        using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var text = await PdfText.ExtractAsync(await letter.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("Dear Claire,", text, StringComparison.Ordinal);
        Assert.Contains("Fifty years since the almond croissant", text, StringComparison.Ordinal);
        Assert.Contains("With all my love, Henri", text, StringComparison.Ordinal);
        Assert.Contains("12 Rue Cler", text, StringComparison.Ordinal);

        using var events = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/events", UriKind.Relative), Ct);
        var types = (await events.JsonAsync()).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["received", "queued", "claimed", "draft_submitted", "approved", "delivered"], types);
        await using var db = fixture.App.NewDbContext();
        var renditions = await db.Renditions.Where(r => r.OrderId == id).ToListAsync(Ct);
        Assert.Equal([RenditionKind.Proof, RenditionKind.Final], renditions.OrderBy(r => r.Kind).Select(r => r.Kind));
        Assert.All(renditions, r => Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(r.Pdf)), r.Sha256));
    }

    [Fact]
    public async Task Live_keys_cannot_ask_for_auto_draft_and_test_orders_without_it_wait_for_a_person()
    {
        var live = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var test = await ApiClients.CreateAsync(fixture.App);

        using var liveAuto = await live.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        using var manual = await test.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        await fixture.App.Services.GetRequiredService<TestAutopilot>().RunOnceAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, liveAuto.StatusCode);
        Assert.True((await liveAuto.JsonAsync()).GetProperty("errors").TryGetProperty("auto_draft", out _));
        var manualId = (await manual.JsonAsync()).GetProperty("id").GetGuid();
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Queued, await db.Orders.Where(o => o.Id == manualId).Select(o => o.Status).SingleAsync(Ct));
    }
}
