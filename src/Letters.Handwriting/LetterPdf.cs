using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Handwriting;

/// <summary>
/// What a kind of style writes onto the pages <see cref="LetterPdf"/> makes: a font style's glyphs, a pen style's
/// strokes, and (next) a writer's captured hand. The canvas owns its fonts and resources; the shell owns the
/// document, the paper, the proof mark and the bytes.
/// </summary>
internal interface ILetterCanvas
{
    /// <summary>The letter's pages as laid out: the shell paints each page's paper (rules, margins) from it.</summary>
    IReadOnlyList<LaidOutPage> Pages { get; }

    /// <summary>The writer's hand at the letter's size: the paper's rules follow its line pitch.</summary>
    Hand Hand { get; }

    /// <summary>Called once, before the first page: fonts and shared resources go into the document here.</summary>
    void Begin(PdfDocument pdf);

    /// <summary>Writes page <paramref name="index"/> of <see cref="Pages"/> onto its painted paper.</summary>
    void Write(PdfPage page, int index);

    /// <summary>
    /// The envelope's size and hand, or null when the address is not written on one. Asked after the last page is
    /// written: a font style's envelope takes its hand from the letter's random stream, where the pages left it.
    /// </summary>
    (PageSize Size, Hand Hand)? BeginEnvelope(PdfDocument pdf);

    /// <summary>Writes the address onto the envelope's painted paper.</summary>
    void WriteEnvelope(PdfPage page);
}

/// <summary>
/// The one PDF shell every style is written through: the document and its metadata (byte-identical for the same
/// input), a page of the letter's paper per laid-out page, the canvas's writing on it, the proof's watermark, the
/// envelope last, and the saved bytes with their XMP ids fixed. Styles differ only in their <see cref="ILetterCanvas"/>.
/// </summary>
internal static class LetterPdf
{
    private const string Creator = "Letters handwriting renderer";

    public static RenderedLetter Write(LetterDocument document, ILetterCanvas canvas)
    {
        LetterRenderer.EnsureInitialized();
        var (_, paper, size) = Catalogue.Materials(document);
        using var pdf = new PdfDocument();
        pdf.Options.CompressContentStreams = true;
        pdf.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        SetMetadata(pdf, document);
        canvas.Begin(pdf);

        for (var i = 0; i < canvas.Pages.Count; i++)
        {
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(size.Width);
            page.Height = XUnit.FromPoint(size.Height);
            PaperPainter.Paint(page, paper, size, canvas.Hand, canvas.Pages[i], document.Seed);
            canvas.Write(page, i);
            Finish(page, size, document.Proof);
        }

        if (canvas.BeginEnvelope(pdf) is var (envelopeSize, envelopeHand))
        {
            var page = EnvelopePainter.AddPage(pdf, envelopeSize, paper, envelopeHand, document.Seed);
            canvas.WriteEnvelope(page);
            if (document.Envelope?.Barcode is { } barcode)
            {
                EnvelopePainter.PrintBarcode(page, envelopeSize, barcode);
            }

            Finish(page, envelopeSize, document.Proof);
        }

        var pageCount = pdf.PageCount;
        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        var bytes = stream.ToArray();
        FixXmpIds(bytes, pdf.Internals.FirstDocumentID + pdf.Internals.SecondDocumentID);
        return new RenderedLetter(bytes, pageCount);
    }

    /// <summary>A proof carries its watermark over the writing, on every page and the envelope alike.</summary>
    private static void Finish(PdfPage page, PageSize size, bool proof)
    {
        if (proof)
        {
            using var overlay = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            PaperPainter.Watermark(overlay, size);
        }
    }

    internal static void SetMetadata(PdfDocument pdf, LetterDocument document)
    {
        pdf.Info.Title = document.Title ?? "Letter";
        pdf.Info.Subject = document.Subject ?? "A handwritten letter";
        pdf.Info.Creator = Creator;
        pdf.Info.Author = "Letters";

        // Byte-identical output for the same input: the dates and the file identifier come from the seed and
        // the content, never from the clock or a random GUID.
        var created = document.CreatedAt ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(document.Seed % (86_400UL * 365 * 3));
        pdf.Info.CreationDate = created.UtcDateTime;
        pdf.Info.ModificationDate = created.UtcDateTime;
        var id = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{document.Seed}\n{document.AllText()}\n{document.Style}{document.Ink}{document.Paper}{document.PageSize}{document.Proof}")));
        pdf.Internals.FirstDocumentID = Convert.ToHexString(id, 0, 16);
        pdf.Internals.SecondDocumentID = Convert.ToHexString(id, 16, 16);
    }

    /// <summary>
    /// PDFsharp writes its XMP packet with two fresh <c>Guid.NewGuid()</c> ids on every save and offers no
    /// way to pass them in. The packet is stored uncompressed, so we overwrite the two 36-character uuids in
    /// place with ones derived from the document id: same length, so every byte offset and the xref stay valid.
    /// </summary>
    internal static void FixXmpIds(byte[] pdf, string documentId)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(documentId));
        ReplaceUuidAfter(pdf, "<xmpMM:DocumentID>uuid:"u8, new Guid(hash.AsSpan(0, 16)));
        ReplaceUuidAfter(pdf, "<xmpMM:InstanceID>uuid:"u8, new Guid(hash.AsSpan(16, 16)));
    }

    private static void ReplaceUuidAfter(byte[] pdf, ReadOnlySpan<byte> marker, Guid value)
    {
        var at = pdf.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return;
        }

        var target = pdf.AsSpan(at + marker.Length, 36);
        if (Guid.TryParseExact(Encoding.ASCII.GetString(target), "D", out _))
        {
            Encoding.ASCII.GetBytes(value.ToString("D"), target);
        }
    }
}
