using Letters.Data;
using Letters.Data.Configurations;
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
            .Where(QueueRules.HeldBy(writerId))
            .Where(o => o.Id == orderId && o.Attempt == attempt)
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
        var released = await db.Database.SqlQueryRaw<Released>(ReleaseSql, orderId, writerId, attempt, now).ToListAsync(ct);
        if (released.Count == 0)
        {
            return false;
        }

        var name = await db.Writers.Where(w => w.Id == writerId).Select(w => w.DisplayName).SingleAsync(ct);
        db.OrderEvents.Add(OrderEvent.Recorded(OrderStateMachine.Release, orderId, released[0].FromStatus, new Actor(ActorKind.Writer, writerId, name), reason, now));
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

        var order = await db.Orders.FromTable($"WHERE id = {orderId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (order is null || !(OrderStateMachine.Assign.AppliesTo(order.Status) || OrderStateMachine.IsHeld(order.Status)))
        {
            return "Only a letter that is waiting or being written can be reassigned.";
        }

        var held = await db.Orders.Where(QueueRules.HeldBy(toWriterId)).CountAsync(o => o.Id != orderId, ct);
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
            db.OrderEvents.Add(order.Apply(OrderStateMachine.Assign, admin, now, note));
        }
        else
        {
            order.UpdatedAt = now;
            db.OrderEvents.Add(order.Record(OrderEventTypes.Reassigned, admin, now, note));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    // One statement decides: the row is locked, the fence checked and the letter requeued, or nothing happens.
    private static readonly string ReleaseSql = $$"""
        UPDATE orders o SET status = {{OrderStateMachine.Release.ToSql}}, claimed_by = NULL, claimed_at = NULL, lease_until = NULL,
                            declined_by = array_append(o.declined_by, {1}), updated_at = {3}
        FROM (SELECT id, status FROM orders WHERE id = {0} FOR UPDATE) old
        WHERE o.id = old.id AND o.claimed_by = {1} AND o.attempt = {2} AND old.status IN ({{OrderStateMachine.Release.FromSql}})
        RETURNING old.status AS from_status
        """;

    private sealed record Released(string FromStatus);
}
