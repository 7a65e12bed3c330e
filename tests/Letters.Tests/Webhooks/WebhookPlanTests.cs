using Letters.Features.Webhooks;
using Letters.Tests.Infrastructure;
using Npgsql;

namespace Letters.Tests.Webhooks;

/// <summary>
/// The webhook statements written by hand must stay cheap however long the history: the relay reads only what is
/// not numbered yet, the senders only what is due, and a feed page only its client's next events. Measured in pages
/// touched, which do not depend on the machine's speed.
/// </summary>
public sealed class WebhookPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Relay_senders_and_feed_touch_a_few_pages_beside_thirty_thousand_finished_events_and_deliveries()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync("https://example.com/hooks");
        using (var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        await fixture.App.DeliverAsync();
        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);

        // Years of history: 30,000 numbered events of this order, and as many finished deliveries.
        await Execute(connection, """
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_name, created_at, sequence)
            SELECT e.order_id, 'priority_changed', 'queued', 'queued', 'admin', 'Ada', now(), 1000 + n FROM generate_series(1, 30000) n, (SELECT order_id FROM order_events LIMIT 1) e
            """);
        await Execute(connection, $"""
            INSERT INTO webhook_deliveries (client_id, endpoint_id, message_id, is_replay, state, attempts, next_attempt_at, created_at, delivered_at)
            SELECT '{client.Id}', '{endpoint.Id}', (SELECT id FROM webhook_messages LIMIT 1), true, 'succeeded', 1, now(), now(), now() FROM generate_series(1, 30000)
            """);
        // Then 20,000 live-mode events, and after them the test-mode ones a test key's next page holds: the page
        // must not walk the live ones to find its own.
        await Execute(connection, """
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_name, created_at, sequence)
            SELECT e.order_id, 'priority_changed', 'queued', 'queued', 'admin', 'Ada', now(), 31000 + n FROM generate_series(1, 20000) n, (SELECT order_id FROM order_events LIMIT 1) e
            """);
        await Execute(connection, "UPDATE order_events SET is_test = false WHERE sequence BETWEEN 31001 AND 51000");
        await Execute(connection, """
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_name, created_at, sequence)
            SELECT e.order_id, 'priority_changed', 'queued', 'queued', 'admin', 'Ada', now(), 60000 + n FROM generate_series(1, 300) n, (SELECT order_id FROM order_events LIMIT 1) e
            """);
        await Execute(connection, "UPDATE webhook_relay_cursor SET last_sequence = 70000");
        await Execute(connection, "VACUUM ANALYZE order_events");
        await Execute(connection, "VACUUM ANALYZE webhook_deliveries");

        // Three events wait to be numbered, and two deliveries to be sent.
        await Execute(connection, """
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_name, created_at)
            SELECT order_id, 'priority_changed', 'queued', 'queued', 'admin', 'Ada', now() FROM order_events, generate_series(1, 3) LIMIT 3
            """);
        await Execute(connection, $"UPDATE webhook_deliveries SET state = 'pending' WHERE id IN (SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 2)");

        await QueryPlans.AssertSmallAsync(connection, WebhookRelay.SequenceSql, ["100", "70000"], "ix_order_events_unsequenced", "order_events");
        await QueryPlans.AssertSmallAsync(connection, WebhookSender.ClaimSql, ["now()", "now() + interval '25 seconds'", "64", "8"], "ix_webhook_deliveries_due", "webhook_deliveries");
        await QueryPlans.AssertSmallAsync(connection, EventFeed.PageSql, [$"'{client.Id}'", "true", "30990", "101"], "ux_order_events_feed", "order_events");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

}
