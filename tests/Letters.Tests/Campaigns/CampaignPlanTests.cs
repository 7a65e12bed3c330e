using Letters.Features.Campaigns;
using Letters.Tests.Infrastructure;
using Npgsql;

namespace Letters.Tests.Campaigns;

/// <summary>The campaign worker's hand-written statements stay on their indexes beside a 20,000-letter campaign already done.</summary>
public sealed class CampaignPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Render_claim_row_link_and_campaign_relay_touch_a_few_pages_beside_twenty_thousand_finished_letters()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        var other = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv(Enumerable.Range(1, 3).Select(i => CampaignSteps.Row(i))));

        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var columns = new NpgsqlCommand("""
            SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_name = 'orders' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'campaign_row', 'status')
            """, connection))
        {
            var list = (string)(await columns.ExecuteScalarAsync(Ct))!;

            // This campaign's history: 10,000 of its letters approved; another campaign's 10,000 recipients waiting for
            // their letter; 20,000 rows imported and 20,000 events relayed.
            await Execute(connection, $"""
                INSERT INTO orders (id, campaign_row, status, {list})
                SELECT gen_random_uuid(), 1000 + n, 'approved', {list} FROM generate_series(1, 10000) n, (SELECT * FROM orders WHERE campaign_id = '{campaign}' LIMIT 1) o
                """);
            await Execute(connection, $"""
                INSERT INTO orders (id, campaign_row, status, {list})
                SELECT gen_random_uuid(), 1000 + n, 'received', {list.Replace("campaign_id", $"'{other}'::uuid", StringComparison.Ordinal)} FROM generate_series(1, 10000) n, (SELECT * FROM orders WHERE campaign_id = '{campaign}' LIMIT 1) o
                """);
            await Execute(connection, $"""
                INSERT INTO campaign_rows (campaign_id, row_number, valid, has_problems, name, custom, problems, order_id)
                SELECT '{campaign}', 1000 + n, true, false, 'Donor', jsonb_build_object(), '[]', gen_random_uuid() FROM generate_series(1, 20000) n
                """);
            await Execute(connection, $"""
                INSERT INTO campaign_events (campaign_id, to_state, created_at, relayed)
                SELECT '{campaign}', 'writing', now(), true FROM generate_series(1, 20000)
                """);
        }

        foreach (var table in (string[])["orders", "campaign_rows", "campaign_events"])
        {
            await Execute(connection, $"VACUUM ANALYZE {table}");
        }

        await QueryPlans.AssertSmallAsync(connection, CampaignWorker.RenderClaimSql, [$"'{campaign}'", "8", "now()", "now() + interval '2 minutes'"], "ix_orders_campaign_waiting", "orders");
        await QueryPlans.AssertSmallAsync(connection, CampaignWorker.RowLinkSql, ["ARRAY[1500, 1501, 1502]", "ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()]", $"'{campaign}'"], "pk_campaign_rows", "campaign_rows");
        await QueryPlans.AssertSmallAsync(connection, CampaignWebhooks.TakeSql, ["100"], "ix_campaign_events_unrelayed", "campaign_events");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

}
