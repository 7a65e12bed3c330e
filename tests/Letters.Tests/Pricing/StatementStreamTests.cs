using System.Net;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Pricing;

/// <summary>A busy month's statement: the page shows it a hundred letters at a time; the API and the CSV stream all of it.</summary>
public sealed class StatementStreamTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_month_of_250_letters_pages_by_a_hundred_in_the_app_and_streams_whole_as_json_and_csv()
    {
        var (browser, clientId) = await Forms.SignedUpClientAsync(fixture.App, "Rue Cler Bakery");

        var month = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = fixture.App.NewDbContext())
        {
            var recipient = new Recipient { Id = Guid.NewGuid(), ClientId = clientId, Name = "Claire Martin", AddressLine1 = "12 Rue Cler", City = "Paris", PostalCode = "75007", Country = "FR", CreatedAt = month, UpdatedAt = month };
            db.Recipients.Add(recipient);
            await db.SaveChangesAsync(Ct);
            // 250 delivered at 10.00 to 12.49 each, ten cancelled (free), and a test order: neither is on the statement.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                    page_size, deliver_by, priority, metadata, status, due_at, attempt, declined_by, lease_expiries, needs_admin,
                                    revisions_used, auto_draft, price, created_at, updated_at)
                SELECT gen_random_uuid(), {clientId}, {recipient.Id}, n > 260, 'thank_you', 'customer', 'Thank them for ten years of Saturday mornings.',
                       'warm', 'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', '2026-12-31', 0, jsonb_build_object(),
                       CASE WHEN n > 250 AND n <= 260 THEN 'cancelled' ELSE 'delivered' END, now(), 1, ARRAY[]::uuid[], 0, false, 0, false,
                       jsonb_build_object('amount', 999 + n, 'currency', 'USD', 'lines', jsonb_build_array()),
                       {month}::timestamptz + n * interval '2 hours', now()
                FROM generate_series(1, 261) AS n
                """, Ct);
        }

        var total = Enumerable.Range(1, 250).Sum(n => 999L + n);
        var first = await browser.GetStringAsync(new Uri("/app/statements?month=2026-10", UriKind.Relative), Ct);
        Assert.Contains($"250 letters: USD {total / 100m:0.00}", first, StringComparison.Ordinal);
        var pages = new List<int> { Rows(first) };
        for (var page = first; Next(page) is { } next;)
        {
            page = await browser.GetStringAsync(new Uri(WebUtility.HtmlDecode(next), UriKind.Relative), Ct);
            pages.Add(Rows(page));
        }

        Assert.Equal([100, 100, 50], pages);

        var api = await ApiClients.ForClientAsync(fixture.App, clientId, ApiKeyMode.Live);
        using var json = await api.Http.GetAsync(new Uri("/v1/statements/2026-10", UriKind.Relative), Ct);
        var statement = await json.JsonAsync();
        var lines = statement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(250, statement.GetProperty("orders").GetInt32());
        Assert.Equal(250, lines.Count);
        Assert.Equal(total, lines.Sum(l => l.GetProperty("amount").GetInt64()));
        Assert.Equal(total, statement.GetProperty("totals").GetProperty("USD").GetInt64());
        Assert.Equal(lines.OrderBy(l => l.GetProperty("ordered_at").GetDateTimeOffset()).Select(l => l.GetProperty("order_id").GetGuid()), lines.Select(l => l.GetProperty("order_id").GetGuid()));

        var csv = (await browser.GetStringAsync(new Uri("/app/statements?handler=Csv&month=2026-10", UriKind.Relative), Ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1 + 250 + 1, csv.Length);
        Assert.Equal($"total,2026-10,250 orders,,,{total / 100m:0.00},USD", csv[^1]);
    }

    private static int Rows(string page) =>
        page.Split("<tbody>")[1].Split("</tbody>")[0].Split("<tr>").Length - 1;

    private static string? Next(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "id=\"next-lines\" href=\"([^\"]+)\"") is { Success: true } m ? m.Groups[1].Value : null;
}
