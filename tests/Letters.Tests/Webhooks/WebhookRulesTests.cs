using System.Net;
using System.Reflection;
using Letters.Domain;
using Letters.Features.Webhooks;
using Letters.Tests.Infrastructure;
using Npgsql;

namespace Letters.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    [Fact]
    public void Every_timeline_event_type_has_a_public_webhook_name()
    {
        var types = typeof(OrderEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Matches("^[a-z]+\\.[a-z_]+$", WebhookEvents.PublicName(t)));
        Assert.Equal(types.Count, types.Select(WebhookEvents.PublicName).Distinct().Count());
    }

    [Fact]
    public void The_retry_schedule_spans_about_three_days_in_ten_attempts_with_jitter()
    {
        var delays = new WebhookOptions().RetryDelays;
        var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        var total = TimeSpan.Zero;
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            var next = Schedule.NextAttempt(delays, attempt, at, null, random)!.Value;
            Assert.InRange(next - at, delays[attempt - 1] * 0.9, delays[attempt - 1] * 1.1);
            total += next - at;
        }

        Assert.InRange(total, TimeSpan.FromDays(2.8), TimeSpan.FromDays(3.5));
        Assert.Null(Schedule.NextAttempt(delays, 10, at, null));

        // A receiver's Retry-After wins, within a second and a day.
        Assert.Equal(at.AddMinutes(10), Schedule.NextAttempt(delays, 1, at, TimeSpan.FromMinutes(10)));
        Assert.Equal(at.AddSeconds(1), Schedule.NextAttempt(delays, 1, at, TimeSpan.Zero));
        Assert.Equal(at.AddDays(1), Schedule.NextAttempt(delays, 1, at, TimeSpan.FromDays(30)));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    public void Only_public_addresses_are_reachable(string address, bool reachable) =>
        Assert.Equal(reachable, AddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data", true)]
    [InlineData("https://localhost/hooks", true)]
    [InlineData("https://[::1]/hooks", true)]
    [InlineData("https://example.com/hooks", false)]
    public void An_endpoint_url_into_a_private_network_is_refused_when_made(string url, bool refused) =>
        Assert.Equal(refused, WebhookRules.UrlProblem(url, live: true, allowPrivate: false) is not null);
}

public sealed class WebhookCrashTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delivery_claimed_by_an_instance_that_died_is_sent_by_another_after_the_hold_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        await client.PingAsync(endpoint.Id);

        // An instance claims the delivery and dies before posting it (or before recording the post).
        await using (var connection = new NpgsqlConnection(fixture.App.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var claim = new NpgsqlCommand("UPDATE webhook_deliveries SET lease_until = $1, attempts = attempts + 1", connection);
            claim.Parameters.AddWithValue(fixture.Clock.GetUtcNow().AddMinutes(2));
            Assert.Equal(1, await claim.ExecuteNonQueryAsync(Ct));
        }

        await fixture.App.DeliverAsync();
        Assert.Empty(receiver.Requests);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2.5));
        await fixture.App.DeliverAsync();
        var got = Assert.Single(receiver.Requests);
        Assert.StartsWith("msg_", got.Id, StringComparison.Ordinal);
        Assert.Equal("webhook.test", got.Type);
    }
}
