using Letters.Handwriting;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Benchmarks;

/// <summary>
/// The benchmarks' yardstick, kept out of the renderer customers get: the same layout, paper and envelope, with one
/// plain DrawString per line in the style's font (a pen style in the text layer's font). What realism costs is
/// measured against this.
/// </summary>
internal static class PlainBaseline
{
    public static byte[] Render(LetterDocument document)
    {
        LetterRenderer.EnsureInitialized();
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        if (style.Kind == StyleKind.Pen)
        {
            style = Catalogue.FindStyle(Catalogue.TextLayerStyle)!;
            document = document with { Style = style.Id };
        }

        var (ink, paper, size) = Catalogue.Materials(document);
        var metrics = FontMetrics.For(style);
        var rng = new Rng(document.Seed ^ 0x4C6574746572735EUL);
        var hand = Hand.For(style, size, ref rng);
        var pages = Layout.Paginate(document, style, metrics, size, paper, hand);

        using var pdf = new PdfDocument();
        pdf.Options.CompressContentStreams = true;
        pdf.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        LetterRenderer.SetMetadata(pdf, document);
        var font = new XFont(style.Name, hand.FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var brush = new XSolidBrush(XColor.FromArgb((int)(ink.R * 255), (int)(ink.G * 255), (int)(ink.B * 255)));
        foreach (var page in pages)
        {
            var pdfPage = pdf.AddPage();
            pdfPage.Width = XUnit.FromPoint(size.Width);
            pdfPage.Height = XUnit.FromPoint(size.Height);
            PaperPainter.Paint(pdfPage, paper, size, hand, page, document.Seed);
            using var gfx = XGraphics.FromPdfPage(pdfPage, XGraphicsPdfPageOptions.Append);
            foreach (var line in page.Lines)
            {
                var lineFont = line.Kind == LineKind.Signature ? new XFont(style.Name, hand.FontSize * Manner.Of(line.Kind).Scale, XFontStyleEx.Regular, font.PdfOptions) : font;
                gfx.DrawString(line.Text, lineFont, brush, line.X, line.Baseline);
            }
        }

        if (document.Envelope is { } envelope)
        {
            var envelopeSize = EnvelopePainter.SizeOf(envelope);
            var envelopeHand = EnvelopePainter.HandFor(style, envelope, ref rng);
            var laidOut = EnvelopePainter.Lay(envelope, style, metrics, envelopeHand, ref rng);
            var envelopePage = EnvelopePainter.AddPage(pdf, envelopeSize, paper, envelopeHand, document.Seed);
            using (var gfx = XGraphics.FromPdfPage(envelopePage, XGraphicsPdfPageOptions.Append))
            {
                foreach (var line in laidOut.Lines)
                {
                    gfx.DrawString(line.Text, font, brush, line.X, line.Baseline);
                }
            }

            EnvelopePainter.Finish(envelopePage, envelopeSize, document.Proof);
        }

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
