using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Letters.Features.Orders;

/// <summary>
/// <c>proof.png</c> and <c>letter.png</c>: a page of the proof or the final as a picture, <c>?size=small|medium|large</c>
/// (300, 600 or 1,200 px wide; medium by default) and <c>?page=</c> (from 1). Looking does not mark a letter delivered.
/// </summary>
public static class OrderThumbnails
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id}/proof.png", (Guid id, string? size, int? page, HttpContext http, LettersDbContext db, Documents documents, TimeProvider clock, CancellationToken ct) =>
                PictureAsync(id, size, page, RenditionKind.Proof, http, db, documents, clock, ct))
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .WithSummary("A page of the proof as a PNG (?size=small|medium|large, ?page=)");
        group.MapGet("/{id}/letter.png", (Guid id, string? size, int? page, HttpContext http, LettersDbContext db, Documents documents, TimeProvider clock, CancellationToken ct) =>
                PictureAsync(id, size, page, RenditionKind.Final, http, db, documents, clock, ct))
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .WithSummary("A page of the final letter as a PNG (?size=small|medium|large, ?page=)");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> PictureAsync(
        Guid id, string? size, int? page, RenditionKind kind, HttpContext http, LettersDbContext db, Documents documents, TimeProvider clock, CancellationToken ct)
    {
        var (width, invalid) = Thumbnails.Width(size);
        if (invalid is not null)
        {
            return invalid;
        }

        var (_, rendition, problem) = await OrderDocuments.VisibleAsync(db, http.User.ClientId(), id, kind, ct);
        if (problem is not null)
        {
            return problem;
        }

        var visible = rendition!;
        var number = page ?? 1;
        if (number < 1 || number > visible.PageCount)
        {
            return Problems.Invalid("page", $"'page' must be between 1 and {visible.PageCount}.");
        }

        http.Response.Headers["X-Page-Count"] = visible.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(await Thumbnails.GetOrCreateAsync(db, documents, visible, number, width, clock.GetUtcNow(), ct), "image/png");
    }
}
