using Letters.Auth;
using Letters.Data;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary><c>GET /v1/orders/{id}</c>.</summary>
public static class GetOrder
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}", Handle).WithSummary("Get an order");

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var order = await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
        return order is null ? Problems.NotFound("order", id) : TypedResults.Ok(OrderResponse.From(order, order.Recipient));
    }
}
