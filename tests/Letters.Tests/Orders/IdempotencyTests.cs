using System.Net;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Orders;

public sealed class IdempotencyTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_concurrent_posts_with_one_key_create_one_order_and_identical_responses()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var body = ApiClients.OrderBody(fixture.Clock);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await client.PostOrderAsync(body, "order-2026-golden");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.ClientId == client.Id, Ct));
        Assert.Equal(1, await db.Recipients.CountAsync(r => r.ClientId == client.Id, Ct));
    }

    [Fact]
    public async Task A_replay_returns_the_original_response_and_says_so()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var body = ApiClients.OrderBody(fixture.Clock);

        using var first = await client.PostOrderAsync(body, "retry-me");
        using var replay = await client.PostOrderAsync(body, "retry-me");

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await replay.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422_and_creates_nothing()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var first = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock), "one-key");

        using var different = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["tone"] = "playful"), "one-key");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.ClientId == client.Id, Ct));
    }

    [Fact]
    public async Task Keys_belong_to_one_client_and_expire_after_24_hours()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);
        var clock = new TestClock(fixture.Clock.GetUtcNow());
        await using var app = new LettersApp(fixture.App.ConnectionString, clock);
        var aliceHere = new ApiClient(alice.Id, alice.Key, app.CreateClient());
        aliceHere.Http.DefaultRequestHeaders.Authorization = alice.Http.DefaultRequestHeaders.Authorization;
        var body = ApiClients.OrderBody(clock);

        using var aliceFirst = await aliceHere.PostOrderAsync(body, "shared-key");
        using var bobSameKey = await bob.PostOrderAsync(body, "shared-key");
        clock.Advance(TimeSpan.FromHours(25));
        using var aliceLater = await aliceHere.PostOrderAsync(ApiClients.OrderBody(clock), "shared-key");

        Assert.Equal(HttpStatusCode.Created, bobSameKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, aliceLater.StatusCode);
        Assert.NotEqual(aliceFirst.Headers.Location, aliceLater.Headers.Location);
    }

    [Fact]
    public async Task An_overlong_idempotency_key_is_a_400()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock), new string('k', 257));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }
}
