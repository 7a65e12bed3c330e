using System.Net;
using Letters.Data;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Tests.Foundation;

/// <summary>A row copied by <see cref="BulkCopy"/> is the row EF's save writes: every column, converted alike.</summary>
public sealed class BulkCopyTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copied_recipient_order_and_event_match_the_saved_ones_column_for_column()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        // An order with every kind of column set: metadata (jsonb), a price, a return address, letter settings.
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b =>
        {
            b["metadata"] = new Dictionary<string, string> { ["crm_id"] = "C-1", ["note"] = "ünïcode \"quoted\"" };
            b["page_size"] = "a4";
            b["address_placement"] = "window";
            b["return_address"] = new Dictionary<string, string> { ["name"] = "Henri Dubois", ["address_line1"] = "3 Grande Rue", ["city"] = "Besançon", ["postal_code"] = "25000", ["country"] = "FR" };
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var saved = (await created.JsonAsync()).GetProperty("id").GetGuid();

        Guid copied;
        await using (var db = fixture.App.NewDbContext())
        {
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == saved, Ct);
            var recipient = await db.Recipients.AsNoTracking().SingleAsync(r => r.Id == order.RecipientId, Ct);
            var received = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == saved).OrderBy(e => e.Id).FirstAsync(Ct);
            recipient.Id = Guid.NewGuid();
            order.Id = copied = Guid.NewGuid();
            order.RecipientId = recipient.Id;
            received.Id = 0;
            received.OrderId = order.Id;
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await BulkCopy.InsertAsync(db, [recipient], Ct);
            await BulkCopy.InsertAsync(db, [order], Ct);
            await BulkCopy.InsertAsync(db, [received], Ct);
            await transaction.CommitAsync(Ct);
        }

        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        async Task<string> RowAsync(string sql, Guid id)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", id);
            return (string)(await command.ExecuteScalarAsync(Ct))!;
        }

        const string Order = "SELECT (to_jsonb(o) - 'id' - 'recipient_id' - 'xmin')::text FROM orders o WHERE id = @id";
        const string Recipient = "SELECT (to_jsonb(r) - 'id')::text FROM recipients r JOIN orders o ON o.recipient_id = r.id WHERE o.id = @id";
        const string Event = "SELECT (to_jsonb(e) - 'id' - 'order_id' - 'sequence')::text FROM order_events e WHERE order_id = @id ORDER BY id LIMIT 1";
        Assert.Equal(await RowAsync(Order, saved), await RowAsync(Order, copied));
        Assert.Equal(await RowAsync(Recipient, saved), await RowAsync(Recipient, copied));
        Assert.Equal(await RowAsync(Event, saved), await RowAsync(Event, copied));
        Assert.Contains("ünïcode", await RowAsync(Order, copied), StringComparison.Ordinal);
    }
}
