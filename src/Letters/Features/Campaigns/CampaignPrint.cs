using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

namespace Letters.Features.Campaigns;

/// <summary>
/// The campaign for the printer: one PDF of every rendered letter in row order, and a manifest (row, order id,
/// pages, sha256) to check it by. The PDF is written to the response as it is made, letter by letter, with
/// PdfPig's streaming writer: the letters are read from the database a batch at a time and never held together,
/// so a 10,000-letter campaign prints in the memory of one batch.
/// </summary>
public static class CampaignPrint
{
    private const int Batch = 50;

    public sealed record ManifestLine(int Row, Guid OrderId, int Pages, string Sha256);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/letters.pdf", Pdf).Produces<byte[]>(StatusCodes.Status200OK, "application/pdf").WithSummary("Every rendered letter of the campaign in row order, as one PDF for the printer");
        group.MapGet("/{id:guid}/manifest.csv", Manifest).Produces<string>(StatusCodes.Status200OK, "text/csv").WithSummary("The print file's manifest: row, order id, pages and sha256 of each letter");
    }

    /// <summary>The rendered letters of a campaign in row order, a batch after the given row.</summary>
    private static Task<List<Letter>> NextAsync(LettersDbContext db, Guid campaignId, int afterRow, CancellationToken ct) =>
        db.Orders.AsNoTracking()
            .Where(o => o.CampaignId == campaignId && o.CampaignRow > afterRow)
            .Join(db.Renditions.Where(r => r.Kind == RenditionKind.Final), o => o.Id, r => r.OrderId, (o, r) => new { o, r })
            .OrderBy(x => x.o.CampaignRow).ThenByDescending(x => x.r.CreatedAt)
            .Take(Batch)
            .Select(x => new Letter(x.o.CampaignRow!.Value, x.o.Id, x.r.PageCount, x.r.Sha256))
            .ToListAsync(ct);

    private sealed record Letter(int Row, Guid OrderId, int Pages, string Sha256);

    /// <summary>The manifest's columns: a letter's row, its order, its pages and the sha256 of its PDF.</summary>
    private sealed class ManifestMap : CsvHelper.Configuration.ClassMap<Letter>
    {
        public ManifestMap()
        {
            Map(l => l.Row).Name("row");
            Map(l => l.OrderId).Name("order_id");
            Map(l => l.Pages).Name("pages");
            Map(l => l.Sha256).Name("sha256");
        }
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Pdf(Guid id, HttpContext http, LettersDbContext db, Documents documents, CancellationToken ct)
    {
        if (await CampaignsApi.FindAsync(db, http, id, ct) is null)
        {
            return Problems.NotFound("campaign", id);
        }

        if (!await db.Orders.AnyAsync(o => o.CampaignId == id && db.Renditions.Any(r => r.OrderId == o.Id && r.Kind == RenditionKind.Final), ct))
        {
            return Problems.NotReady("No letter of this campaign is rendered yet.");
        }

        http.Response.ContentType = "application/pdf";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{id}-letters.pdf\"";

        // PdfPig's writer is synchronous and wants a position to write its cross-reference table: it writes to a
        // counting stream over the response body, which ASP.NET allows to be written synchronously here only.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        await using var output = new CountingStream(http.Response.Body);
        using (var builder = new PdfDocumentBuilder(output, disposeStream: false, PdfWriterType.Default))
        {
            // A batch of letters' PDFs read at once (one query, or a few objects at a time from a bucket), then added in row order.
            var batch = new List<Letter>(Batch);
            await foreach (var letter in AllAsync(db, id, ct))
            {
                batch.Add(letter);
                if (batch.Count == Batch)
                {
                    await AddAsync(builder, documents, batch, ct);
                    batch.Clear();
                }
            }

            await AddAsync(builder, documents, batch, ct);

            // Disposing completes the document (its page tree and cross-reference table) on the stream; Build()
            // would also copy the whole file back into memory, which is what this avoids.
        }

        await output.FlushAsync(ct);
        return TypedResults.Empty;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Manifest(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        if (await CampaignsApi.FindAsync(db, http, id, ct) is null)
        {
            return Problems.NotFound("campaign", id);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{id}-manifest.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
        await using var csv = CsvOutput.Writer(writer);
        csv.Context.RegisterClassMap<ManifestMap>();
        await csv.WriteRecordsAsync(AllAsync(db, id, ct), ct);

        await csv.FlushAsync();
        return TypedResults.Empty;
    }

    private static async Task AddAsync(PdfDocumentBuilder builder, Documents documents, List<Letter> letters, CancellationToken ct)
    {
        var pdfs = await documents.ReadManyAsync([.. letters.Select(l => l.Sha256)], ct);
        foreach (var letter in letters)
        {
            using var document = PdfDocument.Open(pdfs[letter.Sha256]);
            for (var page = 1; page <= document.NumberOfPages; page++)
            {
                builder.AddPage(document, page);
            }
        }
    }

    /// <summary>Every rendered letter in row order (the newest final of each), read a batch at a time.</summary>
    private static async IAsyncEnumerable<Letter> AllAsync(LettersDbContext db, Guid campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var batch = await NextAsync(db, campaignId, after, ct);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var letter in batch.DistinctBy(l => l.Row))
            {
                yield return letter;
            }

            after = batch[^1].Row;
        }
    }

    /// <summary>A write-only stream that knows how much it has written, for a writer that asks its position.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            written += buffer.Length;
        }

        public override void WriteByte(byte value) => Write([value], 0, 1);
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
