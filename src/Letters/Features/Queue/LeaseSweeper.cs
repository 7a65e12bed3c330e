using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Queue;

/// <summary>
/// Returns stuck work to the queue. Every <see cref="QueueOptions.SweepInterval"/> one instance — whichever holds
/// the PostgreSQL advisory lock — requeues letters whose lease expired (adding the writer to declined_by, and
/// flagging the letter for an admin after repeated expiries) and letters claimed but not started by writers
/// who have been away or offline past the grace period. Batches use SKIP LOCKED, so a writer saving at that
/// moment is never blocked; every requeue writes an event.
/// </summary>
public sealed partial class LeaseSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<QueueOptions> options, ILogger<LeaseSweeper> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.LeaseSweeper;

    public TimeSpan Idle => options.Value.SweepInterval;

    public sealed record SweepResult(int Expired, int ReleasedFromAway);

    /// <summary>A sweep empties what it finds, batch by batch; the next waits the interval.</summary>
    public async Task<bool> PassAsync(CancellationToken ct)
    {
        await SweepOnceAsync(ct);
        return false;
    }

    public async Task<SweepResult> SweepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var expired = 0;
        int batch;
        while ((batch = await RequeueExpiredAsync(db, ct)) > 0)
        {
            expired += batch;
        }

        var away = await ReleaseFromAwayWritersAsync(db, ct);
        if (expired + away > 0)
        {
            LogSwept(logger, expired, away);
        }

        return new SweepResult(expired, away);
    }

    private async Task<int> RequeueExpiredAsync(LettersDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var limit = options.Value.SweepBatchSize;
        var escalateAt = options.Value.ExpiriesBeforeEscalation;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var requeued = await db.Database.SqlQueryRaw<Requeued>(ExpiredSql, escalateAt, now, limit).ToListAsync(ct);
        AddEvents(db, requeued, OrderStateMachine.ExpireLease, now, r => r.NeedsAdmin
            ? $"The writer's lease ran out; back in the queue. Flagged for an admin after {escalateAt} expiries."
            : "The writer's lease ran out; back in the queue.");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return requeued.Count;
    }

    private async Task<int> ReleaseFromAwayWritersAsync(LettersDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var awaySince = now - options.Value.AwayGrace;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var released = await db.Database.SqlQueryRaw<Requeued>(UnstartedSql, now, awaySince).ToListAsync(ct);
        AddEvents(db, released, OrderStateMachine.Release, now, _ => "The writer went away before starting; back in the queue.");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return released.Count;
    }

    private static void AddEvents(LettersDbContext db, List<Requeued> rows, Transition<OrderStatus> transition, DateTimeOffset now, Func<Requeued, string> note)
    {
        foreach (var row in rows)
        {
            db.OrderEvents.Add(OrderEvent.Recorded(transition, row.OrderId, row.FromStatus, Sweeper, note(row), now));
        }
    }

    private static readonly Actor Sweeper = new(ActorKind.System, null, "lease sweeper");

    // Expired leases, oldest first, in batches that skip rows someone else is writing: back to the queue, the
    // writer declined, and an admin flagged after too many expiries.
    private static readonly string ExpiredSql = $$"""
        UPDATE orders o SET status = {{OrderStateMachine.ExpireLease.ToSql}}, claimed_by = NULL, claimed_at = NULL, lease_until = NULL,
                            declined_by = array_append(o.declined_by, old.claimed_by),
                            lease_expiries = o.lease_expiries + 1,
                            needs_admin = o.needs_admin OR o.lease_expiries + 1 >= {0},
                            updated_at = {1}
        FROM (SELECT id, status, claimed_by FROM orders
              WHERE status IN ({{OrderStateMachine.ExpireLease.FromSql}}) AND lease_until < {1}
              ORDER BY lease_until LIMIT {2} FOR UPDATE SKIP LOCKED) old
        WHERE o.id = old.id
        RETURNING o.id AS order_id, old.status AS from_status, o.needs_admin AS needs_admin
        """;

    // Claimed (never a revision) by a writer who has been away past the grace period and saved nothing under this
    // claim: someone available should have it. The writer is not declined; they may take it again when back.
    private static readonly string UnstartedSql = $$"""
        UPDATE orders o SET status = {{OrderStateMachine.Release.ToSql}}, claimed_by = NULL, claimed_at = NULL, lease_until = NULL, updated_at = {0}
        FROM (SELECT q.id, q.status FROM orders q
              JOIN writers w ON w.id = q.claimed_by
              WHERE q.status = {{OrderStateMachine.Claim.ToSql}} AND w.availability <> 'available' AND w.availability_changed_at < {1}
                AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.order_id = q.id AND d.attempt = q.attempt)
              FOR UPDATE OF q SKIP LOCKED) old
        WHERE o.id = old.id
        RETURNING o.id AS order_id, old.status AS from_status, o.needs_admin AS needs_admin
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep requeued {Expired} expired and {Away} unstarted letters")]
    private static partial void LogSwept(ILogger logger, int expired, int away);

    private sealed record Requeued(Guid OrderId, string FromStatus, bool NeedsAdmin);
}
