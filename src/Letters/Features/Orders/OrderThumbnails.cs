using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>
/// <c>proof.png</c> and <c>letter.png</c>: a page of the proof or the final as a picture, <c>?size=small|medium|large</c>
/// (300, 600 or 1,200 px wide; medium by default) and <c>?page=</c> (from 1). Looking does not mark a letter delivered.
/// </summary>
public static class OrderThumbnails
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id}/proof.png", (Guid id, string? size, int? page, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
                PictureAsync(id, size, page, RenditionKind.Proof, http, db, clock, ct))
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .WithSummary("A page of the proof as a PNG (?size=small|medium|large, ?page=)");
        group.MapGet("/{id}/letter.png", (Guid id, string? size, int? page, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
                PictureAsync(id, size, page, RenditionKind.Final, http, db, clock, ct))
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .WithSummary("A page of the final letter as a PNG (?size=small|medium|large, ?page=)");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> PictureAsync(
        Guid id, string? size, int? page, RenditionKind kind, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (width, invalid) = Thumbnails.Width(size);
        if (invalid is not null)
        {
            return invalid;
        }

        var clientId = http.User.ClientId();
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == id && o.ClientId == clientId).Select(o => new { o.Status }).SingleOrDefaultAsync(ct);
        if (order is null)
        {
            return Problems.NotFound("order", id);
        }

        var rendition = await db.Renditions.AsNoTracking().Where(r => r.OrderId == id && r.Kind == kind).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        if (rendition is null || (kind == RenditionKind.Final && order.Status is not (OrderStatus.Approved or OrderStatus.Delivered)))
        {
            return Problems.NotReady(kind == RenditionKind.Proof
                ? "There is no proof yet: one is made when the writer submits a draft."
                : "The letter is not approved yet. Follow its progress at /v1/orders/{id}/events.");
        }

        var number = page ?? 1;
        if (number < 1 || number > rendition.PageCount)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["page"] = [$"'page' must be between 1 and {rendition.PageCount}."] },
                title: "The request is not valid.");
        }

        http.Response.Headers["X-Page-Count"] = rendition.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(await Thumbnails.GetOrCreateAsync(db, rendition, number, width, clock.GetUtcNow(), ct), "image/png");
    }
}
