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

        return LetterPdf.Write(document, new PlainCanvas(document, style)).Pdf;
    }

    /// <summary>The same shell as every style, with one DrawString a line for its writing.</summary>
    private sealed class PlainCanvas : ILetterCanvas
    {
        private readonly HandwritingStyle style;
        private readonly Envelope? envelope;
        private readonly FontMetrics metrics;
        private readonly XFont font;
        private readonly XSolidBrush brush;
        private Rng rng;
        private LaidOutPage? address;

        public PlainCanvas(LetterDocument document, HandwritingStyle style)
        {
            this.style = style;
            envelope = document.Envelope;
            var (ink, paper, size) = Catalogue.Materials(document);
            metrics = FontMetrics.For(style);
            rng = new Rng(document.Seed ^ 0x4C6574746572735EUL);
            Hand = Hand.For(style, size, ref rng);
            Pages = Layout.Paginate(document, style, metrics, size, paper, Hand);
            font = new XFont(style.Name, Hand.FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            brush = new XSolidBrush(XColor.FromArgb((int)(ink.R * 255), (int)(ink.G * 255), (int)(ink.B * 255)));
        }

        public IReadOnlyList<LaidOutPage> Pages { get; }

        public Hand Hand { get; }

        public void Begin(PdfDocument pdf)
        {
        }

        public void Write(PdfPage page, int index)
        {
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            foreach (var line in Pages[index].Lines)
            {
                var lineFont = line.Kind == LineKind.Signature ? new XFont(style.Name, Hand.FontSize * Manner.Of(line.Kind).Scale, XFontStyleEx.Regular, font.PdfOptions) : font;
                gfx.DrawString(line.Text, lineFont, brush, line.X, line.Baseline);
            }
        }

        public (PageSize Size, Hand Hand)? BeginEnvelope(PdfDocument pdf)
        {
            if (envelope is null)
            {
                return null;
            }

            var hand = EnvelopePainter.HandFor(style, envelope, ref rng);
            address = EnvelopePainter.Lay(envelope, style, metrics, hand, ref rng);
            return (EnvelopePainter.SizeOf(envelope), hand);
        }

        public void WriteEnvelope(PdfPage page)
        {
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            foreach (var line in address!.Lines)
            {
                gfx.DrawString(line.Text, font, brush, line.X, line.Baseline);
            }
        }
    }
}
