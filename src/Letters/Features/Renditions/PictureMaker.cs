using Letters.Data;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Renditions;

public sealed class PictureOptions
{
    /// <summary>Picture loops on an instance (each runs pdftoppm; <see cref="Thumbnails"/> bounds them all together).</summary>
    public int Parallelism { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a claimed job is held: every picture of a long letter, each within its time limit.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries before a rendition's pictures are left to be made when first asked for.</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Makes every page picture of a new proof or final (the three widths the app and API serve) as soon as the rendition
/// is saved, so a client's first look is read from the store rather than drawn in their request. Fair between
/// clients: a claim takes the oldest job of each client with work waiting (<c>SKIP LOCKED</c>, a lease), so one
/// client's campaign of thousands of letters never keeps another client's proof waiting behind it.
/// </summary>
public sealed partial class PictureMaker(IServiceScopeFactory scopes, Documents documents, TimeProvider clock, IOptions<PictureOptions> options, ILogger<PictureMaker> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.Pictures;

    public TimeSpan Idle => options.Value.PollInterval;

    public int Loops => Math.Max(1, options.Value.Parallelism);

    private const int Batch = 4;

    /// <summary>{0} now, {1} the lease's end, {2} how many clients' jobs. One job per client with work waiting, oldest first.</summary>
    public const string ClaimSql = """
        WITH waiting AS (
            SELECT DISTINCT client_id FROM picture_jobs
            WHERE next_attempt_at <= {0} AND (lease_until IS NULL OR lease_until <= {0})
        ), picked AS (
            SELECT j.rendition_id FROM waiting w
            CROSS JOIN LATERAL (
                SELECT rendition_id FROM picture_jobs j
                WHERE j.client_id = w.client_id AND j.next_attempt_at <= {0} AND (j.lease_until IS NULL OR j.lease_until <= {0})
                ORDER BY j.created_at LIMIT 1 FOR UPDATE SKIP LOCKED) j
            LIMIT {2}
        )
        UPDATE picture_jobs p SET lease_until = {1}, attempts = p.attempts + 1
        FROM picked WHERE p.rendition_id = picked.rendition_id
        RETURNING p.rendition_id AS "Value"
        """;

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var taken = await db.Database.SqlQueryRaw<Guid>(ClaimSql, now, now + settings.Lease, Batch).ToListAsync(ct);
        foreach (var id in taken)
        {
            var job = await db.PictureJobs.AsNoTracking().SingleAsync(j => j.RenditionId == id, ct);
            try
            {
                var rendition = await db.Renditions.AsNoTracking().SingleAsync(r => r.Id == id, ct);
                for (var page = 1; page <= rendition.PageCount; page++)
                {
                    foreach (var width in Thumbnails.Sizes.Values)
                    {
                        await Thumbnails.GetOrCreateAsync(db, documents, rendition, page, width, now, ct);
                    }
                }

                await db.PictureJobs.Where(j => j.RenditionId == id && j.Attempts == job.Attempts).ExecuteDeleteAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFailed(logger, e, id, job.Attempts);
                var mine = db.PictureJobs.Where(j => j.RenditionId == id && j.Attempts == job.Attempts);
                if (job.Attempts >= settings.MaxAttempts)
                {
                    // Given up: a picture still asked for is made in that request.
                    await mine.ExecuteDeleteAsync(ct);
                }
                else
                {
                    var next = clock.GetUtcNow().TruncateToMicroseconds() + TimeSpan.FromSeconds(15 * Math.Pow(2, job.Attempts - 1));
                    await mine.ExecuteUpdateAsync(u => u.SetProperty(j => j.NextAttemptAt, next).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct);
                }
            }
        }

        return taken.Count > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pictures of rendition {RenditionId} failed (try {Attempt})")]
    private static partial void LogFailed(ILogger logger, Exception e, Guid renditionId, int attempt);
}
