using System.Linq.Expressions;
using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// Who may write what, said once. The claim's SQL (<see cref="ClaimNext"/>) must say the same for speed; it takes
/// its pieces from here where SQL allows (<see cref="HeldSql"/>, <see cref="PrimaryLanguageSql"/>), and
/// tests prove the two agree: the waiting count equals the claims that succeed, and the language rule gives the same
/// answer in both.
/// </summary>
public static class QueueRules
{
    /// <summary>Letters this writer holds now: claimed or back with changes requested.</summary>
    public static Expression<Func<Order, bool>> HeldBy(Guid writerId) =>
        o => o.ClaimedBy == writerId && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested);

    /// <summary>The held statuses as the inside of a SQL <c>IN (…)</c>, for the claim's capacity check.</summary>
    public static string HeldSql => OrderStateMachine.HeldSql;

    /// <summary>
    /// The language a letter is routed and written in: the tag's first part, lower-cased ("pt-BR" → "pt"). A writer
    /// who writes Portuguese writes it for Brazil and Portugal alike.
    /// </summary>
    public static string PrimaryLanguage(string tag) => tag.Split('-')[0].ToLowerInvariant();

    /// <summary><see cref="PrimaryLanguage"/> in SQL, over a column or expression.</summary>
    public static string PrimaryLanguageSql(string tag) => $"lower(split_part({tag}, '-', 1))";

    /// <summary>Whether a writer has the skill and the language for a letter (admins choose among these to reassign).</summary>
    public static bool CanWrite(Writer writer, Order order) =>
        writer.IsActive && writer.Skills.Contains(order.Occasion)
        && writer.Languages.Any(l => string.Equals(l, PrimaryLanguage(order.Letter.Language), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Letters waiting that this writer could claim now: the skill, the primary language, not declined by them, and
    /// not another writer's sticky offer while that writer is available to take it. The claim's SQL says the same.
    /// </summary>
    public static IQueryable<Order> EligibleFor(LettersDbContext db, Writer writer, DateTimeOffset now)
    {
        var languages = writer.Languages.Select(l => l.ToLowerInvariant()).ToList();
        var id = writer.Id;
        return db.Orders.Where(o => o.Status == OrderStatus.Queued && writer.Skills.Contains(o.Occasion)
            // The primary language, said the way an index and SQL can: the tag is the language or starts with it and '-'.
            && languages.Any(l => EF.Functions.ILike(o.Letter.Language, l) || EF.Functions.ILike(o.Letter.Language, l + "-%"))
            && !o.DeclinedBy.Contains(id)
            && (o.StickyWriterId == null || o.StickyWriterId == id || o.StickyUntil <= now
                || !db.Writers.Any(s => s.Id == o.StickyWriterId && s.Availability == Availability.Available && s.IsActive)));
    }
}
