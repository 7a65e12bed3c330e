using Letters.Features.Books;
using Letters.Tests.Infrastructure;
using Npgsql;

namespace Letters.Tests.Books;

/// <summary>The builder's claim stays on the index of unbuilt books beside 20,000 books already made.</summary>
public sealed class BookPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_builders_claim_touches_a_few_pages_beside_twenty_thousand_books_already_made()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var waiting = await client.BookAsync(fixture.App, fixture.Clock);
        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var history = new NpgsqlCommand($"""
            INSERT INTO books (id, client_id, is_test, recipient_id, delivered_from, delivered_to, title, dedication, trim, state, letters_total, letters_placed,
                               page_count, gutter_inches, contents, attempts, created_at, updated_at, finished_at)
            SELECT gen_random_uuid(), client_id, is_test, recipient_id, NULL, NULL, 'Made', NULL, trim, 'done', 1, 1, 24, 0.375, '[]', 1,
                   now() - interval '1 year' + n * interval '1 minute', now(), now()
            FROM generate_series(1, 20000) n, (SELECT * FROM books WHERE id = '{waiting}') b
            """, connection))
        {
            await history.ExecuteNonQueryAsync(Ct);
        }

        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE books", connection))
        {
            await vacuum.ExecuteNonQueryAsync(Ct);
        }

        await QueryPlans.AssertSmallAsync(connection, BookBuilder.ClaimSql, ["now()"], "ix_books_unbuilt", "books");
    }
}
