using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Letters.Handwriting.Pen;

/// <summary>A letter written with a pen: the PDF, and the strokes of every page for plotters.</summary>
internal sealed record PenLetter(RenderedLetter Letter, IReadOnlyList<WrittenPage> Pages, PageSize Size, double Nib);

/// <summary>The strokes of every page of a letter, and what the PDF needs besides them.</summary>
/// <summary>The envelope written with the letter's pen: its strokes, on the envelope's size.</summary>
internal sealed record PenEnvelope(LaidOutPage Layout, WrittenPage Page, Hand Hand, PageSize Size, Ink Ink, double Nib);

internal sealed record PenWriting(IReadOnlyList<LaidOutPage> Layout, IReadOnlyList<WrittenPage> Pages, Hand Hand, PageSize Size, Paper Paper, Ink Ink, double Nib);

/// <summary>
/// Renders a letter in a pen style. The layout is the font styles' (a person's lines, margins and drift); the
/// writing is <see cref="PenHand"/>'s strokes, inked as <see cref="Ribbon"/>s; under them an invisible text layer
/// (render mode 3, one ActualText span a line) so the letter can be searched, copied and read by pdftotext. The
/// same seed gives the same strokes, so the plotter files (<see cref="PlotterFiles"/>) draw what the PDF shows.
/// </summary>
internal static class PenRenderer
{
    /// <summary>The strokes alone: what both the PDF and the plotter files are drawn from.</summary>
    public static PenWriting Write(LetterDocument document, HandwritingStyle style, Hands.HandLibrary? inHand = null)
    {
        var (ink, paper, size) = Catalogue.Materials(document);
        var font = IPenGlyphs.For(style, inHand);
        Catalogue.EnsureWritable(style, font, document);

        var rng = Rng.Hand(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        var laidOut = Layout.Paginate(document, style, font, size, paper, hand);
        var nib = NibFor(style, size);
        var written = new List<WrittenPage>(laidOut.Count);
        foreach (var page in laidOut)
        {
            written.Add(PenHand.Write(page, font, style, hand, ref rng));
        }

        return new PenWriting(laidOut, written, hand, size, paper, ink, nib);
    }

    /// <summary>
    /// The envelope is addressed with a broader pen than a fine letter nib, 0.45 mm: at an address's size a 0.2 mm line
    /// is too light for a sorting machine's camera (OCR read none of a US address's lines in Tech at Allure's nib, and
    /// two of three at this one). The envelope's plotter files carry the width, so the plotter gets that pen too.
    /// </summary>
    internal const double EnvelopeNib = 1.25;

    /// <summary>The pen's nib for a letter of this size.</summary>
    private static double NibFor(HandwritingStyle style, PageSize letter) => style.Nib * Math.Sqrt(letter.Width / 595.28);

    /// <summary>
    /// The envelope, when the address goes on one: written with the same pen, the recipient, then the return address,
    /// in the style's print hand where its own capitals are a script (<see cref="HandwritingStyle.AddressStyle"/>).
    /// Its own seed, so the envelope is the same whether it is drawn with the letter or plotted alone.
    /// </summary>
    public static PenEnvelope? WriteEnvelope(LetterDocument document, HandwritingStyle style, Hands.HandLibrary? inHand = null)
    {
        if (document.Envelope is not { } envelope || document.AddressPlacement != AddressPlacement.Envelope)
        {
            return null;
        }

        var (ink, _, letterSize) = Catalogue.Materials(document);
        var rng = Rng.Envelope(document.Seed);
        var addressStyle = Catalogue.AddressStyleFor(style, envelope);
        var font = IPenGlyphs.For(addressStyle, inHand);
        var size = EnvelopePainter.SizeOf(envelope);
        var hand = EnvelopePainter.HandFor(addressStyle, envelope, ref rng);
        var laid = EnvelopePainter.Lay(envelope, addressStyle, font, hand, ref rng);
        return new PenEnvelope(laid, PenHand.Write(laid, font, addressStyle, hand, ref rng), hand, size, ink, Math.Max(NibFor(style, letterSize), EnvelopeNib));
    }

    /// <summary>
    /// zlib's level for the strokes: 2 packs a page a third smaller than 1 for about a millisecond more a letter;
    /// deeper levels save a few percent more at several milliseconds each (./dev.sh bench pen-levels). Settable
    /// only so that benchmark can compare levels side by side.
    /// </summary>
    internal static int Level { get; set; } = 2;

    public static PenLetter Render(LetterDocument document, HandwritingStyle style, Hands.HandLibrary? inHand = null)
    {
        var writing = Write(document, style, inHand);
        var letter = LetterPdf.Write(document, new PenCanvas(document, style, writing, inHand));
        return new PenLetter(letter, writing.Pages, writing.Size, writing.Nib);
    }

    /// <summary>
    /// A pen style's writing on <see cref="LetterPdf"/>'s pages: under the strokes, the words as invisible text, then
    /// the strokes as ribbons in the ink's tones. The envelope is written with the same pen from its own seed.
    /// </summary>
    private sealed class PenCanvas(LetterDocument document, HandwritingStyle style, PenWriting writing, Hands.HandLibrary? inHand) : ILetterCanvas
    {
        private static readonly HandwritingStyle TextStyle = Catalogue.FindStyle(Catalogue.TextLayerStyle)!;
        private readonly FontMetrics textMetrics = FontMetrics.For(TextStyle);
        private PdfFont? textFont;
        private PdfDictionary? inkState;
        private PdfDictionary? tones;
        private PenEnvelope? envelope;

        public IReadOnlyList<LaidOutPage> Pages => writing.Layout;

        public Hand Hand => writing.Hand;

        public void Begin(PdfDocument pdf)
        {
            var xfont = new XFont(TextStyle.Name, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            textFont = LetterRenderer.RegisterGlyphs(pdf, xfont, writing.Layout, document.Envelope);
            inkState = new PdfDictionary(pdf);
            inkState.Elements.SetName("/Type", "/ExtGState");
            inkState.Elements.SetReal("/ca", Ribbon.Opacity);
            tones = Tones(pdf, writing.Ink);
        }

        public void Write(PdfPage page, int index) => Ink(page, writing.Pages[index], writing.Size.Height, writing.Nib);

        public (PageSize Size, Hand Hand)? BeginEnvelope(PdfDocument pdf)
        {
            envelope = PenRenderer.WriteEnvelope(document, style, inHand);
            return envelope is null ? null : (envelope.Size, envelope.Hand);
        }

        public void WriteEnvelope(PdfPage page) => Ink(page, envelope!.Page, envelope.Size.Height, envelope.Nib);

        private void Ink(PdfPage pdfPage, WrittenPage page, double pageHeight, double pen)
        {
            var states = pdfPage.Resources.Elements.GetDictionary(PdfResources.Keys.ExtGState);
            if (states is null)
            {
                states = new PdfDictionary(pdfPage.Owner);
                pdfPage.Resources.Elements[PdfResources.Keys.ExtGState] = states;
            }

            states.Elements[Ribbon.InkState] = inkState;
            pdfPage.Resources.Elements["/Shading"] = tones;
            var fontName = pdfPage.Resources.AddFont(textFont!);
            var content = new ContentBuffer(page.Strokes.Sum(s => s.Points.Length) * 26);
            content.Append(TextLayer(page, textMetrics, fontName, pageHeight));
            Ribbon.Write(content, page.Strokes, writing.Ink, pen, pageHeight);
            LetterRenderer.AppendDeflated(pdfPage, content.Written, Level);
        }
    }

    /// <summary>The ink's tones as shadings, one set for the whole document (<see cref="InkTones"/>).</summary>
    private static PdfDictionary Tones(PdfDocument pdf, Ink ink)
    {
        var shadings = new PdfDictionary(pdf);
        foreach (var (name, from, to) in InkTones.Shadings(ink))
        {
            var function = new PdfDictionary(pdf);
            function.Elements.SetInteger("/FunctionType", 2);
            function.Elements["/Domain"] = new PdfArray(pdf, new PdfReal(0), new PdfReal(1));
            function.Elements["/C0"] = new PdfArray(pdf, [.. from.Select(v => new PdfReal(Math.Round(v, 3)))]);
            function.Elements["/C1"] = new PdfArray(pdf, [.. to.Select(v => new PdfReal(Math.Round(v, 3)))]);
            function.Elements.SetInteger("/N", 1);
            var shading = new PdfDictionary(pdf);
            shading.Elements.SetInteger("/ShadingType", 2);
            shading.Elements.SetName("/ColorSpace", "/DeviceRGB");
            shading.Elements["/Coords"] = new PdfArray(pdf, new PdfInteger(0), new PdfInteger(0), new PdfInteger(1), new PdfInteger(0));
            shading.Elements["/Extend"] = new PdfArray(pdf, new PdfBoolean(true), new PdfBoolean(true));
            shading.Elements["/Function"] = function;
            pdf.Internals.AddObject(shading);
            shadings.Elements[name] = shading.Reference;
        }

        return shadings;
    }

    /// <summary>
    /// The words as invisible text (render mode 3) over where they are written, each word stretched to its ink,
    /// one marked-content span per line whose ActualText is the line exactly.
    /// </summary>
    private static byte[] TextLayer(WrittenPage page, FontMetrics metrics, string fontName, double pageHeight)
    {
        var bound = 0;
        foreach (var line in page.Lines)
        {
            bound += 48 + (line.Text.Length * 8);
            foreach (var word in line.Words)
            {
                bound += 96 + fontName.Length + (word.Text.Length * 8);
            }
        }

        var content = new ContentWriter(new byte[bound]);
        foreach (var line in page.Lines)
        {
            if (line.Words.Count == 0)
            {
                continue;
            }

            content.ActualText(line.Text);
            content.Raw("BT 3 Tr\n"u8);
            foreach (var word in line.Words)
            {
                var natural = metrics.Measure(word.Text) * word.Size;
                var stretch = natural > 0 ? Math.Clamp((word.Right - word.Left) / natural * 100, 20, 500) : 100;
                content.Raw(fontName);
                content.Raw(" "u8);
                content.Tenths(word.Size);
                content.Raw("Tf "u8);
                content.Tenths(Math.Round(stretch));
                content.Raw("Tz 1 0 0 1 "u8);
                content.Tenths(word.Left);
                content.Tenths(pageHeight - word.Baseline);
                content.Raw("Tm <"u8);
                foreach (var rune in word.Text.EnumerateRunes())
                {
                    if (metrics.TryGetGlyph(rune.Value, out var glyph))
                    {
                        content.Hex(glyph);
                    }
                }

                content.Raw(">Tj\n"u8);
            }

            content.Raw("ET\nEMC\n"u8);
        }

        return content.ToArray();
    }
}
