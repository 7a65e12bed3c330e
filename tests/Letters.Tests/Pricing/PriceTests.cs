using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Pricing;

public sealed class PriceTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_carries_its_itemised_price_from_the_price_list()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);

        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["length"] = "long"; b["priority"] = "rush"; b["paper"] = "parchment"; b["deliver_by"] = Day(10); }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var price = (await created.JsonAsync()).GetProperty("price");
        Assert.Equal("USD", price.GetProperty("currency").GetString());
        var lines = price.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("item").GetString()!, l => l.GetProperty("amount").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["letter_long"] = 1400, ["rush"] = 500, ["paper_parchment"] = 150, ["envelope"] = 150 }, lines);
        Assert.Equal(2200, price.GetProperty("amount").GetInt64());

        // Read back, the order still says what it cost.
        using var read = await client.Http.GetAsync(new Uri((await created.JsonAsync()).GetProperty("links").GetProperty("self").GetString()!, UriKind.Relative), Ct);
        Assert.Equal(2200, (await read.JsonAsync()).GetProperty("price").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_test_order_lists_the_same_items_and_costs_nothing()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Test);

        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));

        var price = (await created.JsonAsync()).GetProperty("price");
        Assert.Equal(0, price.GetProperty("amount").GetInt64());
        Assert.Equal(["letter_standard", "envelope"], price.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("item").GetString()));
        Assert.All(price.GetProperty("lines").EnumerateArray(), l => Assert.Equal(0, l.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task A_quote_holds_its_price_for_an_order_after_the_price_list_changes()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        using var quoted = await client.Http.PostAsJsonAsync("/v1/quotes", new { length = "standard" }, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, quoted.StatusCode);
        var quote = await quoted.JsonAsync();
        Assert.Equal(1050, quote.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(24), quote.GetProperty("expires_at").GetDateTimeOffset());

        // The next morning the prices go up (a new deployment with a new list, on the same database).
        fixture.Clock.Advance(TimeSpan.FromHours(20));
        await using var repriced = new LettersApp(fixture.App.ConnectionString, fixture.Clock, settings: new Dictionary<string, string> { ["Letters:Prices:Lengths:standard"] = "1900" });
        var http = repriced.CreateDefaultClient(ApiContract.Handler(repriced));
        http.DefaultRequestHeaders.Authorization = new("Bearer", client.Key);
        var later = client with { Http = http };

        using var withQuote = await later.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["quote_id"] = quote.GetProperty("id").GetGuid()));
        using var without = await later.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));

        Assert.Equal(HttpStatusCode.Created, withQuote.StatusCode);
        Assert.Equal(1050, (await withQuote.JsonAsync()).GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal(2050, (await without.JsonAsync()).GetProperty("price").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task An_expired_a_foreign_or_a_different_letters_quote_is_refused_by_field()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var stranger = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var mine = await QuoteAsync(client, new { length = "short", priority = "rush" });
        var theirs = await QuoteAsync(stranger, new { length = "standard" });

        using var otherLetter = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["quote_id"] = mine; b["length"] = "long"; b["priority"] = "rush"; b["deliver_by"] = Day(10); }));
        using var foreign = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["quote_id"] = theirs));
        using var peek = await client.Http.GetAsync(new Uri($"/v1/quotes/{theirs}", UriKind.Relative), Ct);
        fixture.Clock.Advance(TimeSpan.FromHours(25));
        using var expired = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => { b["quote_id"] = mine; b["length"] = "short"; b["priority"] = "rush"; b["deliver_by"] = Day(10); }));

        Assert.Contains("this order is a long letter", await FieldErrorAsync(otherLetter, "quote_id"), StringComparison.Ordinal);
        Assert.Contains("no such quote", await FieldErrorAsync(foreign, "quote_id"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        Assert.Contains("expired", await FieldErrorAsync(expired, "quote_id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_for_a_length_we_do_not_write_is_a_400_naming_the_field()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.Http.PostAsJsonAsync("/v1/quotes", new { length = "epic", paper = "papyrus" }, ApiClients.Json, Ct);

        Assert.Contains("length", await FieldErrorAsync(response, "length"), StringComparison.Ordinal);
        Assert.Contains("parchment", await FieldErrorAsync(response, "paper"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_months_statement_adds_up_to_its_orders_prices_and_leaves_out_free_cancellations()
    {
        var client = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        var month = fixture.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var prices = new List<long>();
        foreach (var length in new[] { "short", "standard", "long" })
        {
            using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["length"] = length));
            prices.Add((await created.JsonAsync()).GetProperty("price").GetProperty("amount").GetInt64());
        }

        using var cancelled = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["length"] = "long"));
        using var cancel = await client.Http.PostAsync(new Uri($"/v1/orders/{(await cancelled.JsonAsync()).GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        using var json = await client.Http.GetAsync(new Uri($"/v1/statements/{month}", UriKind.Relative), Ct);
        var statement = await json.JsonAsync();
        Assert.Equal(3, statement.GetProperty("orders").GetInt32());
        Assert.Equal(prices.Sum(), statement.GetProperty("totals").GetProperty("USD").GetInt64());
        Assert.Equal(prices.Sum(), statement.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amount").GetInt64()));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/statements/{month}");
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await client.Http.SendAsync(request, Ct);
        var rows = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("order_id,ordered_at,recipient,occasion,status,amount,currency", rows[0].TrimStart('\uFEFF'));
        Assert.Equal(5, rows.Length);
        Assert.StartsWith("total,", rows[^1], StringComparison.Ordinal);
        Assert.Contains($"{prices.Sum() / 100m:0.00},USD", rows[^1], StringComparison.Ordinal);

        // Another client's statement for the same month is their own: empty.
        var stranger = await ApiClients.CreateAsync(fixture.App, ApiKeyMode.Live);
        using var theirs = await stranger.Http.GetAsync(new Uri($"/v1/statements/{month}", UriKind.Relative), Ct);
        Assert.Equal(0, (await theirs.JsonAsync()).GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task The_running_statement_totals_agree_with_the_charged_letters_however_the_orders_are_written()
    {
        var (clientId, recipientId) = await Queueing.QueueSeed.ClientAsync(fixture.App);
        await using var db = fixture.App.NewDbContext();
        // Set-based inserts over three months, both modes, two currencies and every status; then the changes the app
        // makes one row at a time (cancel, fail, a new price, back in the queue) and a delete.
        // (Every status a letter can have without a writer holding it.)
        var statuses = Enum.GetValues<OrderStatus>().Except([OrderStatus.Claimed, OrderStatus.ChangesRequested]).Select(s => s.ToWire()).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                page_size, deliver_by, priority, metadata, status, due_at, attempt, declined_by, lease_expiries, needs_admin,
                                revisions_used, auto_draft, price, created_at, updated_at)
            SELECT gen_random_uuid(), {clientId}, {recipientId}, n % 5 = 0, 'birthday', 'friend', 'A brief long enough to be a brief.', 'warm',
                   'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', '2026-12-31', 0, jsonb_build_object(), ({statuses})[1 + n % {statuses.Length}],
                   now(), 0, ARRAY[]::uuid[], 0, false, 0, false,
                   CASE WHEN n % 11 = 0 THEN NULL
                        ELSE jsonb_build_object('amount', 1000 + n, 'currency', CASE WHEN n % 3 = 0 THEN 'EUR' ELSE 'USD' END, 'lines', jsonb_build_array()) END,
                   timestamptz '2026-09-30 23:00:00+00' + n * interval '1 hour', now()
            FROM generate_series(1, 1500) AS n
            """, Ct);
        var some = db.Orders.Where(o => o.ClientId == clientId).OrderBy(o => o.Id);
        await some.Where(o => o.Status != OrderStatus.Cancelled).Take(40).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Cancelled), Ct);
        await some.Where(o => o.Status == OrderStatus.Queued).Take(30).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Failed), Ct);
        await some.Where(o => o.Status == OrderStatus.Cancelled && o.ClaimedBy == null).Take(10).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Queued), Ct);
        await some.Where(o => o.Price == null).Take(20).ExecuteUpdateAsync(o => o.SetProperty(x => x.Price, new Price(777, "USD", [])), Ct);
        await some.Where(o => o.Status == OrderStatus.InReview).Take(25).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Approved), Ct);
        await some.Where(o => o.Status == OrderStatus.Delivered).Take(15).ExecuteDeleteAsync(Ct);

        var orders = await db.Orders.AsNoTracking().Where(o => o.ClientId == clientId).Where(Charges.IsCharged).ToListAsync(Ct);
        var recounted = orders
            .GroupBy(o => (o.IsTest, Month: new DateOnly(o.CreatedAt.UtcDateTime.Year, o.CreatedAt.UtcDateTime.Month, 1), o.Price!.Currency))
            .ToDictionary(g => g.Key, g => (Orders: g.Count(), Amount: g.Sum(o => o.Price!.Amount)));
        var kept = (await db.StatementTotals.AsNoTracking().Where(t => t.ClientId == clientId).ToListAsync(Ct))
            .GroupBy(t => (t.IsTest, t.Month, t.Currency))
            .Select(g => new { g.Key.IsTest, g.Key.Month, g.Key.Currency, Orders = g.Sum(t => t.Orders), Amount = g.Sum(t => t.Amount) })
            .Where(t => t.Orders != 0).ToList();

        // Three months (from the first hour of October, UTC), two modes, two currencies.
        Assert.Equal(12, recounted.Count);
        Assert.Equal(
            recounted.Select(r => $"{r.Key}: {r.Value.Orders} for {r.Value.Amount}").Order(),
            kept.Select(t => $"{(t.IsTest, t.Month, t.Currency)}: {t.Orders} for {t.Amount}").Order());
        Assert.Equal(await db.Orders.CountAsync(o => o.ClientId == clientId, Ct), await db.ClientOrderCounts.Where(c => c.ClientId == clientId).SumAsync(c => c.Orders, Ct));
    }

    [Fact]
    public async Task A_statement_for_a_month_written_wrongly_is_a_400()
    {
        var client = await ApiClients.CreateAsync(fixture.App);

        using var response = await client.Http.GetAsync(new Uri("/v1/statements/november", UriKind.Relative), Ct);

        Assert.Contains("yyyy-mm", await FieldErrorAsync(response, "month"), StringComparison.Ordinal);
    }

    private string Day(int days) => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> QuoteAsync(ApiClient client, object body)
    {
        using var response = await client.Http.PostAsJsonAsync("/v1/quotes", body, ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}': {errors}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
