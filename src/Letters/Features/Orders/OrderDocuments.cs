using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>
/// <c>proof.pdf</c> (watermarked, once a draft is submitted) and <c>letter.pdf</c> (the final, once approved).
/// Fetching the final of an approved order marks it delivered: that is the hand-over to the client.
/// </summary>
public static class OrderDocuments
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id}/proof.pdf", Proof).WithSummary("The latest watermarked proof");
        group.MapGet("/{id}/letter.pdf", Letter).WithSummary("The final letter; marks an approved order delivered");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Proof(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        if (!await db.Orders.AnyAsync(o => o.Id == id && o.ClientId == clientId, ct))
        {
            return Problems.NotFound("order", id);
        }

        var proof = await Latest(db, id, RenditionKind.Proof, ct);
        return proof is null
            ? Problems.NotReady("There is no proof yet: one is made when the writer submits a draft.")
            : TypedResults.File(proof.Pdf, "application/pdf", $"letter-{id}-proof.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Letter(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
        if (order is null)
        {
            return Problems.NotFound("order", id);
        }

        var final = await Latest(db, id, RenditionKind.Final, ct);
        if (final is null || order.Status is not (OrderStatus.Approved or OrderStatus.Delivered))
        {
            return Problems.NotReady("The letter is not approved yet. Follow its progress at /v1/orders/{id}/events.");
        }

        if (order.Status == OrderStatus.Approved)
        {
            var now = clock.GetUtcNow().TruncateToMicroseconds();
            db.OrderEvents.Add(order.MoveTo(OrderStatus.Delivered, "delivered", new Actor(ActorKind.Client, clientId, "client"), now, order.IsTest ? "Test order: not counted as delivered work." : "Downloaded by the client."));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Two downloads at once: the other one recorded the delivery.
            }
        }

        return TypedResults.File(final.Pdf, "application/pdf", $"letter-{id}.pdf");
    }

    private static Task<Rendition?> Latest(LettersDbContext db, Guid orderId, RenditionKind kind, CancellationToken ct) =>
        db.Renditions.AsNoTracking().Where(r => r.OrderId == orderId && r.Kind == kind).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
}
