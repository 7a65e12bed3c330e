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

    public static IQueryable<Order> AtRisk(LettersDbContext db, DateTimeOffset now, QueueOptions options) =>
        db.Orders.Where(o => Unwritten.Contains(o.Status) && o.DueAt >= now && o.DueAt < now + options.AtRiskWindow);

    public static IQueryable<Order> Breached(LettersDbContext db, DateTimeOffset now) =>
        db.Orders.Where(o => Unwritten.Contains(o.Status) && o.DueAt < now);

    public static string Badge(Order order, DateTimeOffset now, QueueOptions options) =>
        !Unwritten.Contains(order.Status) ? "ok" : order.DueAt < now ? "breached" : order.DueAt < now + options.AtRiskWindow ? "at_risk" : "ok";
}
