using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Writers;

/// <summary>
/// How each writer's work goes, for the writers page and <c>GET /admin/api/writers</c>: letters delivered (live work
/// only), the median time from claiming a letter to submitting it, and the share of their submissions sent back.
/// Counted by the database, so the answer does not grow with the history loaded into the app.
/// </summary>
public static class WriterStatistics
{
    public sealed record Statistics(Guid WriterId, string DisplayName, bool IsActive, int Delivered, double? MedianMinutesToSubmit, double? SentBackShare)
    {
        public TimeSpan? MedianToSubmit => MedianMinutesToSubmit is { } m ? TimeSpan.FromMinutes(m) : null;
    }

    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/writers", List).WithSummary("Every writer with their statistics");

    public static async Task<Ok<List<Statistics>>> List(LettersDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ForAllAsync(db, ct));

    // Each submission pairs with the writer's latest claim of that letter that no earlier submission answered, as
    // a writer experiences it: claim, write, submit; a revision after review is not a new claim.
    private static readonly string Sql = $$"""
        WITH submitted AS (
            SELECT s.actor_id AS writer_id, extract(epoch FROM s.created_at - c.created_at) / 60 AS minutes
            FROM order_events s
            CROSS JOIN LATERAL (
                SELECT c.id, c.created_at FROM order_events c
                WHERE c.order_id = s.order_id AND c.actor_id = s.actor_id AND c.type = '{{OrderEventTypes.Claimed}}' AND c.id < s.id
                ORDER BY c.id DESC LIMIT 1) c
            WHERE s.type = '{{OrderEventTypes.DraftSubmitted}}' AND s.actor_kind = 'writer'
              AND NOT EXISTS (SELECT 1 FROM order_events x
                              WHERE x.order_id = s.order_id AND x.type = '{{OrderEventTypes.DraftSubmitted}}' AND x.id > c.id AND x.id < s.id)),
        timing AS (
            SELECT writer_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes) AS median FROM submitted GROUP BY writer_id),
        delivered AS (
            SELECT claimed_by AS writer_id, count(*) AS n FROM orders
            WHERE status = '{{OrderStatus.Delivered.ToWire()}}' AND NOT is_test AND claimed_by IS NOT NULL GROUP BY claimed_by),
        reviewed AS (
            SELECT d.writer_id, avg(CASE WHEN r.decision = '{{WireNames.Of(ReviewDecision.ChangesRequested)}}' THEN 1.0 ELSE 0.0 END) AS sent_back
            FROM reviews r JOIN drafts d ON d.id = r.draft_id GROUP BY d.writer_id)
        SELECT w.id AS writer_id, w.display_name, w.is_active, coalesce(delivered.n, 0)::int AS delivered,
               timing.median::float8 AS median_minutes_to_submit, reviewed.sent_back::float8 AS sent_back_share
        FROM writers w
        LEFT JOIN delivered ON delivered.writer_id = w.id
        LEFT JOIN timing ON timing.writer_id = w.id
        LEFT JOIN reviewed ON reviewed.writer_id = w.id
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = w.user_id AND u.email = '{{TestAutopilot.WriterEmail}}')
        ORDER BY w.is_active DESC, w.display_name
        """;

    /// <summary>Every writer but the test autopilot (the service's own machinery), active first, by name.</summary>
    public static Task<List<Statistics>> ForAllAsync(LettersDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<Statistics>(Sql).ToListAsync(ct);
}
