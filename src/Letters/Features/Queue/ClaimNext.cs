using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// Hands the next letter to a writer. One transaction: lock the writer row (so two tabs of one writer cannot
/// exceed their capacity), count what they hold with a fresh snapshot, then one UPDATE picks and marks the best
/// eligible letter with <c>FOR UPDATE SKIP LOCKED</c> — continuity first (their sticky letters), then priority,
/// due time and age. Nothing eligible is not an error.
/// </summary>
public static class ClaimNext
{
    public enum Outcome
    {
        Claimed,
        NothingEligible,
        NotAvailable,
        AtCapacity,
    }

    public sealed record Claim(Guid OrderId, int Attempt, DateTimeOffset LeaseUntil);

    private sealed record Row(Guid OrderId, int Attempt);

    public static async Task<(Outcome Outcome, Claim? Claim)> ExecuteAsync(LettersDbContext db, Guid writerId, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var writer = await db.Writers.FromSql($"SELECT * FROM writers WHERE id = {writerId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(ct);
        if (writer is not { IsActive: true, Availability: Availability.Available })
        {
            return (Outcome.NotAvailable, null);
        }

        // A new statement sees what other transactions committed while we waited for the writer lock.
        var held = await db.Orders.CountAsync(o => o.ClaimedBy == writerId && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested), ct);
        if (held >= writer.Capacity)
        {
            return (Outcome.AtCapacity, null);
        }

        var lease = now + options.Lease;
        var skills = writer.Skills.ToArray();
        var languages = writer.Languages.Select(l => l.ToLowerInvariant()).ToArray();

        // Continuity first: letters offered to this writer because they wrote this couple's last one.
        var rows = await db.Database.SqlQuery<Row>($"""
            UPDATE orders o SET status = 'claimed', claimed_by = {writerId}, claimed_at = {now}, lease_until = {lease},
                                attempt = o.attempt + 1, updated_at = {now}
            FROM (SELECT id FROM orders
                  WHERE status = 'queued' AND sticky_writer_id = {writerId} AND sticky_until > {now}
                    AND occasion = ANY({skills}) AND lower(split_part(language, '-', 1)) = ANY({languages})
                    AND NOT ({writerId} = ANY(declined_by))
                  ORDER BY priority DESC, due_at, created_at, id
                  LIMIT 1 FOR UPDATE SKIP LOCKED) next
            WHERE o.id = next.id
            RETURNING o.id AS "OrderId", o.attempt AS "Attempt"
            """).ToListAsync(ct);
        if (rows.Count == 0)
        {
            // Everything else this writer may take; another writer's sticky offer waits out its window unless
            // that writer is away or offline. The partial index on waiting rows serves this order.
            rows = await db.Database.SqlQuery<Row>($"""
                UPDATE orders o SET status = 'claimed', claimed_by = {writerId}, claimed_at = {now}, lease_until = {lease},
                                    attempt = o.attempt + 1, updated_at = {now}
                FROM (SELECT q.id FROM orders q
                      WHERE q.status = 'queued'
                        AND q.occasion = ANY({skills}) AND lower(split_part(q.language, '-', 1)) = ANY({languages})
                        AND NOT ({writerId} = ANY(q.declined_by))
                        AND (q.sticky_writer_id IS NULL OR q.sticky_writer_id = {writerId} OR q.sticky_until <= {now}
                             OR NOT EXISTS (SELECT 1 FROM writers s WHERE s.id = q.sticky_writer_id AND s.availability = 'available' AND s.is_active))
                      ORDER BY q.priority DESC, q.due_at, q.created_at, q.id
                      LIMIT 1 FOR UPDATE SKIP LOCKED) next
                WHERE o.id = next.id
                RETURNING o.id AS "OrderId", o.attempt AS "Attempt"
                """).ToListAsync(ct);
        }

        if (rows.Count == 0)
        {
            return (Outcome.NothingEligible, null);
        }

        var claimed = rows[0];
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = claimed.OrderId, Type = "claimed", FromStatus = OrderStatus.Queued, ToStatus = OrderStatus.Claimed,
            ActorKind = ActorKind.Writer, ActorId = writerId, ActorName = writer.DisplayName, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await db.Writers.Where(w => w.Id == writerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, now), ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Claimed, new Claim(claimed.OrderId, claimed.Attempt, lease));
    }
}
