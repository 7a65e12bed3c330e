using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// What a writer does with a claim they hold. Every write is fenced on <c>claimed_by = me AND attempt = n</c>:
/// zero rows means the claim was lost (expired, released, reassigned) and the caller must stop writing.
/// </summary>
public static class Leases
{
    /// <summary>Extends the lease (the dashboard's heartbeat and every autosave). Null: the claim is lost.</summary>
    public static async Task<DateTimeOffset?> HeartbeatAsync(LettersDbContext db, Guid orderId, Guid writerId, int attempt, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        var lease = (now + options.Lease).TruncateToMicroseconds();
        var updated = await db.Orders
            .Where(o => o.Id == orderId && o.ClaimedBy == writerId && o.Attempt == attempt
                        && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseUntil, lease), ct);
        if (updated == 0)
        {
            return null;
        }

        await db.Writers.Where(w => w.Id == writerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, now), ct);
        return lease;
    }

    /// <summary>The writer gives the letter back with a reason; it returns to the queue and skips them.</summary>
    public static async Task<bool> ReleaseAsync(LettersDbContext db, Guid orderId, Guid writerId, int attempt, string reason, DateTimeOffset now, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var released = await db.Database.SqlQuery<Released>($"""
            UPDATE orders o SET status = 'queued', claimed_by = NULL, claimed_at = NULL, lease_until = NULL,
                                declined_by = array_append(o.declined_by, {writerId}), updated_at = {now}
            FROM (SELECT id, status, queue_id FROM orders WHERE id = {orderId} FOR UPDATE) old
            WHERE o.id = old.id AND o.claimed_by = {writerId} AND o.attempt = {attempt} AND old.status IN ('claimed', 'changes_requested')
            RETURNING old.status AS "FromStatus", old.queue_id AS "QueueId"
            """).ToListAsync(ct);
        if (released.Count == 0)
        {
            return false;
        }

        var name = await db.Writers.Where(w => w.Id == writerId).Select(w => w.DisplayName).SingleAsync(ct);
        OrderStatusNames.TryParse(released[0].FromStatus, out var from);
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = orderId, Type = "released", FromStatus = from, ToStatus = OrderStatus.Queued,
            ActorKind = ActorKind.Writer, ActorId = writerId, ActorName = name, Note = reason, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// An admin hands a letter to a named writer. Over their capacity only with an explicit override, which the
    /// event records. Returns an error message, or null on success.
    /// </summary>
    public static async Task<string?> ReassignAsync(LettersDbContext db, Guid orderId, Guid toWriterId, Actor admin, bool overrideCapacity, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var writer = await db.Writers.FromSql($"SELECT * FROM writers WHERE id = {toWriterId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(ct);
        if (writer is not { IsActive: true })
        {
            return "That writer does not exist or is deactivated.";
        }

        var order = await db.Orders.FromSql($"SELECT *, xmin FROM orders WHERE id = {orderId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (order is null || order.Status is not (OrderStatus.Queued or OrderStatus.Claimed or OrderStatus.ChangesRequested))
        {
            return "Only a letter that is waiting or being written can be reassigned.";
        }

        var held = await db.Orders.CountAsync(o => o.ClaimedBy == toWriterId && o.Id != orderId && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested), ct);
        var over = held >= writer.Capacity;
        if (over && !overrideCapacity)
        {
            return $"{writer.DisplayName} already holds {held} of {writer.Capacity} letters; confirm the capacity override to assign more.";
        }

        var previous = order.ClaimedBy;
        order.ClaimedBy = toWriterId;
        order.ClaimedAt = now;
        order.LeaseUntil = now + options.Lease;
        order.Attempt++;
        var note = $"Reassigned to {writer.DisplayName}{(previous is null ? string.Empty : " from another writer")}{(over ? $" over capacity ({held}/{writer.Capacity}, override confirmed)" : string.Empty)}.";
        if (order.Status == OrderStatus.Queued)
        {
            db.OrderEvents.Add(order.MoveTo(OrderStatus.Claimed, "reassigned", admin, now, note));
        }
        else
        {
            order.UpdatedAt = now;
            db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, Type = "reassigned", FromStatus = order.Status, ToStatus = order.Status, ActorKind = admin.Kind, ActorId = admin.Id, ActorName = admin.Name, Note = note, CreatedAt = now });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private sealed record Released(string FromStatus, Guid? QueueId);
}
