using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Queue;

/// <summary>
/// The SLA clock: <c>due_at</c> is deliver_by less the render and dispatch buffer. At risk: due within the window
/// and not yet written (queued, claimed, or sent back). Breached: past due and still not written.
/// </summary>
public static class Sla
{
    private static readonly OrderStatus[] Unwritten = [OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.ChangesRequested, OrderStatus.Received];

    // Spelled out rather than Unwritten.Contains(…): constants reach SQL as a literal list, which the partial index
    // ix_orders_unwritten_due matches; an array parameter would not.
    private static IQueryable<Order> NotWritten(LettersDbContext db) =>
        db.Orders.Where(o => o.Status == OrderStatus.Received || o.Status == OrderStatus.Queued || o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested);

    public static IQueryable<Order> AtRisk(LettersDbContext db, DateTimeOffset now, QueueOptions options) =>
        NotWritten(db).Where(o => o.DueAt >= now && o.DueAt < now + options.AtRiskWindow);

    public static IQueryable<Order> Breached(LettersDbContext db, DateTimeOffset now) =>
        NotWritten(db).Where(o => o.DueAt < now);

    public static string Badge(Order order, DateTimeOffset now, QueueOptions options) =>
        !Unwritten.Contains(order.Status) ? "ok" : order.DueAt < now ? "breached" : order.DueAt < now + options.AtRiskWindow ? "at_risk" : "ok";
}
