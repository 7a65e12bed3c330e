using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// The outbox relay. The timeline's event rows are the outbox: every status change writes its event in its own
/// transaction. The relay takes the committed events that have no place in the feed yet, gives each the next
/// sequence number, makes its message once (the order as the API shows it) and a delivery for every endpoint of
/// that client and mode that wants it — all in one transaction, so a crash repeats nothing and loses nothing.
/// One instance relays at a time (a transaction-scoped advisory lock), so sequence numbers are handed out in
/// commit order of the relay: a feed reader that has seen number n has seen every number below it, even when an
/// event's own transaction committed late. Any instance sends.
/// </summary>
public static class WebhookRelay
{
    private sealed record Sequenced(long Id, long Seq);

    private static readonly string LockSql = $"SELECT pg_try_advisory_xact_lock({WorkerKind.WebhookRelay.Lock}) AS \"Value\"";

    // Oldest first by id: within an order, ids grow with its timeline, so sequence numbers do too.
    public const string SequenceSql = """
        WITH next AS (
            SELECT id, {1} + row_number() OVER (ORDER BY id) AS seq
            FROM (SELECT id FROM order_events WHERE sequence IS NULL ORDER BY id LIMIT {0}) waiting)
        UPDATE order_events e SET sequence = next.seq FROM next WHERE e.id = next.id
        RETURNING e.id, e.sequence AS seq
        """;

    /// <summary>Relays up to <paramref name="batch"/> events; returns how many (0: none, or another instance is relaying).</summary>
    public static async Task<int> RelayOnceAsync(LettersDbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Database.SqlQueryRaw<bool>(LockSql).SingleAsync(ct))
        {
            return 0;
        }

        var cursor = await db.WebhookRelayCursors.SingleOrDefaultAsync(c => c.Id == 1, ct);
        if (cursor is null)
        {
            cursor = new Data.Configurations.WebhookRelayCursor { Id = 1, LastSequence = await db.Database.SqlQueryRaw<long>("SELECT COALESCE(max(sequence), 0) AS \"Value\" FROM order_events").SingleAsync(ct) };
            db.WebhookRelayCursors.Add(cursor);
        }

        var sequenced = await db.Database.SqlQueryRaw<Sequenced>(SequenceSql, batch, cursor.LastSequence).ToListAsync(ct);
        var campaignEvents = await Campaigns.CampaignWebhooks.RelayAsync(db, now, batch, ct);
        if (sequenced.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return campaignEvents;
        }

        var ids = sequenced.Select(r => r.Id).ToList();
        var events = await db.OrderEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(ct);
        var orders = await WebhookEvents.OrdersOfAsync(db, events, ct);
        var outbox = await WebhookOutbox.ForAsync(db, orders.Values.Select(o => o.ClientId), ct);
        foreach (var e in events)
        {
            var order = orders[e.OrderId];
            await outbox.PostAsync(db, order.ClientId, order.IsTest, WebhookEvents.PublicName(e.Type), () => Task.FromResult(Message(e, e.Sequence!.Value, order, now)), now);
        }

        cursor.LastSequence = sequenced.Max(r => r.Seq);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return sequenced.Count + campaignEvents;
    }

    public static WebhookMessage Message(OrderEvent e, long sequence, Order order, DateTimeOffset now) => new()
    {
        Id = WebhookEvents.IdOf(e.Id),
        ClientId = order.ClientId,
        IsTest = order.IsTest,
        EventId = e.Id,
        Type = WebhookEvents.PublicName(e.Type),
        Body = WebhookEvents.Serialize(WebhookEvents.Of(e, sequence, order, order.Recipient)),
        CreatedAt = now,
    };
}
