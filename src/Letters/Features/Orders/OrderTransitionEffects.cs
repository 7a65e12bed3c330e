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
        foreach (var moves in Moves(db).GroupBy(e => e.OrderId))
        {
            var campaignId = db.ChangeTracker.Entries<Order>().FirstOrDefault(o => o.Entity.Id == moves.Key)?.Entity.CampaignId
                ?? await db.Orders.Where(o => o.Id == moves.Key).Select(o => o.CampaignId).SingleOrDefaultAsync(ct);
            if (campaignId is not { } campaign)
            {
                continue;
            }

            foreach (var move in InOrder([.. moves]))
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
