using System.Diagnostics;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Features.Renditions;

/// <summary>
/// PNG pictures of a rendition's pages, in the three widths the big print-and-mail APIs offer (small 300,
/// medium 600, large 1,200 px). Rasterised by poppler's <c>pdftoppm</c>, so the picture is what a PDF reader
/// shows; each is made the first time it is asked for and kept beside its rendition.
/// </summary>
public static class Thumbnails
{
    public static readonly IReadOnlyDictionary<string, int> Sizes = new Dictionary<string, int> { ["small"] = 300, ["medium"] = 600, ["large"] = 1200 };

    /// <summary>The width for a size name, or a 400 naming the parameter.</summary>
    public static (int Width, ValidationProblem? Problem) Width(string? size)
    {
        size ??= "medium";
        return Sizes.TryGetValue(size, out var width)
            ? (width, null)
            : (0, Problems.Invalid("size", $"'size' must be one of: {string.Join(", ", Sizes.Keys)}."));
    }

    public static async Task<byte[]> GetOrCreateAsync(LettersDbContext db, Rendition rendition, int page, int width, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await db.Thumbnails.AsNoTracking()
            .Where(t => t.RenditionId == rendition.Id && t.Page == page && t.Width == width).Select(t => t.Png).SingleOrDefaultAsync(ct);
        if (stored is not null)
        {
            return stored;
        }

        var png = await RasteriseAsync(rendition.Pdf, page, width, ct);
        db.Thumbnails.Add(new Thumbnail { RenditionId = rendition.Id, Page = page, Width = width, Png = png, CreatedAt = now.TruncateToMicroseconds() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two requests made the same picture at once; the other one kept it, and they are the same.
        }

        return png;
    }

    /// <summary>One page of a PDF as a PNG <paramref name="width"/> pixels wide, by pdftoppm over pipes.</summary>
    public static async Task<byte[]> RasteriseAsync(byte[] pdf, int page, int width, CancellationToken ct)
    {
        OutsideTransactions.Ensure("drawing a picture of a page");
        var start = new ProcessStartInfo("pdftoppm", ["-png", "-scale-to-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-scale-to-y", "-1",
            "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-singlefile", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm (poppler-utils) could not be started.");
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output, ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.StandardInput.BaseStream.WriteAsync(pdf, ct);
        process.StandardInput.Close();
        await reading;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"pdftoppm failed ({process.ExitCode}): {await errors}");
        }

        return output.ToArray();
    }
}
