using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Letters.Handwriting;

/// <summary>A DL envelope (220 × 110 mm) page: return address top left, recipient centred to the right.</summary>
internal static class EnvelopePainter
{
    private const double Width = 623.6;
    private const double Height = 311.8;

    public static readonly PageSize Size = new("dl", "DL", Width, Height);

    public static void Add(PdfDocument pdf, Envelope envelope, HandwritingStyle style, FontMetrics metrics, Ink ink, PdfFont pdfFont, Hand hand, bool proof, ref Rng rng)
    {
        var laidOut = Lay(envelope, style, metrics, hand, ref rng);
        var page = AddPage(pdf);
        LetterRenderer.AppendHandwriting(page, pdfFont, laidOut, metrics, hand, ink, Height, ref rng);
        Finish(page, proof);
    }

    /// <summary>Where the address lines go: the return address small at the top left, the recipient larger, right of centre.</summary>
    public static LaidOutPage Lay(Envelope envelope, HandwritingStyle style, ITextMeasure metrics, Hand hand, ref Rng rng)
    {
        var lines = new List<LaidOutLine>();
        var pitch = hand.FontSize * style.LineHeightEm;
        var em = hand.FontSize * hand.WidthFactor;
        var y = 36.0 + hand.FontSize;
        foreach (var text in envelope.ReturnAddress ?? [])
        {
            lines.Add(new LaidOutLine(LineKind.Body, text, 36 + rng.Range(-2, 2), y, rng.Gaussian(0.004), 0, metrics.Measure(text) * em));
            y += pitch * 0.8;
        }

        var x = Width * 0.42;
        y = Height * 0.5;
        foreach (var text in envelope.Recipient)
        {
            lines.Add(new LaidOutLine(LineKind.Body, text, x + rng.Range(-4, 4), y, rng.Gaussian(0.005), rng.Gaussian(0.5), metrics.Measure(text) * em));
            y += pitch;
        }

        return new LaidOutPage(0, lines, []);
    }

    /// <summary>A blank DL envelope page.</summary>
    public static PdfPage AddPage(PdfDocument pdf)
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(Width);
        page.Height = XUnit.FromPoint(Height);
        using var gfx = XGraphics.FromPdfPage(page);
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(255, 250, 248, 242)), 0, 0, Width, Height);
        return page;
    }

    public static void Finish(PdfPage page, bool proof)
    {
        if (proof)
        {
            using var overlay = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            PaperPainter.Watermark(overlay, Size);
        }
    }
}
