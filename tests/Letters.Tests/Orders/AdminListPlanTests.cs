using System.Text.Json;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Letters.Tests.Queueing;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Orders;

/// <summary>
/// The admin orders list must cost the same at any history: with years of letters seeded, each filter walks its
/// index in the list's order and touches a bounded number of pages (counted, not timed), never the whole table.
/// </summary>
public sealed class AdminListPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_admin_orders_filter_reads_a_page_of_rows_not_the_history()
    {
        var (writer, _) = await SeedHistoryAsync();

        var filters = new AdminOrdersModel.Filters[]
        {
            new(),
            new(Status: "in_review"),
            new(Status: "delivered"),
            new(Occasion: "birthday"),
            new(Writer: writer),
            new(Text: "brief"),
            new(Text: "12345"),
            new(Text: "nowhere"),
            new(Recipient: "Zebediah"),
            new(Recipient: "nobody-at-all"),
            new(Client: "nobody-at-all"),
            new(From: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30))),
            new(Metadata: "crm_id=C-400"),
        };
        foreach (var filter in filters)
        {
            await using var db = fixture.App.NewDbContext();
            var (pages, scans) = await ExplainAsync(await AdminOrdersModel.SearchAsync(db, filter, Ct));

            Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == "orders");
            Assert.True(pages < 400, $"{filter}: the list touched {pages} pages ({string.Join(", ", scans)})");
        }

        // A name one recipient in ten carries: a page of a hundred is found among the thousand newest orders, each
        // checked against the list of matching ids. Bounded by the name's share, not by the years behind it.
        await using (var db = fixture.App.NewDbContext())
        {
            var (pages, scans) = await ExplainAsync(await AdminOrdersModel.SearchAsync(db, new(Recipient: "Claire"), Ct));

            Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == "orders");
            Assert.True(pages < 1500, $"Claire: the list touched {pages} pages ({string.Join(", ", scans)})");
        }
    }

    [Fact]
    public async Task Every_v1_orders_filter_reads_a_page_of_rows_not_the_clients_history()
    {
        var (_, clientId) = await SeedHistoryAsync();

        var month = DateTimeOffset.UtcNow.AddDays(-30);
        var filters = new ListOrders.Filters[]
        {
            new(),
            new(Status: OrderStatus.ChangesRequested),
            new(Status: OrderStatus.InReview),
            new(Status: OrderStatus.Delivered),
            new(Occasion: "apology"),
            new(Occasion: "birthday"),
            new(Status: OrderStatus.Delivered, Occasion: "apology"),
            new(Status: OrderStatus.Cancelled, Occasion: "love"),
            new(CreatedAfter: month),
            new(CreatedBefore: month.AddYears(-2)),
            new(Status: OrderStatus.Delivered, CreatedAfter: month),
            new(Occasion: "love", CreatedBefore: month),
            new(Metadata: new Dictionary<string, string> { ["crm_id"] = "C-400" }),
            new(Metadata: new Dictionary<string, string> { ["crm_id"] = "C-nobody" }),
        };
        foreach (var filter in filters)
        {
            await using var db = fixture.App.NewDbContext();
            var page = new PageRequest(100, null, null).Apply(ListOrders.Query(db, clientId, filter), o => o.CreatedAt, o => o.Id);
            var (pages, scans) = await ExplainAsync(page);

            Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == "orders");
            Assert.True(pages < 400, $"{filter}: the list touched {pages} pages ({string.Join(", ", scans)})");
        }
    }

    /// <summary>
    /// Three years of one business client's letters: 40,000 to 2,000 recipients (a tenth of them called Claire, one
    /// Zebediah), mostly delivered by one writer, a quarter with metadata, every fortieth cancelled, thirty waiting in
    /// review, and no apologies. The brief index's pending list (GIN's fast-update buffer, which autovacuum empties
    /// in the background) is emptied as autovacuum would have: a search that still had to read 40,000 fresh entries
    /// from it touched ~500 pages now and then, when the whole suite kept autovacuum behind.
    /// </summary>
    private async Task<(Guid Writer, Guid Client)> SeedHistoryAsync()
    {
        var writer = await Writers.CreateAsync(fixture.App);
        var (clientId, _) = await QueueSeed.ClientAsync(fixture.App);
        await using var db = fixture.App.NewDbContext();
        await db.Database.ExecuteSqlAsync($"""
            CREATE TEMP TABLE plan_recipients AS SELECT n, gen_random_uuid() AS id FROM generate_series(0, 1999) AS n;
            INSERT INTO recipients (id, client_id, name, relationship, address_line1, city, postal_code, country, created_at, updated_at)
            SELECT id, {clientId},
                   CASE WHEN n = 0 THEN 'Zebediah Quill'
                        ELSE (ARRAY['Claire','Sam','Noor','Jonas','Ines','Kofi','Mei','Ana','Ravi','Lena'])[1 + n % 10] || ' ' || (ARRAY['Martin','Okafor','Keller','Silva','Haddad'])[1 + (n / 10) % 5] || ' ' || n END,
                   'friend', '1 Elm Street', 'Springfield', '01234', 'US', now(), now()
            FROM plan_recipients;
            INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                page_size, deliver_by, priority, metadata, status, due_at, claimed_by, claimed_at, attempt, declined_by,
                                lease_expiries, needs_admin, revisions_used, auto_draft, created_at, updated_at)
            SELECT gen_random_uuid(), {clientId}, r.id, false,
                   (ARRAY['anniversary','love','birthday','condolence'])[1 + g.n % 4], 'friend', 'A brief long enough to be a brief, number ' || g.n || '.',
                   'warm', 'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', '2026-01-01', 0,
                   CASE WHEN g.n % 4 = 0 THEN jsonb_build_object('crm_id', 'C-' || g.n) ELSE jsonb_build_object() END,
                   CASE WHEN g.n > 39970 THEN 'in_review' WHEN g.n % 40 = 1 THEN 'cancelled' ELSE 'delivered' END, now(), {writer}, now(), 1,
                   ARRAY[]::uuid[], 0, false, 0, false, now() - interval '3 years' * (1 - g.n / 40000.0), now()
            FROM generate_series(1, 40000) AS g(n) JOIN plan_recipients r ON r.n = g.n % 2000;
            ANALYZE recipients;
            ANALYZE orders;
            SELECT gin_clean_pending_list('ix_orders_brief_search'::regclass);
            """, Ct);
        return (writer, clientId);
    }

    /// <summary>Runs EF's own command (its SQL and parameters, as the app sends them) under EXPLAIN ANALYZE.</summary>
    private static async Task<(int Pages, List<(string Node, string On)> Scans)> ExplainAsync(IQueryable query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = $"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {command.CommandText}";
        await command.Connection!.OpenAsync(Ct);
        try
        {
            using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync(Ct))!);
            var root = plan.RootElement[0].GetProperty("Plan");
            return (QueryPlans.Pages(root), [.. QueryPlans.Scans(root)]);
        }
        finally
        {
            await command.Connection.CloseAsync();
        }
    }
}
