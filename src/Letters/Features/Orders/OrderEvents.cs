using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary><c>GET /v1/orders/{id}/events</c>: the timeline, oldest first — what happened, when, and by whom.</summary>
public static class OrderEvents
{
    public sealed record EventResponse(long Id, string Object, string Type, string? FromStatus, string? ToStatus, string Actor, string? Note, DateTimeOffset CreatedAt);

    public sealed record Timeline(string Object, IReadOnlyList<EventResponse> Data);

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}/events", Handle).WithSummary("The order's timeline");

    public static async Task<Results<Ok<Timeline>, ProblemHttpResult>> Handle(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        if (!await db.Orders.AnyAsync(o => o.Id == id && o.ClientId == clientId, ct))
        {
            return Problems.NotFound("order", id);
        }

        var events = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(new Timeline("list", events.Select(e => new EventResponse(
            e.Id, "event", e.Type, e.FromStatus?.ToWire(), e.ToStatus?.ToWire(),
            // Clients see who acted by role; staff names stay inside the company.
            e.ActorKind switch { ActorKind.Writer => "writer", ActorKind.Admin => "reviewer", ActorKind.Client => "you", _ => "letters" },
            e.ActorKind == ActorKind.Client || e.ActorKind == ActorKind.System ? e.Note : null,
            e.CreatedAt)).ToList()));
    }
}
