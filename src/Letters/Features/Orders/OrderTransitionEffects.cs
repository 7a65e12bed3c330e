using Letters.Data;
using Letters.Domain;
using Letters.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Letters.Features.Orders;

/// <summary>
/// What follows an order's status change, wherever it happens: every change, through <see cref="Order.Apply"/> or in
/// hand-written SQL, is saved as an event row, and this interceptor runs the change's after-effects in the same save
/// (so the same transaction) as that row. Today that is a one-letter campaign following its letter; webhooks follow
/// from the event row itself (the relay reads it). Nobody calls an effect by hand, so no path can forget one.
/// </summary>
public sealed class OrderTransitionEffects : SaveChangesInterceptor
{
    public static readonly OrderTransitionEffects Instance = new();

    private OrderTransitionEffects()
    {
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is LettersDbContext db)
        {
            await RunAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LettersDbContext db && Moves(db).Count > 0)
        {
            throw new InvalidOperationException("An order's status change is saved with SaveChangesAsync, so its after-effects can run in the same transaction.");
        }

        return result;
    }

    private static async Task RunAsync(LettersDbContext db, CancellationToken ct)
    {
        var moves = Moves(db);
        if (moves.Count == 0)
        {
            return;
        }

        // Each order's campaign and each campaign's letter, read once for the whole save: a campaign of 5,000 letters
        // called off moves 5,000 orders in one save, and looking each up in the change tracker (which detects changes
        // every time it is asked) took minutes.
        var campaignOf = db.ChangeTracker.Entries<Order>().ToDictionary(e => e.Entity.Id, e => e.Entity.CampaignId);
        var untracked = moves.Select(m => m.OrderId).Distinct().Where(id => !campaignOf.ContainsKey(id)).ToList();
        if (untracked.Count > 0)
        {
            foreach (var order in await db.Orders.Where(o => untracked.Contains(o.Id)).Select(o => new { o.Id, o.CampaignId }).ToListAsync(ct))
            {
                campaignOf[order.Id] = order.CampaignId;
            }
        }

        var campaigns = moves.Select(m => campaignOf.GetValueOrDefault(m.OrderId)).OfType<Guid>().Distinct().ToList();
        if (campaigns.Count == 0)
        {
            return;
        }

        // A campaign follows only its letter (as it stands in this save, or else in the database). One whose letter is
        // not chosen yet (its import is finishing) is asked under its lock, as before.
        var letterOf = db.ChangeTracker.Entries<Campaign>().Where(e => campaigns.Contains(e.Entity.Id)).ToDictionary(e => e.Entity.Id, e => e.Entity.LetterOrderId);
        var unread = campaigns.Where(c => !letterOf.ContainsKey(c)).ToList();
        if (unread.Count > 0)
        {
            foreach (var campaign in await db.Campaigns.Where(c => unread.Contains(c.Id)).Select(c => new { c.Id, c.LetterOrderId }).ToListAsync(ct))
            {
                letterOf[campaign.Id] = campaign.LetterOrderId;
            }
        }

        foreach (var letter in moves.GroupBy(e => e.OrderId))
        {
            if (campaignOf.GetValueOrDefault(letter.Key) is not { } campaign || (letterOf.GetValueOrDefault(campaign) is { } chosen && chosen != letter.Key))
            {
                continue;
            }

            foreach (var move in InOrder([.. letter]))
            {
                await CampaignLetter.FollowAsync(db, move.OrderId, campaign, move.ToStatus!.Value, move.CreatedAt, ct);
            }
        }
    }

    /// <summary>The status changes about to be saved.</summary>
    private static List<OrderEvent> Moves(LettersDbContext db) =>
        [.. db.ChangeTracker.Entries<OrderEvent>().Where(e => e.State == EntityState.Added && e.Entity.ToStatus is not null).Select(e => e.Entity)];

    /// <summary>One order's changes in one save (submitted, then approved) in the order they happened: each from where the last left it.</summary>
    private static IEnumerable<OrderEvent> InOrder(List<OrderEvent> moves)
    {
        var next = moves.FirstOrDefault(m => !moves.Any(o => o != m && o.ToStatus == m.FromStatus)) ?? moves[0];
        var left = new List<OrderEvent>(moves);
        while (next is not null)
        {
            yield return next;
            left.Remove(next);
            next = left.FirstOrDefault(m => m.FromStatus == next.ToStatus) ?? left.FirstOrDefault();
        }
    }
}
