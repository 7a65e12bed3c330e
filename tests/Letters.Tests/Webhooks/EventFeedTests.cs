using System.Net;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Letters.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Webhooks;

public sealed class EventFeedTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_whose_transaction_commits_late_is_not_skipped_by_a_reader_already_past_later_events()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var first = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        var firstId = (await first.JsonAsync()).GetProperty("id").GetGuid();

        // A transaction writes an event and is slow to commit; meanwhile another order's events commit.
        await using var slow = new NpgsqlConnection(fixture.App.ConnectionString);
        await slow.OpenAsync(Ct);
        await using var transaction = await slow.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_name, created_at) VALUES ($1, 'priority_changed', 'queued', 'queued', 'admin', 'Ada', now())", slow, transaction))
        {
            insert.Parameters.AddWithValue(firstId);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        using var second = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        await fixture.App.DeliverAsync();

        // The reader has read past the second order's events while the first transaction is still open.
        using var page1 = await client.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), Ct);
        var body1 = await page1.JsonAsync();
        Assert.Equal(["order.created", "order.queued", "order.created", "order.queued"], body1.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var cursor = body1.GetProperty("next_cursor").GetString();

        await transaction.CommitAsync(Ct);
        await fixture.App.DeliverAsync();

        // The late event comes after the cursor, not lost before it.
        using var page2 = await client.Http.GetAsync(new Uri($"/v1/events?after={cursor}", UriKind.Relative), Ct);
        var late = Assert.Single((await page2.JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Equal("order.priority_changed", late.GetProperty("type").GetString());
        Assert.Equal(firstId, late.GetProperty("order_id").GetGuid());
    }

    [Fact]
    public async Task Paging_the_feed_while_orders_are_being_written_neither_skips_nor_repeats_an_event()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        // The reader has a key of its own, so its pace never spends the writers' rate limit.
        var reader = await ApiClients.ForClientAsync(fixture.App, client.Id);
        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }, Ct)).ToList();

        var seen = new List<string>();
        string? cursor = null;
        async Task ReadAsync()
        {
            var uri = new Uri("/v1/events?limit=7" + (cursor is null ? "" : "&after=" + cursor), UriKind.Relative);
            var page = await reader.Http.GetAsync(uri, Ct);
            // The key's rate limit follows the test clock, which stands still: a reader faster than the writers meets
            // it, and waits out the window as a real client would.
            while (page.StatusCode == HttpStatusCode.TooManyRequests)
            {
                page.Dispose();
                fixture.Clock.Advance(TimeSpan.FromSeconds(5));
                page = await reader.Http.GetAsync(uri, Ct);
            }

            using var read = page;
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var body = await read.JsonAsync();
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = body.GetProperty("next_cursor").GetString();
        }

        // The relay numbers events as they commit, beside the writers and the reader.
        var relay = Task.Run(async () =>
        {
            while (!writers.All(w => w.IsCompleted))
            {
                await fixture.App.Services.GetRequiredService<WebhookDispatcher>().DrainAsync(Ct);
            }
        }, Ct);
        while (!writers.All(w => w.IsCompleted))
        {
            await ReadAsync();
        }

        await relay;
        await fixture.App.DeliverAsync();

        await Task.WhenAll(writers);
        await using var db = fixture.App.NewDbContext();
        var all = db.OrderEvents.Select(e => e.Id).AsEnumerable().Select(id => $"evt_{id}").ToList();

        for (var before = -1; before != seen.Count;)
        {
            before = seen.Count;
            await ReadAsync();
        }

        Assert.Equal(150, all.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(all.Order(), seen.Order());
    }

    [Fact]
    public async Task The_feed_shows_a_client_only_its_own_events_of_its_key_s_mode()
    {
        var mine = await ApiClients.CreateAsync(fixture.App);
        var other = await ApiClients.CreateAsync(fixture.App);
        var live = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        using var a = await mine.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        using var b = await other.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        using var c = await live.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
        await fixture.App.DeliverAsync();

        Assert.Equal(2, (await mine.FeedIdsAsync()).Count);
        Assert.Equal(2, (await other.FeedIdsAsync()).Count);
        Assert.Empty((await mine.FeedIdsAsync()).Intersect(await other.FeedIdsAsync()));
        Assert.Equal(2, (await live.FeedIdsAsync()).Count);

        using var bad = await mine.Http.GetAsync(new Uri("/v1/events?after=nonsense", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("after", out _));
    }
}
