using System.Collections.Concurrent;
using Letters.Features.Renditions;
using Letters.Handwriting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Letters.Features.CatalogueApi;

/// <summary>
/// <c>GET /v1/catalogue</c>: the handwriting styles, inks, papers and page sizes an order may choose, each with a
/// preview. Public: it is the shop window, and previews open in a browser without an API key.
/// </summary>
public static class CatalogueEndpoints
{
    public sealed record Entry(string Id, string Name, string? Description, string? PreviewUrl);

    /// <summary>A handwriting: <c>kind</c> "pen" (drawn as pen strokes, with plotter files) or "font"; the scripts it writes.</summary>
    public sealed record StyleEntry(string Id, string Name, string Kind, string Scripts, bool IsDefault, string? Description, string PreviewUrl, string PictureUrl);

    public sealed record CatalogueResponse(string Object, IReadOnlyList<StyleEntry> Styles, IReadOnlyList<Entry> Inks, IReadOnlyList<Entry> Papers, IReadOnlyList<Entry> PageSizes, IReadOnlyList<Entry> Envelopes);

    public static RouteGroupBuilder MapCatalogue(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/catalogue").WithTags("Catalogue").AllowAnonymous();
        group.MapGet("/", Get).WithSummary("Styles, inks, papers and page sizes, with previews");
        group.MapGet("/preview.pdf", Preview).WithSummary("A preview of the sample letter in a given style, ink, paper and page size");
        group.MapGet("/preview.png", PreviewPicture).Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .WithSummary("The same preview as a PNG (?size=small|medium|large)");
        return group;
    }

    public static Ok<CatalogueResponse> Get() => TypedResults.Ok(new CatalogueResponse(
        "catalogue",
        [.. Catalogue.AllStyles.Select(s => new StyleEntry(s.Id, s.Name, s.KindName, s.Scripts, s.Id == Catalogue.DefaultPenStyle, s.Description, $"/v1/catalogue/preview.pdf?style={s.Id}", $"/v1/catalogue/preview.png?style={s.Id}&size=small"))],
        [.. Catalogue.Inks.Select(i => new Entry(i.Id, i.Name, null, $"/v1/catalogue/preview.pdf?ink={i.Id}"))],
        [.. Catalogue.Papers.Select(p => new Entry(p.Id, p.Name, p.Ruled ? "Printed rules the writing sits on." : null, $"/v1/catalogue/preview.pdf?paper={p.Id}"))],
        [.. Catalogue.PageSizes.Select(p => new Entry(p.Id, p.Name, $"{p.Width / 72 * 25.4:F0} × {p.Height / 72 * 25.4:F0} mm", $"/v1/catalogue/preview.pdf?page_size={p.Id}"))],
        [.. Catalogue.Envelopes.Select(e => new Entry(e.Id, e.Name, $"{e.Width / 72 * 25.4:F0} × {e.Height / 72 * 25.4:F0} mm", null))]));

    public static Results<FileContentHttpResult, ValidationProblem> Preview(string? style, string? ink, string? paper, [FromQuery(Name = "page_size")] string? pageSize)
    {
        var (choice, errors) = Choose(style, ink, paper, pageSize);
        return errors is not null
            ? errors
            : TypedResults.File(Catalogue.Preview(choice.Style, choice.Ink, choice.Paper, choice.PageSize), "application/pdf", $"preview-{choice.Style}-{choice.Ink}-{choice.Paper}-{choice.PageSize}.pdf");
    }

    private static readonly ConcurrentDictionary<(string, string, string, string, int), byte[]> Pictures = new();

    /// <summary>The preview as a picture (?size=small|medium|large), for a shop window of images rather than PDFs.</summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> PreviewPicture(
        string? style, string? ink, string? paper, [FromQuery(Name = "page_size")] string? pageSize, string? size, CancellationToken ct)
    {
        var (choice, errors) = Choose(style, ink, paper, pageSize);
        var (width, invalid) = Thumbnails.Width(size);
        if (errors is not null || invalid is not null)
        {
            return errors ?? invalid!;
        }

        var key = (choice.Style, choice.Ink, choice.Paper, choice.PageSize, width);
        if (!Pictures.TryGetValue(key, out var png))
        {
            png = await Thumbnails.RasteriseAsync(Catalogue.Preview(choice.Style, choice.Ink, choice.Paper, choice.PageSize), 1, width, ct);
            Pictures[key] = png;
        }

        return TypedResults.File(png, "image/png");
    }

    private static ((string Style, string Ink, string Paper, string PageSize) Choice, ValidationProblem? Errors) Choose(string? style, string? ink, string? paper, string? pageSize)
    {
        style ??= Catalogue.DefaultPenStyle;
        ink ??= "blue_black";
        paper ??= "cream";
        pageSize ??= "a5";
        var errors = new Dictionary<string, string[]>();
        // A client's own hand is drawn for their letters only: to the public catalogue it does not exist.
        if (!Catalogue.AllStyles.Any(s => s.Id == style))
        {
            errors["style"] = [$"No style '{style}'."];
        }

        if (Catalogue.FindInk(ink) is null)
        {
            errors["ink"] = [$"No ink '{ink}'."];
        }

        if (Catalogue.FindPaper(paper) is null)
        {
            errors["paper"] = [$"No paper '{paper}'."];
        }

        if (Catalogue.FindPageSize(pageSize) is null)
        {
            errors["page_size"] = [$"No page size '{pageSize}'."];
        }

        return ((style, ink, paper, pageSize), errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "The request is not valid.") : null);
    }
}
