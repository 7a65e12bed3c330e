using System.Net;
using System.Net.Http.Json;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Letters.Tests.Webhooks;

public sealed class WebhookDeliveryTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // Receivers check the timestamp against their own clock (±5 minutes), so these tests start at real time.
        fixture.Clock.Set(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_receiver_gets_every_event_of_a_letter_signed_so_that_StandardWebhooks_verifies_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);

        var orderId = await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        await fixture.App.DeliverAsync();

        var got = receiver.Accepted;
        Assert.Equal(
            ["order.created", "order.queued", "letter.claimed", "letter.submitted", "letter.proof_ready", "letter.approved", "letter.rendered"],
            got.OrderBy(r => r.Json.GetProperty("sequence").GetInt64()).Select(r => r.Type));
        var verifier = new StandardWebhook(endpoint.Secret);
        foreach (var request in got)
        {
            var headers = new HeaderDictionary
            {
                ["webhook-id"] = request.Id,
                ["webhook-timestamp"] = request.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["webhook-signature"] = request.Signature,
            };
            verifier.Verify(request.Body, headers);
            Assert.Equal(request.Id, request.Json.GetProperty("id").GetString());
            Assert.Equal(orderId, request.Json.GetProperty("order_id").GetGuid());
            Assert.Equal(orderId, request.Json.GetProperty("data").GetProperty("order").GetProperty("id").GetGuid());
            Assert.Equal("test", request.Json.GetProperty("mode").GetString());
        }

        // A body changed in transit no longer verifies: the check is real.
        var tampered = got[0];
        Assert.ThrowsAny<Exception>(() => verifier.Verify(tampered.Body.Replace("test", "live", StringComparison.Ordinal), new HeaderDictionary
        {
            ["webhook-id"] = tampered.Id,
            ["webhook-timestamp"] = tampered.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = tampered.Signature,
        }));

        // The feed has the same events under the same ids.
        Assert.Equal((await client.FeedIdsAsync()).Order(), got.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task An_endpoint_hears_only_the_event_types_it_asked_for()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        await client.AddEndpointAsync(receiver.Url, ["letter.rendered", "order.cancelled"]);

        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        await fixture.App.DeliverAsync();

        Assert.Equal(["letter.rendered"], receiver.Accepted.Select(r => r.Type));
    }

    [Fact]
    public async Task Events_that_waited_while_the_receiver_was_down_for_a_day_all_arrive_once_each_in_sequence_per_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        await client.AddEndpointAsync(receiver.Url);
        var down = true;
        receiver.Respond = () => down ? new WebhookReceiver.Answer(503) : new WebhookReceiver.Answer(200);

        // Letters keep moving while the receiver is down: some before, some in the middle of the outage.
        var orders = new List<Guid>();
        var start = fixture.Clock.GetUtcNow();
        for (var step = 0; fixture.Clock.GetUtcNow() - start < TimeSpan.FromDays(4); step++)
        {
            if (step is 0 or 10 or 40)
            {
                orders.Add(await client.OrderAutoDraftedAsync(fixture.App));
                orders.Add(await client.OrderAutoDraftedAsync(fixture.App));
                await fixture.App.RunAutopilotAsync();
            }

            down = fixture.Clock.GetUtcNow() - start < TimeSpan.FromHours(24);
            await fixture.App.DeliverAsync();
            fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        var accepted = receiver.Accepted;
        var feed = await client.FeedIdsAsync();
        Assert.Equal(42, feed.Count);
        Assert.Equal(feed.Order(), accepted.Select(r => r.Id).Order());
        Assert.Equal(accepted.Count, accepted.Select(r => r.Id).Distinct().Count());
        Assert.Contains(receiver.Requests, r => r.AnsweredWith == 503);
        foreach (var order in accepted.GroupBy(r => r.Json.GetProperty("order_id").GetGuid()))
        {
            Assert.Equal(
                ["order.created", "order.queued", "letter.claimed", "letter.submitted", "letter.proof_ready", "letter.approved", "letter.rendered"],
                order.OrderBy(r => r.Json.GetProperty("sequence").GetInt64()).Select(r => r.Type));
        }
    }

    [Fact]
    public async Task Two_app_instances_never_make_the_same_first_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        await client.AddEndpointAsync(receiver.Url);
        await client.AddEndpointAsync(receiver.Url.Replace("/hooks", "/hooks?copy=2", StringComparison.Ordinal));
        for (var i = 0; i < 15; i++)
        {
            await client.OrderAutoDraftedAsync(fixture.App);
        }

        await using var second = new LettersApp(fixture.App.ConnectionString, fixture.Clock);
        try
        {
            var firstRun = Task.Run(async () => { await fixture.App.RunAutopilotAsync(); await fixture.App.DeliverAsync(); }, Ct);
            var secondRun = Task.Run(async () => { await second.RunAutopilotAsync(); await second.DeliverAsync(); }, Ct);
            await Task.WhenAll(firstRun, secondRun);
            await fixture.App.DeliverAsync();
        }
        finally
        {
            second.ClearPools();
        }

        // 15 letters × 7 events × 2 endpoints, each delivery made exactly once.
        Assert.Equal(210, receiver.Requests.Count);
        Assert.Equal(105, receiver.Requests.Select(r => r.Id).Distinct().Count());
        Assert.All(receiver.Requests.GroupBy(r => r.Id), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task A_410_disables_the_endpoint_and_tells_the_client_and_enabling_it_again_sends_what_waited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        receiver.Respond = () => new WebhookReceiver.Answer(410);

        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.DeliverAsync();

        // The first batch was already on its way; nothing is sent after the 410.
        var beforeDisabling = receiver.Requests.Count;
        Assert.InRange(beforeDisabling, 1, 2);
        var disabled = await client.EndpointAsync(endpoint.Id);
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.Contains("410", disabled.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(fixture.App.Outbox.Sent, e => e.Subject == "Your webhook endpoint is disabled" && e.Text.Contains(endpoint.Id.ToString(), StringComparison.Ordinal));

        // Nothing is sent while it is disabled, however long.
        await fixture.App.RunAutopilotAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await fixture.App.DeliverAsync();
        Assert.Equal(beforeDisabling, receiver.Requests.Count);

        receiver.Respond = () => new WebhookReceiver.Answer(204);
        using var enabled = await client.Http.PatchAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}", new { enabled = true }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("enabled", (await enabled.JsonAsync()).GetProperty("status").GetString());
        await fixture.App.DeliverAsync();

        Assert.Equal(7, receiver.Accepted.Count);
        Assert.Equal(7, receiver.Accepted.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task An_endpoint_that_fails_every_attempt_for_five_days_is_disabled_not_sooner()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        receiver.Respond = () => new WebhookReceiver.Answer(500, Body: "Internal Server Error");

        var start = fixture.Clock.GetUtcNow();
        string? status = null;
        var disabledAfter = TimeSpan.Zero;
        while (fixture.Clock.GetUtcNow() - start < TimeSpan.FromDays(6))
        {
            // A ping every six hours keeps attempts coming after the first messages' schedules run out.
            await client.PingAsync(endpoint.Id);
            await fixture.App.DeliverAsync();
            status = (await client.EndpointAsync(endpoint.Id)).GetProperty("status").GetString();
            if (status == "disabled")
            {
                disabledAfter = fixture.Clock.GetUtcNow() - start;
                break;
            }

            fixture.Clock.Advance(TimeSpan.FromHours(6));
        }

        Assert.Equal("disabled", status);
        Assert.InRange(disabledAfter, TimeSpan.FromDays(5), TimeSpan.FromDays(5.5));
        Assert.Contains("5 days", (await client.EndpointAsync(endpoint.Id)).GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        Assert.Single(fixture.App.Outbox.Sent, e => e.Subject == "Your webhook endpoint is disabled" && e.Text.Contains(endpoint.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_asks_to_wait_with_Retry_After_is_not_tried_again_sooner()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        var calls = 0;
        receiver.Respond = () => Interlocked.Increment(ref calls) == 1 ? new WebhookReceiver.Answer(429, RetryAfter: "600") : new WebhookReceiver.Answer(204);

        await client.PingAsync(endpoint.Id);
        await fixture.App.DeliverAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        await fixture.App.DeliverAsync();
        Assert.Single(receiver.Requests);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1.5));
        await fixture.App.DeliverAsync();
        Assert.Equal([429, 204], receiver.Requests.Select(r => r.AnsweredWith));
        Assert.Equal(receiver.Requests.First().Id, receiver.Requests.Last().Id);
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_until_the_overlap_ends_then_only_the_new_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);

        using var rotated = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/rotate", new { }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.JsonAsync()).GetProperty("secret").GetString()!;
        Assert.NotEqual(endpoint.Secret, newSecret);

        await client.PingAsync(endpoint.Id);
        await fixture.App.DeliverAsync();
        var during = receiver.Requests.Single();
        Assert.Equal(2, during.Signatures.Length);
        Assert.True(during.SignedWith(endpoint.Secret));
        Assert.True(during.SignedWith(newSecret));

        fixture.Clock.Advance(TimeSpan.FromHours(24.5));
        await client.PingAsync(endpoint.Id);
        await fixture.App.DeliverAsync();
        var after = receiver.Requests.Last();
        Assert.Single(after.Signatures);
        Assert.True(after.SignedWith(newSecret));
        Assert.False(after.SignedWith(endpoint.Secret));
    }

    [Fact]
    public async Task A_webhook_never_reaches_a_private_address_unless_a_setting_allows_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(host: "localhost");
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);

        // A second instance with production's setting: "localhost" resolves to loopback, which it refuses to reach.
        await using var strict = new LettersApp(fixture.App.ConnectionString, fixture.Clock, settings: new Dictionary<string, string> { ["Letters:Webhooks:AllowPrivateAddresses"] = "false" });
        try
        {
            await client.PingAsync(endpoint.Id);
            await strict.DeliverAsync();
        }
        finally
        {
            strict.ClearPools();
        }

        Assert.Empty(receiver.Requests);
        using var log = await client.Http.GetAsync(new Uri($"/v1/webhook_endpoints/{endpoint.Id}/deliveries", UriKind.Relative), Ct);
        var attempt = (await log.JsonAsync()).GetProperty("data")[0];
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Contains("may not reach", attempt.GetProperty("response").GetString(), StringComparison.Ordinal);
    }
}
