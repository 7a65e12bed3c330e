using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Orders;

public sealed class OrderLifecycleTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_neither_skip_nor_repeat_while_new_orders_arrive()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var original = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
            original.Add((await created.JsonAsync()).GetProperty("id").GetGuid());
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            using var page = await client.Http.GetAsync(new Uri($"/v1/orders?limit=10{(cursor is null ? string.Empty : $"&after={cursor}")}", UriKind.Relative), Ct);
            var json = await page.JsonAsync();
            seen.AddRange(json.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
            cursor = json.GetProperty("has_more").GetBoolean() ? json.GetProperty("next_cursor").GetString() : null;

            // New orders keep arriving between pages.
            using var arriving = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(original.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task Before_pages_back_towards_newer_orders()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        for (var i = 0; i < 6; i++)
        {
            using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        using var first = await client.Http.GetAsync(new Uri("/v1/orders?limit=3", UriKind.Relative), Ct);
        var firstPage = await first.JsonAsync();
        using var second = await client.Http.GetAsync(new Uri($"/v1/orders?limit=3&after={firstPage.GetProperty("next_cursor").GetString()}", UriKind.Relative), Ct);
        var secondPage = await second.JsonAsync();
        using var back = await client.Http.GetAsync(new Uri($"/v1/orders?limit=3&before={secondPage.GetProperty("previous_cursor").GetString()}", UriKind.Relative), Ct);

        Assert.Equal(Ids(firstPage), Ids(await back.JsonAsync()));
    }

    [Fact]
    public async Task Orders_can_be_filtered_by_status_occasion_and_metadata()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var tagged = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["occasion"] = "birthday"; b["metadata"] = new Dictionary<string, string> { ["campaign"] = "spring", ["crm"] = "7" }; }));
        using var other = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["metadata"] = new Dictionary<string, string> { ["campaign"] = "autumn" }));
        var taggedId = (await tagged.JsonAsync()).GetProperty("id").GetGuid();
        var otherId = (await other.JsonAsync()).GetProperty("id").GetGuid();
        using var cancel = await client.Http.PostAsync(new Uri($"/v1/orders/{otherId}/cancel", UriKind.Relative), null, Ct);

        Assert.Equal([taggedId], await ListAsync(client, "metadata[campaign]=spring"));
        Assert.Equal([taggedId], await ListAsync(client, "metadata[campaign]=spring&metadata[crm]=7"));
        Assert.Empty(await ListAsync(client, "metadata[campaign]=spring&metadata[crm]=8"));
        Assert.Equal([taggedId], await ListAsync(client, "occasion=birthday"));
        Assert.Equal([otherId], await ListAsync(client, "status=cancelled"));
        using var badStatus = await client.Http.GetAsync(new Uri("/v1/orders?status=lost", UriKind.Relative), Ct);
        using var badLimit = await client.Http.GetAsync(new Uri("/v1/orders?limit=101", UriKind.Relative), Ct);
        using var badCursor = await client.Http.GetAsync(new Uri("/v1/orders?after=bm9wZQ", UriKind.Relative), Ct);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { badStatus.StatusCode, badLimit.StatusCode, badCursor.StatusCode });
    }

    [Fact]
    public async Task Cancel_is_free_before_a_writer_claims_and_a_409_after()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var early = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        using var late = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var earlyId = (await early.JsonAsync()).GetProperty("id").GetGuid();
        var lateId = (await late.JsonAsync()).GetProperty("id").GetGuid();
        var writer = await Writers.CreateAsync(fixture.App);
        await using (var db = fixture.App.NewDbContext())
        {
            var now = fixture.Clock.GetUtcNow();
            await db.Orders.Where(o => o.Id == lateId).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OrderStatus.Claimed).SetProperty(o => o.ClaimedBy, writer)
                .SetProperty(o => o.ClaimedAt, now).SetProperty(o => o.LeaseUntil, now.AddMinutes(30)), Ct);
        }

        using var cancelled = await client.Http.PostAsync(new Uri($"/v1/orders/{earlyId}/cancel", UriKind.Relative), null, Ct);
        using var again = await client.Http.PostAsync(new Uri($"/v1/orders/{earlyId}/cancel", UriKind.Relative), null, Ct);
        using var claimed = await client.Http.PostAsync(new Uri($"/v1/orders/{lateId}/cancel", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, claimed.StatusCode);
        Assert.Contains("writer", (await claimed.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var read = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Claimed, await read.Orders.Where(o => o.Id == lateId).Select(o => o.Status).SingleAsync(Ct));
        var lastEvent = await read.OrderEvents.Where(e => e.OrderId == earlyId).OrderBy(e => e.Id).LastAsync(Ct);
        Assert.Equal(("cancelled", OrderStatus.Queued, OrderStatus.Cancelled, ActorKind.Client), (lastEvent.Type, lastEvent.FromStatus!.Value, lastEvent.ToStatus!.Value, lastEvent.ActorKind));
    }

    [Fact]
    public async Task Another_clients_order_is_a_404_everywhere_and_never_listed()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);
        using var created = await alice.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var attempts = new[]
        {
            await bob.Http.GetAsync(new Uri($"/v1/orders/{id}", UriKind.Relative), Ct),
            await bob.Http.GetAsync(new Uri($"/v1/orders/{id}/events", UriKind.Relative), Ct),
            await bob.Http.GetAsync(new Uri($"/v1/orders/{id}/proof.pdf", UriKind.Relative), Ct),
            await bob.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct),
            await bob.Http.PostAsync(new Uri($"/v1/orders/{id}/cancel", UriKind.Relative), null, Ct),
            await bob.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "Make it longer." }, ApiClients.Json, Ct),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        using var unknown = await bob.Http.GetAsync(new Uri($"/v1/orders/{Guid.NewGuid()}", UriKind.Relative), Ct);
        Assert.Equal((await unknown.JsonAsync()).GetProperty("title").GetString(), (await attempts[0].JsonAsync()).GetProperty("title").GetString());
        Assert.Empty(await ListAsync(bob, string.Empty));
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(OrderStatus.Queued, await db.Orders.Where(o => o.Id == id).Select(o => o.Status).SingleAsync(Ct));
        foreach (var response in attempts)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Proof_and_letter_say_not_ready_until_there_is_one()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        using var proof = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/proof.pdf", UriKind.Relative), Ct);
        using var letter = await client.Http.GetAsync(new Uri($"/v1/orders/{id}/letter.pdf", UriKind.Relative), Ct);
        using var revision = await client.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "Warmer, please." }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.NotFound, proof.StatusCode);
        Assert.Equal("Not ready yet.", (await proof.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, letter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revision.StatusCode);
    }

    [Fact]
    public async Task A_delivered_letter_gets_one_free_revision_back_to_its_writer()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var writer = await Writers.CreateAsync(fixture.App);
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered).SetProperty(o => o.ClaimedBy, writer).SetProperty(o => o.Attempt, 1), Ct);
        }

        using var empty = await client.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "" }, ApiClients.Json, Ct);
        using var first = await client.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "Please mention the dog, Biscuit." }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("claimed", (await first.JsonAsync()).GetProperty("status").GetString());
        await using var read = fixture.App.NewDbContext();
        var order = await read.Orders.SingleAsync(o => o.Id == id, Ct);
        Assert.Equal((writer, 2, 1), (order.ClaimedBy!.Value, order.Attempt, order.RevisionsUsed));
        Assert.Equal("revision_requested", (await read.OrderEvents.Where(e => e.OrderId == id).OrderBy(e => e.Id).LastAsync(Ct)).Type);

        await read.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered), Ct);
        using var second = await client.Http.PostAsJsonAsync($"/v1/orders/{id}/revisions", new { notes = "One more change." }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    private static async Task<List<Guid>> ListAsync(ApiClient client, string query)
    {
        using var response = await client.Http.GetAsync(new Uri($"/v1/orders?{query}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Ids(await response.JsonAsync());
    }

    private static List<Guid> Ids(System.Text.Json.JsonElement page) =>
        page.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToList();
}
