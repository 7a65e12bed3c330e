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

    private sealed record Row(Guid? OrderId, int? Attempt, long Held);

    public static async Task<(Outcome Outcome, Claim? Claim)> ExecuteAsync(LettersDbContext db, Guid writerId, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var writer = await db.Writers.FromSql($"SELECT * FROM writers WHERE id = {writerId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(ct);
        if (writer is not { IsActive: true, Availability: Availability.Available })
        {
            return (Outcome.NotAvailable, null);
        }

        // One statement, and a new one: its snapshot sees what other transactions committed while we waited for
        // the writer lock. It counts what the writer holds, picks continuity first (their sticky letters), else
        // the best letter they may take (another writer's sticky offer waits out its window unless that writer is
        // away), marks it, and records the event. The partial index on waiting rows serves the ordering.
        var lease = now + options.Lease;
        var skills = writer.Skills.ToArray();
        var languages = writer.Languages.Select(l => l.ToLowerInvariant()).ToArray();
        var result = (await db.Database.SqlQuery<Row>($"""
            WITH held AS (
                SELECT count(*) AS n FROM orders WHERE claimed_by = {writerId} AND status IN ('claimed', 'changes_requested')),
            sticky AS (
                SELECT id FROM orders
                WHERE status = 'queued' AND sticky_writer_id = {writerId} AND sticky_until > {now}
                  AND occasion = ANY({skills}) AND lower(split_part(language, '-', 1)) = ANY({languages})
                  AND NOT ({writerId} = ANY(declined_by)) AND (SELECT n FROM held) < {writer.Capacity}
                ORDER BY priority DESC, due_at, created_at, id
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            general AS (
                SELECT q.id FROM orders q
                WHERE NOT EXISTS (SELECT 1 FROM sticky) AND (SELECT n FROM held) < {writer.Capacity}
                  AND q.status = 'queued'
                  AND q.occasion = ANY({skills}) AND lower(split_part(q.language, '-', 1)) = ANY({languages})
                  AND NOT ({writerId} = ANY(q.declined_by))
                  AND (q.sticky_writer_id IS NULL OR q.sticky_writer_id = {writerId} OR q.sticky_until <= {now}
                       OR NOT EXISTS (SELECT 1 FROM writers s WHERE s.id = q.sticky_writer_id AND s.availability = 'available' AND s.is_active))
                ORDER BY q.priority DESC, q.due_at, q.created_at, q.id
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            pick AS (
                SELECT id FROM sticky UNION ALL SELECT id FROM general LIMIT 1),
            claimed AS (
                UPDATE orders o SET status = 'claimed', claimed_by = {writerId}, claimed_at = {now}, lease_until = {lease},
                                    attempt = o.attempt + 1, updated_at = {now}
                FROM pick WHERE o.id = pick.id
                RETURNING o.id, o.attempt),
            recorded AS (
                INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
                SELECT id, 'claimed', 'queued', 'claimed', 'writer', {writerId}, {writer.DisplayName}, {now} FROM claimed),
            seen AS (
                UPDATE writers SET last_seen_at = {now} WHERE id = {writerId} AND EXISTS (SELECT 1 FROM claimed))
            SELECT claimed.id AS "OrderId", claimed.attempt AS "Attempt", held.n AS "Held"
            FROM held LEFT JOIN claimed ON true
            """).ToListAsync(ct)).Single();

        if (result.OrderId is not { } orderId)
        {
            return (result.Held >= writer.Capacity ? Outcome.AtCapacity : Outcome.NothingEligible, null);
        }

        await transaction.CommitAsync(ct);
        return (Outcome.Claimed, new Claim(orderId, result.Attempt!.Value, lease));
    }
}
