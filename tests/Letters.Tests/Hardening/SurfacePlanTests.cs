using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Tests.Books;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Letters.Tests.StandingOrders;
using Letters.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Hardening;

/// <summary>
/// Every page of the client app and every <c>/v1</c> list, and the admin's and writer's pages beside them (a review and a
/// writer's open letter among them), opened as
/// a business client with years of letters (60,000
/// of its own beside 20,000 of another client's, both modes, two events each, thousands of recipients, campaigns,
/// standing orders and books): each statement the request sends is run again as it was sent under EXPLAIN ANALYZE,
/// and none may scan a history table whole or touch more than a page's worth of pages (counted, not timed). The
/// month's statement reads that month, never the years.
/// </summary>
public sealed class SurfacePlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Tables the seed makes large: a sequential scan of one is a read of the history (but for a month's statement,
    /// which may join a month of letters to the client's recipients by hash, within its budget).
    /// </summary>
    private static readonly string[] HistoryTables = ["orders", "order_events", "recipients", "campaigns", "standing_orders", "books"];

    [Fact]
    public async Task Every_page_and_v1_list_reads_a_page_of_rows_not_the_history()
    {
        var history = await SeedAsync();

        var failures = new List<string>();
        foreach (var (http, path, budget) in history.Targets)
        {
            using (fixture.App.Commands.Record())
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
                await response.Content.ReadAsByteArrayAsync(Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            }

            var plans = await fixture.App.Commands.ExplainAsync(fixture.App.ConnectionString, Ct);
            Assert.NotEmpty(plans);
            foreach (var (sql, pages, scans) in plans)
            {
                if (budget != Month && scans.FirstOrDefault(s => s.Node == "Seq Scan" && HistoryTables.Contains(s.On)) is { On: not null } whole)
                {
                    failures.Add($"{path}: scans {whole.On} whole: {sql}");
                }

                if (pages > budget)
                {
                    failures.Add($"{path}: touched {pages} pages (at most {budget}) with {string.Join(", ", scans)}: {sql}");
                }
            }
        }

        // Every instance's metrics pass (the gauges an operator watches) reads as little, every 15 s, whatever the history.
        using (fixture.App.Commands.Record())
        {
            await fixture.App.Services.GetRequiredService<Letters.Infrastructure.MetricsSampler>().PassAsync(Ct);
        }

        foreach (var (sql, pages, scans) in await fixture.App.Commands.ExplainAsync(fixture.App.ConnectionString, Ct))
        {
            if (scans.FirstOrDefault(s => s.Node == "Seq Scan" && HistoryTables.Contains(s.On) && s.On is not ("campaigns" or "books")) is { On: not null } whole)
            {
                failures.Add($"metrics: scans {whole.On} whole: {sql}");
            }

            if (pages > Page)
            {
                failures.Add($"metrics: touched {pages} pages (at most {Page}) with {string.Join(", ", scans)}: {sql}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Pages a page of rows may touch; and a month's statement (~1,700 of the client's letters here, however long the history).</summary>
    private const int Page = 300, Month = 1500;

    private sealed record History(List<(HttpClient Http, string Path, int Budget)> Targets);

    private async Task<History> SeedAsync()
    {
        var (browser, clientId) = await Forms.SignedUpClientAsync(fixture.App, "Rue Cler Bakery");

        var live = await ApiClients.ForClientAsync(fixture.App, clientId, ApiKeyMode.Live);
        var test = await ApiClients.ForClientAsync(fixture.App, clientId);
        var other = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);

        // One of each made the way a client makes it, to copy from.
        var recipient = await live.RecipientAsync();
        var standing = await live.StandingOrderAsync(recipient);
        var endpoint = await live.AddEndpointAsync("https://hooks.example.com/letters");
        var campaign = await live.CreateCampaignAsync(fixture.Clock, "one_letter");
        // (A book of a test letter: a live one needs a writer. Its copies are of both modes.)
        var book = await test.BookAsync(fixture.App, fixture.Clock);
        using (var placed = await live.PostOrderAsync(ApiClients.OrderBody(fixture.Clock)))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }

        using (var theirs = await other.PostOrderAsync(ApiClients.OrderBody(fixture.Clock)))
        {
            Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        }

        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await CopyAsync(connection, "recipients", $"client_id = '{clientId}'", 20000, new()
        {
            ["id"] = "gen_random_uuid()",
            ["name"] = "(ARRAY['Claire','Sam','Noor','Jonas','Ines','Kofi','Mei','Ana','Ravi','Lena'])[1 + n % 10] || ' Martin ' || n",
            ["created_at"] = "now() - n * interval '30 minutes'",
        });
        await CopyAsync(connection, "standing_orders", $"id = '{standing}'", 2000, new()
        {
            ["id"] = "gen_random_uuid()",
            ["recipient_id"] = "r.id",
            ["created_at"] = "now() - n * interval '1 hour'",
        }, join: $"JOIN (SELECT row_number() OVER (ORDER BY id) AS i, id FROM recipients WHERE client_id = '{clientId}' AND id <> '{recipient}') r ON r.i = n");
        await CopyAsync(connection, "campaigns", $"id = '{campaign}'", 2000, new() { ["id"] = "gen_random_uuid()", ["created_at"] = "now() - n * interval '1 hour'" });
        await CopyAsync(connection, "books", $"id = '{book}'", 1000, new() { ["id"] = "gen_random_uuid()", ["is_test"] = "n % 2 = 0", ["created_at"] = "now() - n * interval '1 hour'" });

        // Three years of letters: this client's 60,000 (one in ten a test) and another client's 20,000, each placed then
        // claimed or cancelled, every fortieth cancelled; the newest thirty-thousandth of them in review.
        var template = $"client_id = '{clientId}' AND NOT is_test";
        await CopyAsync(connection, "orders", template, 60000, new()
        {
            ["id"] = "gen_random_uuid()",
            ["is_test"] = "n % 10 = 0",
            ["recipient_id"] = "r.id",
            ["status"] = "CASE WHEN n % 40 = 0 THEN 'cancelled' WHEN n < 30 THEN 'in_review' ELSE 'delivered' END",
            ["claimed_by"] = "NULL",
            ["lease_until"] = "NULL",
            ["occasion"] = "(ARRAY['anniversary','love','birthday','condolence','thank_you'])[1 + n % 5]",
            ["created_at"] = "now() - n * interval '26 minutes'",
        }, join: $"JOIN (SELECT row_number() OVER (ORDER BY id) AS i, id FROM recipients WHERE client_id = '{clientId}') r ON r.i = 1 + n % 20000");
        await CopyAsync(connection, "orders", $"client_id = '{other.Id}'", 20000, new()
        {
            ["id"] = "gen_random_uuid()",
            ["status"] = "'delivered'",
            ["claimed_by"] = "NULL",
            ["lease_until"] = "NULL",
            ["created_at"] = "now() - n * interval '78 minutes'",
        });
        await ExecuteAsync(connection, """
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
            SELECT o.id, e.type, e.from_status, e.to_status, 'client', o.client_id, 'client', o.created_at + e.after
            FROM orders o, (VALUES ('received', NULL, 'received', interval '0'), ('queued', 'received', 'queued', interval '1 second')) AS e(type, from_status, to_status, after)
            ORDER BY o.created_at, e.after
            """);
        foreach (var table in (string[])["recipients", "standing_orders", "campaigns", "books", "orders", "order_events", "statement_totals", "client_order_counts"])
        {
            await ExecuteAsync(connection, $"VACUUM ANALYZE {table}");
        }

        var month = DateTimeOffset.UtcNow.AddMonths(-2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        string order;
        await using (var newest = new NpgsqlCommand($"SELECT id FROM orders WHERE client_id = '{clientId}' AND NOT is_test ORDER BY created_at DESC LIMIT 1 OFFSET 500", connection))
        {
            order = ((Guid)(await newest.ExecuteScalarAsync(Ct))!).ToString();
        }

        string cursor;
        using (var page = await live.Http.GetAsync(new Uri("/v1/events?limit=100", UriKind.Relative), Ct))
        {
            cursor = (await page.JsonAsync()).GetProperty("next_cursor").GetString()!;
        }

        var admin = await StaffSignInAsync(StaffRoles.Admin);
        var writer = await StaffSignInAsync(StaffRoles.Writer);

        // Beside the history, the two letters waiting now, as a writer works them: one written and sent for review
        // (the admin's review page), one claimed and open (the writer's workspace).
        var reviewed = await ClaimAsync(writer);
        using (var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{reviewed.Id}/drafts", new { attempt = reviewed.Attempt, base_version = 0, salutation = "Dear Claire,", body = "Fifty years, and the almond croissant.", closing = "Love,", signature = "Henri" }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using (var submitted = await writer.PostAsJsonAsync($"/writer/api/letters/{reviewed.Id}/submit", new { attempt = reviewed.Attempt, version = 1 }, ApiClients.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, submitted.StatusCode);
        }

        var open = await ClaimAsync(writer);
        return new History(
        [
            (admin, "/admin", Page),
            (admin, $"/admin/orders/{order}", Page),
            (admin, "/admin/clients", Page),
            (admin, "/admin/clients?search=Bakery", Page),
            (admin, "/admin/writers", Page),
            (admin, "/admin/queues", Page),
            (admin, "/admin/hands", Page),
            (admin, $"/admin/review/{reviewed.Id}", Page),
            (writer, $"/writer/letters/{open.Id}", Page),
            (writer, "/writer", Page),
            (writer, "/writer/hand", Page),
            (writer, "/writer/api/summary", Page),
            (browser, "/app", Page),
            (browser, "/app/orders", Page),
            (browser, "/app/orders?status=cancelled", Page),
            (browser, "/app/orders?recipient=Claire", 2000),
            (browser, $"/app/orders/{order}", Page),
            (browser, "/app/orders/new", Page),
            (browser, $"/app/statements?month={month}", 2 * Page),
            (browser, "/app/recipients", Page),
            (browser, "/app/hand", Page),
            (browser, "/app/campaigns", Page),
            (browser, "/app/standing-orders", Page),
            (browser, "/app/books", Page),
            (browser, "/app/keys", Page),
            (browser, "/app/webhooks", Page),
            (live.Http, "/v1/orders", Page),
            (live.Http, "/v1/orders?status=cancelled", Page),
            (live.Http, $"/v1/orders/{order}", Page),
            (live.Http, $"/v1/orders/{order}/events", Page),
            (live.Http, "/v1/recipients", Page),
            (live.Http, "/v1/events?limit=100", Page),
            (live.Http, $"/v1/events?limit=100&after={cursor}", Page),
            (live.Http, $"/v1/statements/{month}", Month),
            (live.Http, "/v1/campaigns", Page),
            (live.Http, $"/v1/campaigns/{campaign}", Page),
            (live.Http, $"/v1/campaigns/{campaign}/events", Page),
            (live.Http, "/v1/standing_orders", Page),
            (live.Http, $"/v1/standing_orders/{standing}", Page),
            (live.Http, "/v1/books", Page),
            (test.Http, $"/v1/books/{book}", Page),
            (live.Http, "/v1/webhook_endpoints", Page),
            (live.Http, $"/v1/webhook_endpoints/{endpoint.Id}/deliveries", Page),
        ]);
    }

    private static async Task<(Guid Id, int Attempt)> ClaimAsync(HttpClient writer)
    {
        using var claim = await writer.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var claimed = await claim.JsonAsync();
        return (claimed.GetProperty("order_id").GetGuid(), claimed.GetProperty("attempt").GetInt32());
    }

    private async Task<HttpClient> StaffSignInAsync(string role)
    {
        var member = await Staff.CreateAsync(fixture.App, role, Staff.WriterPassword, skills: Staff.EveryOccasion);
        var http = Forms.Browser(fixture.App);
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email = member.Email, password = Staff.WriterPassword }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return http;
    }

    /// <summary>
    /// <paramref name="count"/> copies of the row <paramref name="where"/> picks, every column as it is but those in
    /// <paramref name="change"/> (SQL over the copy <c>o</c> and its number <c>n</c>).
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string table, string where, int count, Dictionary<string, string> change, string join = "")
    {
        await using var read = new NpgsqlCommand(
            "SELECT array_agg(column_name::text ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = @table AND is_generated = 'NEVER' AND identity_generation IS NULL",
            connection);
        read.Parameters.AddWithValue("table", table);
        var columns = (string[])(await read.ExecuteScalarAsync(Ct))!;
        var values = columns.Select(c => change.TryGetValue(c, out var value) ? value : $"o.{c}");
        await ExecuteAsync(connection, $"""
            INSERT INTO {table} ({string.Join(", ", columns)})
            SELECT {string.Join(", ", values)} FROM (SELECT * FROM {table} WHERE {where} LIMIT 1) o CROSS JOIN generate_series(1, {count}) n {join}
            """);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(Ct);
    }
}
