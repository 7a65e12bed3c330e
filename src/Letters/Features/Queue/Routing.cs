using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// Chooses the one queue an order waits in: the first routing rule (lowest position) whose occasion and language
/// match, a missing field matching anything; otherwise the default queue. Runs on creation and on every requeue.
/// </summary>
public static class Routing
{
    public static async Task<Domain.Queue> ChooseQueueAsync(LettersDbContext db, string occasion, string language, CancellationToken ct)
    {
        var primaryLanguage = language.Split('-')[0].ToLowerInvariant();
        var rule = await db.RoutingRules.AsNoTracking()
            .Where(r => (r.Occasion == null || r.Occasion == occasion) && (r.Language == null || r.Language == primaryLanguage))
            .OrderBy(r => r.Position)
            .Select(r => r.Queue)
            .FirstOrDefaultAsync(ct);
        return rule ?? await db.Queues.AsNoTracking().SingleAsync(q => q.IsDefault, ct);
    }

    /// <summary>
    /// Continuity: the writer of this client's last finished letter to this recipient, if any and still active,
    /// gets first refusal on the new one.
    /// </summary>
    public static async Task<Guid?> LastWriterAsync(LettersDbContext db, Guid clientId, Guid recipientId, CancellationToken ct) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.ClientId == clientId && o.RecipientId == recipientId && o.ClaimedBy != null
                        && (o.Status == OrderStatus.Approved || o.Status == OrderStatus.Delivered))
            .Join(db.Writers.Where(w => w.IsActive), o => o.ClaimedBy, w => (Guid?)w.Id, (o, w) => new { o.UpdatedAt, WriterId = w.Id })
            .OrderByDescending(x => x.UpdatedAt)
            .Select(x => (Guid?)x.WriterId)
            .FirstOrDefaultAsync(ct);
}
