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
/// shows; each is made ahead by <see cref="PictureMaker"/> when the rendition is made (or, if asked for first, then)
/// and kept in the document store.
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

    /// <summary>A page's picture: the one made ahead (<see cref="PictureMaker"/>), or made now and kept if it is not there yet.</summary>
    public static async Task<byte[]> GetOrCreateAsync(LettersDbContext db, Documents documents, Rendition rendition, int page, int width, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await db.Thumbnails.AsNoTracking()
            .Where(t => t.RenditionId == rendition.Id && t.Page == page && t.Width == width).Select(t => t.Sha256).SingleOrDefaultAsync(ct);
        if (stored is not null)
        {
            return await documents.ReadAsync(stored, ct);
        }

        var png = await RasteriseAsync(await documents.ReadAsync(rendition.Sha256, ct), page, width, ct);
        db.Thumbnails.Add(new Thumbnail { RenditionId = rendition.Id, Page = page, Width = width, Sha256 = await documents.PutAsync(png, "image/png", ct), CreatedAt = now.TruncateToMicroseconds() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two requests made the same picture at once; the other one kept it, and they are the same.
            db.ChangeTracker.Clear();
        }

        return png;
    }

    /// <summary>How long one picture may take before its pdftoppm is killed (a hostile or broken PDF never holds a slot).</summary>
    public static TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>At most this many pdftoppm processes at once on an instance, whoever asks (requests and the worker).</summary>
    private static readonly SemaphoreSlim Slots = new(Math.Max(1, Environment.ProcessorCount), Math.Max(1, Environment.ProcessorCount));

    /// <summary>One page of a PDF as a PNG <paramref name="width"/> pixels wide, by pdftoppm over pipes.</summary>
    public static async Task<byte[]> RasteriseAsync(byte[] pdf, int page, int width, CancellationToken ct)
    {
        OutsideTransactions.Ensure("drawing a picture of a page");
        await Slots.WaitAsync(ct);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeLimit);
            return await RunAsync(pdf, page, width, limit.Token, ct);
        }
        finally
        {
            Slots.Release();
        }
    }

    private static async Task<byte[]> RunAsync(byte[] pdf, int page, int width, CancellationToken limit, CancellationToken ct)
    {
        var start = new ProcessStartInfo("pdftoppm", ["-png", "-scale-to-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-scale-to-y", "-1",
            "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-singlefile", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm (poppler-utils) could not be started.");
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, limit);
            var errors = process.StandardError.ReadToEndAsync(limit);
            await process.StandardInput.BaseStream.WriteAsync(pdf, limit);
            process.StandardInput.Close();
            await reading;
            await process.WaitForExitAsync(limit);
            if (process.ExitCode != 0 || output.Length == 0)
            {
                throw new InvalidOperationException($"pdftoppm failed ({process.ExitCode}): {await errors}");
            }

            return output.ToArray();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"pdftoppm took longer than {TimeLimit.TotalSeconds:0} s on page {page} and was stopped.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
