using Letters.Auth;
using Letters.Data;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Writers;

/// <summary>
/// How each writer's work goes, for the writers page and <c>GET /admin/api/writers</c>: letters delivered (live work
/// only), the median time from claiming a letter to submitting it, and the share of their submissions sent back.
/// Counted by the database into a materialized view, refreshed in the background, so a view of the page costs the
/// same at any size of history.
/// </summary>
public static class WriterStatistics
{
    public sealed record Statistics(Guid WriterId, string DisplayName, bool IsActive, int Delivered, double? MedianMinutesToSubmit, double? SentBackShare, DateTimeOffset? CountedAt)
    {
        public TimeSpan? MedianToSubmit => MedianMinutesToSubmit is { } m ? TimeSpan.FromMinutes(m) : null;
    }

    public static RouteGroupBuilder MapWriterStatistics(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/api").WithTags("Writers").RequireAuthorization(Policies.Admin).WithValidation();
        admin.MapGet("/writers", List).WithSummary("Every writer with their statistics");
        return admin;
    }

    public static async Task<Ok<List<Statistics>>> List(LettersDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ForAllAsync(db, ct));

    /// <summary>
    /// The view's definition, for the migration that made it (HistoryIndexes) and for reading here. Each submission
    /// pairs with the writer's latest claim of that letter that no earlier submission answered, as a writer lives
    /// it: claim, write, submit; a revision after review is not a new claim.
    /// </summary>
    public const string View = "writer_statistics";

    // Counting this over years of events takes seconds, so it is a materialized view refreshed in the background
    // (StatisticsRefresher, every ten minutes) and read in a millisecond; a writer added since the last refresh
    // shows with nothing counted yet, and the page says when the count was made.
    private static readonly string Sql = $$"""
        SELECT w.id AS writer_id, w.display_name, w.is_active, coalesce(s.delivered, 0) AS delivered,
               s.median_minutes_to_submit, s.sent_back_share, s.counted_at
        FROM writers w
        LEFT JOIN {{View}} s ON s.writer_id = w.id
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = w.user_id AND u.email = '{{TestAutopilot.WriterEmail}}')
        ORDER BY w.is_active DESC, w.display_name
        """;

    /// <summary>Counts everything again, without blocking readers of the previous count.</summary>
    public static Task RefreshAsync(LettersDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync($"REFRESH MATERIALIZED VIEW CONCURRENTLY {View}", ct);

    /// <summary>Every writer but the test autopilot (the service's own machinery), active first, by name.</summary>
    public static Task<List<Statistics>> ForAllAsync(LettersDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<Statistics>(Sql).ToListAsync(ct);
}
