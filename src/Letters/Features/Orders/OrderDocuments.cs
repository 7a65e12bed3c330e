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

    public static async Task<Results<FileContentHttpResult, RedirectHttpResult, ProblemHttpResult>> Proof(Guid id, HttpContext http, LettersDbContext db, Documents documents, CancellationToken ct)
    {
        var (_, proof, problem) = await VisibleAsync(db, http.User.ClientId(), id, RenditionKind.Proof, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await DownloadAsync(documents, proof!.Sha256, $"letter-{id}-proof.pdf", ct);
    }

    /// <summary>The PDF itself, or a redirect to a short-lived presigned address when the settings ask for one.</summary>
    public static async Task<Results<FileContentHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadAsync(Documents documents, string sha256, string fileName, CancellationToken ct) =>
        await documents.DownloadAddressAsync(sha256, fileName, ct) is { } address
            ? TypedResults.Redirect(address.AbsoluteUri)
            : TypedResults.File(await documents.ReadAsync(sha256, ct), "application/pdf", fileName);

    public static async Task<Results<FileContentHttpResult, RedirectHttpResult, ProblemHttpResult>> Letter(Guid id, HttpContext http, LettersDbContext db, Documents documents, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var (order, final, problem) = await VisibleAsync(db, clientId, id, RenditionKind.Final, ct, tracked: true);
        if (problem is not null)
        {
            return problem;
        }

        if (order!.Status == OrderStatus.Approved)
        {
            var now = clock.GetUtcNow().TruncateToMicroseconds();
            db.OrderEvents.Add(order.Apply(OrderStateMachine.Deliver, new Actor(ActorKind.Client, clientId, "client"), now, order.IsTest ? "Test order: not counted as delivered work." : "Downloaded by the client."));
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                if (!order.IsTest)
                {
                    // Counted with the delivery, in its transaction: the queues page's chart reads the count.
                    var day = DateOnly.FromDateTime(now.UtcDateTime);
                    await db.Database.ExecuteSqlAsync($"INSERT INTO delivery_days (day, delivered) VALUES ({day}, 1) ON CONFLICT (day) DO UPDATE SET delivered = delivery_days.delivered + 1", ct);
                }

                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Two downloads at once: the other one recorded the delivery.
            }
        }

        return await DownloadAsync(documents, final!.Sha256, $"letter-{id}.pdf", ct);
    }

    /// <summary>
    /// Whether a client may see an order's document of this kind now: a proof whenever one was made, the final only
    /// while the letter is written (approved or delivered; a letter sent back for a revision is not, until approved
    /// again). The one rule behind the API's PDFs, the pictures, the plotter files and the client app's order page.
    /// </summary>
    internal static bool Shows(OrderStatus status, RenditionKind kind) => kind == RenditionKind.Proof || Order.WrittenStatuses.Contains(status);

    /// <summary>
    /// An order's document as its client may see it (<see cref="Shows"/>); another client's order is a 404 like a
    /// missing one.
    /// </summary>
    internal static async Task<(Order? Order, Rendition? Rendition, ProblemHttpResult? Problem)> VisibleAsync(
        LettersDbContext db, Guid clientId, Guid id, RenditionKind kind, CancellationToken ct, bool tracked = false)
    {
        var orders = tracked ? db.Orders : db.Orders.AsNoTracking();
        var order = await orders.Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
        if (order is null)
        {
            return (null, null, Problems.NotFound("order", id));
        }

        var rendition = await db.Renditions.AsNoTracking().Where(r => r.OrderId == id && r.Kind == kind).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        if (rendition is null || !Shows(order.Status, kind))
        {
            return (order, null, Problems.NotReady(kind == RenditionKind.Proof
                ? "There is no proof yet: one is made when the writer submits a draft."
                : "The letter is not approved yet. Follow its progress at /v1/orders/{id}/events."));
        }

        return (order, rendition, null);
    }
}
