using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Letters.Handwriting;

/// <summary>A DL envelope (220 × 110 mm) page: return address top left, recipient centred to the right.</summary>
internal static class EnvelopePainter
{
    private const double Width = 623.6;
    private const double Height = 311.8;

    public static void Add(PdfDocument pdf, Envelope envelope, HandwritingStyle style, FontMetrics metrics, Ink ink, PdfFont? pdfFont, Hand hand, bool proof, ref Rng rng, bool realism)
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(Width);
        page.Height = XUnit.FromPoint(Height);

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

        var laidOut = new LaidOutPage(0, lines, []);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(255, 250, 248, 242)), 0, 0, Width, Height);
            if (!realism)
            {
                var font = new XFont(style.Name, hand.FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
                foreach (var line in lines)
                {
                    gfx.DrawString(line.Text, font, new XSolidBrush(PaperPainter.Rgb(ink.R, ink.G, ink.B)), line.X, line.Baseline);
                }
            }
        }

        if (realism)
        {
            LetterRenderer.AppendHandwriting(page, pdfFont!, laidOut, metrics, hand, ink, Height, ref rng);
        }

        if (proof)
        {
            using var overlay = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            PaperPainter.Watermark(overlay, new PageSize("dl", "DL", Width, Height));
        }
    }
}
