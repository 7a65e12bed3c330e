using System.Text.Json;
using System.Text.RegularExpressions;
using Letters.Features.Orders;
using Letters.Tests.Infrastructure;
using Letters.Tests.Queueing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Tests.Orders;

/// <summary>
/// The admin orders list must cost the same at any history: with years of letters seeded, each filter walks its
/// index in the list's order and touches a bounded number of pages (counted, not timed), never the whole table.
/// </summary>
public sealed partial class AdminListPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_admin_orders_filter_reads_a_page_of_rows_not_the_history()
    {
        var writer = await Writers.CreateAsync(fixture.App);
        var (clientId, recipientId) = await QueueSeed.ClientAsync(fixture.App);
        await using (var db = fixture.App.NewDbContext())
        {
            // 40,000 letters over three years, most delivered by one writer, thirty waiting in review.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                    page_size, deliver_by, priority, metadata, status, due_at, claimed_by, claimed_at, attempt, declined_by,
                                    lease_expiries, needs_admin, revisions_used, auto_draft, created_at, updated_at)
                SELECT gen_random_uuid(), {clientId}, {recipientId}, false,
                       (ARRAY['anniversary','love','birthday','condolence'])[1 + n % 4], 'friend', 'A brief long enough to be a brief.', 'warm',
                       'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', '2026-01-01', 0, jsonb_build_object(),
                       CASE WHEN n > 39970 THEN 'in_review' ELSE 'delivered' END, now(), {writer}, now(), 1, ARRAY[]::uuid[], 0, false, 0, false,
                       now() - interval '3 years' * (1 - n / 40000.0), now()
                FROM generate_series(1, 40000) AS n
                """, Ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE orders", Ct);
        }

        var filters = new AdminOrdersModel.Filters[]
        {
            new(),
            new(Status: "in_review"),
            new(Status: "delivered"),
            new(Occasion: "birthday"),
            new(Writer: writer),
        };
        foreach (var filter in filters)
        {
            await using var db = fixture.App.NewDbContext();
            var (pages, scans) = await ExplainAsync(AdminOrdersModel.Search(db, filter).ToQueryString());

            Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == "orders");
            Assert.True(pages < 400, $"{filter}: the list touched {pages} pages ({string.Join(", ", scans)})");
        }
    }

    /// <summary>Runs EF's SQL under EXPLAIN with its parameters written in as literals (PostgreSQL types them from context).</summary>
    private async Task<(int Pages, List<(string Node, string On)> Scans)> ExplainAsync(string queryString)
    {
        var parameters = new Dictionary<string, string>();
        var sql = new List<string>();
        foreach (var line in queryString.Split('\n'))
        {
            if (Parameter().Match(line) is { Success: true } p)
            {
                parameters[p.Groups["name"].Value] = p.Groups["value"].Value;
            }
            else
            {
                sql.Add(line);
            }
        }

        var text = string.Join('\n', sql);
        foreach (var (name, value) in parameters.OrderByDescending(p => p.Key.Length))
        {
            text = text.Replace(name, $"'{value.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal);
        }

        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {text}", connection);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
        var root = plan.RootElement[0].GetProperty("Plan");
        return (QueryPlans.Pages(root), [.. QueryPlans.Scans(root)]);
    }

    [GeneratedRegex(@"^-- (?<name>@\w+)='(?<value>.*)'(?: \(.*\))?\s*$")]
    private static partial Regex Parameter();
}
