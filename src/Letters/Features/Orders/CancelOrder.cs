using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>
/// <c>POST /v1/orders/{id}/cancel</c>: free until a writer has claimed the letter. One conditional UPDATE
/// decides, so a cancel racing a claim either wins outright or reports the claim; never both.
/// </summary>
public static class CancelOrder
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id}/cancel", Handle).WithSummary("Cancel an order before a writer claims it");

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var previous = await db.Database
            .SqlQuery<string>($"""
                UPDATE orders o SET status = 'cancelled', updated_at = {now}
                FROM (SELECT id, status FROM orders WHERE id = {id} AND client_id = {clientId} FOR UPDATE) old
                WHERE o.id = old.id AND old.status IN ('received', 'queued')
                RETURNING old.status AS "Value"
                """)
            .ToListAsync(ct);

        if (previous.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
            return order is null
                ? Problems.NotFound("order", id)
                : Problems.Conflict("The order can no longer be cancelled.", order.Status switch
                {
                    OrderStatus.Cancelled => "The order is already cancelled.",
                    _ => $"A writer has already taken this letter (status: {order.Status.ToWire()}); cancelling is free only until then. Contact support to stop it.",
                });
        }

        OrderStatusNames.TryParse(previous[0], out var from);
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = id, Type = "cancelled", FromStatus = from, ToStatus = OrderStatus.Cancelled,
            ActorKind = ActorKind.Client, ActorId = clientId, ActorName = "client", Note = "Cancelled by the client.", CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var cancelled = await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleAsync(o => o.Id == id, ct);
        return TypedResults.Ok(OrderResponse.From(cancelled, cancelled.Recipient));
    }
}
