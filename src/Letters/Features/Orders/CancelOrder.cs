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
        var previous = await db.Database.SqlQueryRaw<string>(CancelSql, id, clientId, now).ToListAsync(ct);

        if (previous.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
            return order is null
                ? Problems.NotFound("order", id)
                : Problems.Conflict("The order can no longer be cancelled.", order.Status switch
                {
                    OrderStatus.Cancelled => "The order is already cancelled.",
                    OrderStatus.Failed => "The letter could not be made and was not charged; its timeline says why.",
                    _ => $"A writer has already taken this letter (status: {order.Status.ToWire()}); cancelling is free only until then. Contact support to stop it.",
                });
        }

        db.OrderEvents.Add(OrderEvent.Recorded(OrderStateMachine.CancelByClient, id, previous[0], new Actor(ActorKind.Client, clientId, "client"), "Cancelled by the client.", now));

        // A campaign letter takes its campaign with it (OrderTransitionEffects), in this save.
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var cancelled = await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleAsync(o => o.Id == id, ct);
        return TypedResults.Ok(OrderResponse.From(cancelled, cancelled.Recipient));
    }

    // The row is locked and its status checked in the same statement that changes it: a claim committed a moment
    // earlier makes this match nothing, and the caller hears why.
    private static readonly string CancelSql = $$"""
        UPDATE orders o SET status = {{OrderStateMachine.CancelByClient.ToSql}}, updated_at = {2}
        FROM (SELECT id, status FROM orders WHERE id = {0} AND client_id = {1} FOR UPDATE) old
        WHERE o.id = old.id AND old.status IN ({{OrderStateMachine.CancelByClient.FromSql}})
        RETURNING old.status AS "Value"
        """;
}
