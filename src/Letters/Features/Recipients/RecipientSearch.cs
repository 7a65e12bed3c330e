using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Recipients;

/// <summary>
/// Orders to recipients whose name holds what was typed (any part, any case), for the admin's search and the
/// client's list alike. The matching recipients are found first (their trigram index), then their orders by the
/// ids in hand: a rare name's few orders through their recipient, a common name's by walking the newest orders and
/// checking each against the list. Left to guess at a pattern, the planner read every order of a recipient-heavy
/// client (2 s for "Claire" on a business client's 750,000 letters).
/// </summary>
public static class RecipientSearch
{
    /// <summary>
    /// Up to this many matching recipients (or clients, in the admin's search) are passed to the orders query as ids;
    /// a name more common than that matches so many orders that the newest page is found at once either way, so it
    /// stays a subquery.
    /// </summary>
    public const int MatchedIds = 1000;

    public static async Task<IQueryable<Order>> WhereRecipientNamedAsync(this IQueryable<Order> orders, LettersDbContext db, string name, Guid? clientId, CancellationToken ct)
    {
        var pattern = $"%{name.Trim()}%";
        var recipients = db.Recipients.Where(r => EF.Functions.ILike(r.Name, pattern));
        if (clientId is { } client)
        {
            recipients = recipients.Where(r => r.ClientId == client);
        }

        var matching = recipients.Select(r => r.Id);
        var ids = await matching.Take(MatchedIds + 1).ToListAsync(ct);
        return ids.Count <= MatchedIds ? orders.Where(o => ids.Contains(o.RecipientId)) : orders.Where(o => matching.Contains(o.RecipientId));
    }
}
