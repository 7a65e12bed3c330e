using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// Chooses the one queue an order waits in: the first routing rule (lowest position) whose occasion and language
/// match, a missing field matching anything; otherwise the default queue. Runs on creation and on every requeue.
/// The rules are read at most every <see cref="Lifetime"/>: they change rarely and every order needs them.
/// </summary>
public sealed class RoutingTable(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private volatile Snapshot? snapshot;

    public async Task<Domain.Queue> ChooseQueueAsync(LettersDbContext db, string occasion, string language, CancellationToken ct)
    {
        var current = snapshot;
        if (current is null || clock.GetUtcNow() >= current.ExpiresAt)
        {
            var rules = await db.RoutingRules.AsNoTracking().Include(r => r.Queue).OrderBy(r => r.Position).ToListAsync(ct);
            var fallback = await db.Queues.AsNoTracking().SingleAsync(q => q.IsDefault, ct);
            snapshot = current = new Snapshot(rules, fallback, clock.GetUtcNow() + Lifetime);
        }

        var primaryLanguage = QueueRules.PrimaryLanguage(language);
        return current.Rules.FirstOrDefault(r => Matches(r, occasion, primaryLanguage))?.Queue ?? current.Default;
    }

    /// <summary>The routing rule: a rule takes an order when its occasion and language match, blank matching anything.</summary>
    public static bool Matches(RoutingRule rule, string? occasion, string? primaryLanguage) =>
        (rule.Occasion is null || rule.Occasion == occasion) && (rule.Language is null || rule.Language == primaryLanguage);

    /// <summary>
    /// Rules that can never take an order, each with the earlier rule that takes everything it would: an earlier
    /// rule whose occasion and language are blank or the same. Rules are in position order.
    /// </summary>
    public static Dictionary<RoutingRule, RoutingRule> Shadowed(IReadOnlyList<RoutingRule> rules)
    {
        var shadowed = new Dictionary<RoutingRule, RoutingRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules.Take(i).FirstOrDefault(earlier => earlier.Position < rules[i].Position
                    && (earlier.Occasion is null || earlier.Occasion == rules[i].Occasion)
                    && (earlier.Language is null || earlier.Language == rules[i].Language)) is { } cover)
            {
                shadowed[rules[i]] = cover;
            }
        }

        return shadowed;
    }

    /// <summary>After an admin edits queues or rules, so the next order sees the change at once.</summary>
    public void Invalidate() => snapshot = null;

    private sealed record Snapshot(List<RoutingRule> Rules, Domain.Queue Default, DateTimeOffset ExpiresAt);
}

public static class Continuity
{
    /// <summary>
    /// The writer of this client's last finished letter to this recipient, if any and still active: they get
    /// first refusal on the new one.
    /// </summary>
    public static async Task<Guid?> LastWriterAsync(LettersDbContext db, Guid clientId, Guid recipientId, CancellationToken ct) =>
        await db.Orders.AsNoTracking().Where(Order.IsWritten)
            .Where(o => o.ClientId == clientId && o.RecipientId == recipientId && o.ClaimedBy != null)
            .Join(db.Writers.Where(w => w.IsActive), o => o.ClaimedBy, w => (Guid?)w.Id, (o, w) => new { o.UpdatedAt, WriterId = w.Id })
            .OrderByDescending(x => x.UpdatedAt)
            .Select(x => (Guid?)x.WriterId)
            .FirstOrDefaultAsync(ct);
}
