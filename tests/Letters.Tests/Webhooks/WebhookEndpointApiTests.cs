using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Webhooks;

public sealed class WebhookEndpointApiTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static readonly string[] UnknownType = ["letter.sent"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_signing_secret_is_shown_once_when_the_endpoint_is_made()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync("https://example.com/letters", ["letter.rendered"]);

        Assert.StartsWith("whsec_", endpoint.Secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(endpoint.Secret["whsec_".Length..]).Length);
        var read = await client.EndpointAsync(endpoint.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("secret").ValueKind);
        Assert.Equal("enabled", read.GetProperty("status").GetString());
        Assert.Equal("test", read.GetProperty("mode").GetString());
        Assert.Equal(["letter.rendered"], read.GetProperty("event_types").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("live", "http://example.com/hooks", "url", "https")]
    [InlineData("test", "ftp://example.com/hooks", "url", "absolute http(s) URL")]
    [InlineData("test", "https://user:pw@example.com/hooks", "url", "user name or password")]
    [InlineData("test", "", "url", "must not be empty")]
    public async Task A_bad_endpoint_url_is_a_400_naming_the_field(string mode, string url, string field, string says)
    {
        var client = await ApiClients.CreateAsync(fixture.App, mode == "live" ? ApiKeyMode.Live : ApiKeyMode.Test);
        using var response = await client.Http.PostAsJsonAsync("/v1/webhook_endpoints", new { url }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").GetProperty(field);
        Assert.Contains(says, errors[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_event_type_is_a_400_that_lists_the_known_ones()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var response = await client.Http.PostAsJsonAsync("/v1/webhook_endpoints", new { url = "https://example.com/h", event_types = UnknownType }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("errors").GetProperty("event_types")[0].GetString();
        Assert.Contains("letter.sent", message, StringComparison.Ordinal);
        Assert.Contains("letter.rendered", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_client_s_endpoint_and_the_other_mode_s_endpoint_are_not_found()
    {
        var owner = await ApiClients.CreateAsync(fixture.App);
        var stranger = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await owner.AddEndpointAsync("https://example.com/hooks");

        foreach (var (method, path) in new[] { ("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/test"), ("POST", "/rotate"), ("GET", "/deliveries") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/webhook_endpoints/{endpoint.Id}{path}");
            if (method is "PATCH" or "POST")
            {
                request.Content = JsonContent.Create(new { }, options: ApiClients.Json);
            }

            using var response = await stranger.Http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var list = await stranger.Http.GetAsync(new Uri("/v1/webhook_endpoints", UriKind.Relative), Ct);
        Assert.Empty((await list.JsonAsync()).GetProperty("data").EnumerateArray());

        await using (var db = fixture.App.NewDbContext())
        {
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), ClientId = owner.Id, Mode = ApiKeyMode.Live, Prefix = "lt_live_x", Hash = Letters.Auth.ApiKeySecrets.Hash("lt_live_owner_second_key_000000000000"), CreatedAt = fixture.Clock.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }

        using var liveKey = fixture.App.CreateDefaultClient(ApiContract.Handler(fixture.App));
        liveKey.DefaultRequestHeaders.Authorization = new("Bearer", "lt_live_owner_second_key_000000000000");
        using var fromLive = await liveKey.GetAsync(new Uri($"/v1/webhook_endpoints/{endpoint.Id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, fromLive.StatusCode);
    }

    [Fact]
    public async Task The_delivery_log_shows_each_attempt_with_its_status_latency_and_the_first_kilobyte_of_the_answer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        receiver.Respond = () => new WebhookReceiver.Answer(502, Body: new string('x', 3000));

        await client.PingAsync(endpoint.Id);
        await fixture.App.DeliverAsync();
        receiver.Respond = () => new WebhookReceiver.Answer(200, Body: "thanks");
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        await fixture.App.DeliverAsync();

        using var log = await client.Http.GetAsync(new Uri($"/v1/webhook_endpoints/{endpoint.Id}/deliveries", UriKind.Relative), Ct);
        var attempts = (await log.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal([200, 502], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal([2, 1], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal("thanks", attempts[0].GetProperty("response").GetString());
        Assert.Equal(1024, attempts[1].GetProperty("response").GetString()!.Length);
        Assert.All(attempts, a => Assert.Equal("webhook.test", a.GetProperty("event_type").GetString()));
        Assert.All(attempts, a => Assert.InRange(a.GetProperty("latency_ms").GetInt32(), 0, 15_000));
    }

    [Fact]
    public async Task A_replayed_event_arrives_again_with_the_same_webhook_id_and_a_range_replays_what_the_endpoint_subscribes_to()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        await fixture.App.DeliverAsync();

        // The endpoint is made after the letter's events: a replay still sends them, under their feed ids.
        var endpoint = await client.AddEndpointAsync(receiver.Url, ["letter.rendered", "letter.approved"]);
        await fixture.App.DeliverAsync();
        Assert.Empty(receiver.Requests);

        using var range = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay",
            new { since = fixture.Clock.GetUtcNow().AddHours(-1) }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Accepted, range.StatusCode);
        Assert.Equal(2, (await range.JsonAsync()).GetProperty("count").GetInt32());
        await fixture.App.DeliverAsync();
        Assert.Equal(["letter.approved", "letter.rendered"], receiver.Requests.Select(r => r.Type).Order());

        var rendered = receiver.Requests.Single(r => r.Type == "letter.rendered").Id;
        using var one = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay", new { event_id = rendered }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        await fixture.App.DeliverAsync();
        Assert.Equal(2, receiver.Requests.Count(r => r.Id == rendered));
        Assert.Equal(receiver.Requests.First(r => r.Id == rendered).Body, receiver.Requests.Last(r => r.Id == rendered).Body);

        using var neither = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay", new { }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        using var foreign = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay", new { event_id = "evt_999999999" }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task A_deleted_endpoint_is_gone_and_hears_nothing_more()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);

        using var deleted = await client.Http.DeleteAsync(new Uri($"/v1/webhook_endpoints/{endpoint.Id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.DeliverAsync();

        Assert.Empty(receiver.Requests);
        using var again = await client.Http.GetAsync(new Uri($"/v1/webhook_endpoints/{endpoint.Id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task The_delivery_log_keeps_ninety_days_but_never_drops_what_still_waits()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var working = await client.AddEndpointAsync(receiver.Url);
        var off = await client.AddEndpointAsync(receiver.Url.Replace("/hooks", "/hooks?off", StringComparison.Ordinal));
        using (var disable = await client.Http.PatchAsJsonAsync($"/v1/webhook_endpoints/{off.Id}", new { enabled = false }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        await fixture.App.DeliverAsync();
        Assert.Equal(7, receiver.Accepted.Count);

        fixture.Clock.Advance(TimeSpan.FromDays(89));
        await using (var db = fixture.App.NewDbContext())
        {
            Assert.Equal(new Letters.Features.Webhooks.WebhookRetention.Pruned(0, 0), await Letters.Features.Webhooks.WebhookRetention.PruneAsync(db, fixture.Clock.GetUtcNow(), TimeSpan.FromDays(90), Ct));
            fixture.Clock.Advance(TimeSpan.FromDays(2));
            Assert.Equal(new Letters.Features.Webhooks.WebhookRetention.Pruned(7, 0), await Letters.Features.Webhooks.WebhookRetention.PruneAsync(db, fixture.Clock.GetUtcNow(), TimeSpan.FromDays(90), Ct));

            // The turned-off endpoint's deliveries still wait (held, out of the senders' way), and keep their messages.
            Assert.Equal(7, await db.WebhookDeliveries.CountAsync(d => d.EndpointId == off.Id && d.State == WebhookDeliveryState.Held, Ct));
            Assert.Equal(7, await db.WebhookMessages.CountAsync(Ct));
        }

        using var log = await client.Http.GetAsync(new Uri($"/v1/webhook_endpoints/{working.Id}/deliveries", UriKind.Relative), Ct);
        Assert.Empty((await log.JsonAsync()).GetProperty("data").EnumerateArray());

        // An old event can still be sent again.
        var rendered = receiver.Accepted.Single(r => r.Type == "letter.rendered");
        using var replay = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{working.Id}/replay", new { event_id = rendered.Id }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await fixture.App.DeliverAsync();
        Assert.Equal(rendered.Body, receiver.Accepted[^1].Body);
    }
}
