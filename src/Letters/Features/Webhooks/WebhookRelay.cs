using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// The outbox relay. The timeline's event rows are the outbox: every status change writes its event in its own
/// transaction, and this reads the settled log after its cursor, makes each event's message once (the order as the
/// API shows it), and a delivery for every endpoint of that client and mode that wants it — all in one transaction
/// with the cursor's move, so a crash repeats nothing and loses nothing. One instance relays at a time (a
/// transaction-scoped advisory lock); any instance sends.
/// </summary>
public static class WebhookRelay
{
    /// <summary>"WEBHOOKS" in ASCII.</summary>
    public const long RelayLock = 0x574542484F4F4B53;

    private sealed record Row(long Id, long TxId);

    private static readonly string LockSql = $"SELECT pg_try_advisory_xact_lock({RelayLock}) AS \"Value\"";

    private static readonly string NextSql = $$"""
        SELECT e.id, e.tx_id FROM order_events e
        WHERE (e.tx_id, e.id) > ({0}, {1}) AND {{WebhookEvents.SettledSql}}
        ORDER BY e.tx_id, e.id LIMIT {2}
        """;

    /// <summary>Relays up to <paramref name="batch"/> events; returns how many it read (0: none, or another instance is relaying).</summary>
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
            cursor = new Data.Configurations.WebhookRelayCursor { Id = 1 };
            db.WebhookRelayCursors.Add(cursor);
        }

        var rows = await db.Database.SqlQueryRaw<Row>(NextSql, cursor.TxId, cursor.EventId, batch).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var events = await db.OrderEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var orderIds = events.Select(e => e.OrderId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Recipient).Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var clients = orders.Values.Select(o => o.ClientId).Distinct().ToList();
        var endpoints = (await db.WebhookEndpoints.AsNoTracking().Where(e => clients.Contains(e.ClientId)).ToListAsync(ct))
            .ToLookup(e => (e.ClientId, e.IsTest));

        foreach (var e in events.OrderBy(e => ids.IndexOf(e.Id)))
        {
            var order = orders[e.OrderId];
            var type = WebhookEvents.PublicName(e.Type);
            var wanting = endpoints[(order.ClientId, order.IsTest)].Where(x => x.Wants(type)).ToList();
            if (wanting.Count == 0)
            {
                continue;
            }

            var message = Message(e, order, now);
            db.WebhookMessages.Add(message);
            foreach (var endpoint in wanting)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery { EndpointId = endpoint.Id, MessageId = message.Id, NextAttemptAt = now, CreatedAt = now });
            }
        }

        cursor.TxId = rows[^1].TxId;
        cursor.EventId = rows[^1].Id;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    public static WebhookMessage Message(OrderEvent e, Order order, DateTimeOffset now) => new()
    {
        Id = WebhookEvents.IdOf(e.Id),
        ClientId = order.ClientId,
        IsTest = order.IsTest,
        EventId = e.Id,
        Type = WebhookEvents.PublicName(e.Type),
        Body = WebhookEvents.Serialize(WebhookEvents.Of(e, order, order.Recipient)),
        CreatedAt = now,
    };
}
