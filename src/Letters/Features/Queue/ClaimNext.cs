using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Letters.Features.Queue;

/// <summary>
/// Hands the next letter to a writer. One transaction, sent as one batch in one round trip: lock the writer row
/// (so two tabs of one writer cannot exceed their capacity), then one statement counts what they hold, picks the
/// best eligible letter with <c>FOR UPDATE SKIP LOCKED</c> — continuity first (their sticky letters), then
/// priority, due time and age — marks it and records the event. Nothing eligible is not an error.
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

    private const string LockWriter = "SELECT 1 FROM writers WHERE id = $1 FOR UPDATE";

    // A statement of its own after the lock: in READ COMMITTED its snapshot is taken after the lock was granted,
    // so it sees every claim the same writer committed meanwhile, and the held count is exact. The writer's
    // skills, languages and capacity are read here too, under that lock, as one-row subqueries: evaluated once,
    // they leave the planner a plain walk of the partial index on waiting rows in claim order, stopping at the
    // first match, at any queue depth (a join would let it sort every waiting letter first). Another writer's
    // sticky offer waits out its window unless that writer is away. The rules are QueueRules'; the statuses and the
    // event come from OrderStateMachine.Claim.
    internal static readonly string ClaimBest = $$"""
        WITH w AS (
            SELECT id, display_name, capacity, skills, ARRAY(SELECT lower(l) FROM unnest(languages) AS l) AS languages,
                   is_active AND availability = 'available' AS can_claim
            FROM writers WHERE id = $1),
        held AS (
            SELECT count(*) AS n FROM orders WHERE claimed_by = $1 AND status IN ({{QueueRules.HeldSql}})),
        open AS (
            SELECT w.* FROM w, held WHERE w.can_claim AND held.n < w.capacity),
        sticky AS (
            SELECT o.id, o.status FROM orders o
            WHERE EXISTS (SELECT 1 FROM open)
              AND o.status IN ({{OrderStateMachine.Claim.FromSql}}) AND o.sticky_writer_id = $1 AND o.sticky_until > $2
              AND o.occasion = ANY((SELECT skills FROM open)::text[]) AND {{QueueRules.PrimaryLanguageSql("o.language")}} = ANY((SELECT languages FROM open)::text[])
              AND NOT ($1 = ANY(o.declined_by))
            ORDER BY o.priority DESC, o.due_at, o.created_at, o.id
            LIMIT 1 FOR UPDATE SKIP LOCKED),
        general AS (
            SELECT q.id, q.status FROM orders q
            WHERE EXISTS (SELECT 1 FROM open) AND NOT EXISTS (SELECT 1 FROM sticky)
              AND q.status IN ({{OrderStateMachine.Claim.FromSql}})
              AND q.occasion = ANY((SELECT skills FROM open)::text[]) AND {{QueueRules.PrimaryLanguageSql("q.language")}} = ANY((SELECT languages FROM open)::text[])
              AND NOT ($1 = ANY(q.declined_by))
              AND (q.sticky_writer_id IS NULL OR q.sticky_writer_id = $1 OR q.sticky_until <= $2
                   OR NOT EXISTS (SELECT 1 FROM writers s WHERE s.id = q.sticky_writer_id AND s.availability = 'available' AND s.is_active))
            ORDER BY q.priority DESC, q.due_at, q.created_at, q.id
            LIMIT 1 FOR UPDATE SKIP LOCKED),
        pick AS (
            SELECT id, status FROM sticky UNION ALL SELECT id, status FROM general LIMIT 1),
        claimed AS (
            UPDATE orders o SET status = {{OrderStateMachine.Claim.ToSql}}, claimed_by = $1, claimed_at = $2, lease_until = $3,
                                attempt = o.attempt + 1, updated_at = $2
            FROM pick WHERE o.id = pick.id
            RETURNING o.id, o.attempt, pick.status AS from_status),
        recorded AS (
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
            SELECT claimed.id, {{OrderStateMachine.Claim.NameSql}}, claimed.from_status, {{OrderStateMachine.Claim.ToSql}}, 'writer', $1, w.display_name, $2 FROM claimed, w),
        seen AS (
            UPDATE writers SET last_seen_at = $2 WHERE id = $1 AND EXISTS (SELECT 1 FROM claimed))
        SELECT w.can_claim, held.n >= w.capacity AS full, claimed.id, claimed.attempt
        FROM w CROSS JOIN held LEFT JOIN claimed ON true
        """;

    public static async Task<(Outcome Outcome, Claim? Claim)> ExecuteAsync(LettersDbContext db, Guid writerId, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        var lease = now + options.Lease;
        // EF counts its opens: this closes the connection again only if it was closed before.
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            // The lock and the claim travel together, one round trip, and PostgreSQL runs a batch as one implicit
            // transaction: both commit at its end, or an error in either rolls both back. Both statements are
            // prepared once per connection, so the planner's work is not paid on every claim.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(LockWriter) { Parameters = { new() { Value = writerId, NpgsqlDbType = NpgsqlDbType.Uuid } } },
                    new NpgsqlBatchCommand(ClaimBest)
                    {
                        Parameters =
                        {
                            new() { Value = writerId, NpgsqlDbType = NpgsqlDbType.Uuid },
                            new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                            new() { Value = lease, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        },
                    },
                },
            };
            await batch.PrepareAsync(ct);
            await using var reader = await batch.ExecuteReaderAsync(ct);

            // The lock's result set comes first: no row means no such writer.
            var writerExists = await reader.ReadAsync(ct);
            await reader.NextResultAsync(ct);
            if (!writerExists || !await reader.ReadAsync(ct))
            {
                return (Outcome.NotAvailable, null);
            }

            var (canClaim, full) = (reader.GetBoolean(0), reader.GetBoolean(1));
            var claim = reader.IsDBNull(2) ? null : new Claim(reader.GetGuid(2), reader.GetInt32(3), lease);

            // Read to the end of the batch: the implicit transaction commits there, before the caller hears "claimed".
            while (await reader.NextResultAsync(ct))
            {
            }

            var outcome = claim is not null ? Outcome.Claimed
                : !canClaim ? Outcome.NotAvailable
                : full ? Outcome.AtCapacity
                : Outcome.NothingEligible;
            LettersMetrics.Claims.Add(1, new KeyValuePair<string, object?>("outcome", WireNames.Of(outcome)));
            return (outcome, claim);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
