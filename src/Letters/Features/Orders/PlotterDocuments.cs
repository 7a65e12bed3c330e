using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Handwriting;
using Letters.Handwriting.Pen;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Orders;

/// <summary>
/// The letter as files for a pen plotter, for pen styles: <c>proof.svg</c>, <c>letter.svg</c> (millimetres, an
/// AxiDraw layer "1 ink") and <c>letter.gcode</c>, one page each (<c>?page=</c>, from 1). They are drawn from the
/// same draft and seed as the PDF of the same name, so the plotter writes the strokes the PDF shows. Fetching
/// them does not mark a letter delivered; only <c>letter.pdf</c> does. A letter whose address goes on an envelope
/// has the envelope as files of its own (<c>envelope.svg</c>, <c>envelope.gcode</c>), on the envelope's size.
/// </summary>
public static class PlotterDocuments
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id}/proof.svg", (Guid id, int? page, HttpContext http, LettersDbContext db, CancellationToken ct) =>
                FileAsync(id, page, RenditionKind.Proof, Format.Svg, http, db, ct))
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .WithSummary("The proof's strokes as SVG for a pen plotter (pen styles; ?page=)");
        group.MapGet("/{id}/letter.svg", (Guid id, int? page, HttpContext http, LettersDbContext db, CancellationToken ct) =>
                FileAsync(id, page, RenditionKind.Final, Format.Svg, http, db, ct))
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .WithSummary("The final letter's strokes as SVG for a pen plotter (pen styles; ?page=)");
        group.MapGet("/{id}/letter.gcode", (Guid id, int? page, HttpContext http, LettersDbContext db, CancellationToken ct) =>
                FileAsync(id, page, RenditionKind.Final, Format.GCode, http, db, ct))
            .Produces<string>(StatusCodes.Status200OK, "text/x-gcode")
            .WithSummary("The final letter as G-code for a pen plotter (pen styles; ?page=)");
        group.MapGet("/{id}/envelope.svg", (Guid id, HttpContext http, LettersDbContext db, CancellationToken ct) =>
                FileAsync(id, null, RenditionKind.Final, Format.EnvelopeSvg, http, db, ct))
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .WithSummary("The envelope's address as SVG for a pen plotter (pen styles, letters sent in an envelope)");
        group.MapGet("/{id}/envelope.gcode", (Guid id, HttpContext http, LettersDbContext db, CancellationToken ct) =>
                FileAsync(id, null, RenditionKind.Final, Format.EnvelopeGCode, http, db, ct))
            .Produces<string>(StatusCodes.Status200OK, "text/x-gcode")
            .WithSummary("The envelope's address as G-code for a pen plotter (pen styles, letters sent in an envelope)");
    }

    /// <summary>Refuses to start with <c>Letters:Plotter</c> settings no plotter could run, each problem named.</summary>
    public sealed class SettingsValidation : IValidateOptions<PlotterSettings>
    {
        public ValidateOptionsResult Validate(string? name, PlotterSettings options) =>
            options.Problems() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems.Select(p => $"Letters:Plotter: {p}"))
                : ValidateOptionsResult.Success;
    }

    private enum Format
    {
        Svg,
        GCode,
        EnvelopeSvg,
        EnvelopeGCode,
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> FileAsync(
        Guid id, int? page, RenditionKind kind, Format format, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var (order, rendition, problem) = await OrderDocuments.VisibleAsync(db, http.User.ClientId(), id, kind, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (Catalogue.FindStyle(order!.Letter.Style) is not { Kind: StyleKind.Pen })
        {
            return Problems.NotFound(
                "plotter file",
                id,
                $"This letter is written in the font style '{order.Letter.Style}'. Plotter files are made for pen styles ({string.Join(", ", Catalogue.Styles.Where(s => s.Kind == StyleKind.Pen).Select(s => s.Id))}).");
        }

        var draft = await db.Drafts.AsNoTracking().SingleAsync(d => d.Id == rendition!.DraftId, ct);
        var document = LetterRendering.Document(order, order.Recipient!, draft, kind, rendition!.CreatedAt);
        var settings = http.RequestServices.GetRequiredService<IOptions<PlotterSettings>>().Value;
        if (format is Format.EnvelopeSvg or Format.EnvelopeGCode)
        {
            var envelope = format == Format.EnvelopeSvg ? PlotterFiles.EnvelopeSvg(document) : PlotterFiles.EnvelopeGCode(document, settings);
            return envelope is null
                ? Problems.NotFound("envelope", id, "This letter's address is written on the letter itself, so it has no envelope to plot.")
                : TypedResults.Content(envelope, format == Format.EnvelopeSvg ? "image/svg+xml" : "text/x-gcode");
        }

        var pages = PlotterFiles.PageCount(document);
        var number = page ?? 1;
        if (number < 1 || number > pages)
        {
            return Problems.Invalid("page", $"'page' must be between 1 and {pages}: the letter has {pages} page(s).");
        }

        http.Response.Headers["X-Page-Count"] = pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return format == Format.Svg
            ? TypedResults.Content(PlotterFiles.Svg(document, number), "image/svg+xml")
            : TypedResults.Content(PlotterFiles.GCode(document, number, settings), "text/x-gcode");
    }
}
