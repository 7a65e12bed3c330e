using Letters.Data;
using Letters.Domain;

namespace Letters.Features.Queue;

/// <summary>
/// The SLA clock: <c>due_at</c> is deliver_by less the render and dispatch buffer. At risk: due within the window
/// and not yet written (<see cref="Order.Unwritten"/>: received, waiting, or held by a writer). Breached: past due and still not written.
/// </summary>
public static class Sla
{
    private static IQueryable<Order> NotWritten(LettersDbContext db) => db.Orders.Where(Order.IsUnwritten);

    public static IQueryable<Order> AtRisk(LettersDbContext db, DateTimeOffset now, QueueOptions options) =>
        NotWritten(db).Where(o => o.DueAt >= now && o.DueAt < now + options.AtRiskWindow);

    public static IQueryable<Order> Breached(LettersDbContext db, DateTimeOffset now) =>
        NotWritten(db).Where(o => o.DueAt < now);

    public static string Badge(Order order, DateTimeOffset now, QueueOptions options) =>
        !order.NotYetWritten ? "ok" : order.DueAt < now ? "breached" : order.DueAt < now + options.AtRiskWindow ? "at_risk" : "ok";
}
