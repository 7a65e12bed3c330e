using System.Text;
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
    public static PenWriting Write(LetterDocument document, HandwritingStyle style)
    {
        var (ink, paper, size) = Catalogue.Materials(document);
        var font = StrokeFont.Load(style.FontFile);
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
    public static PenEnvelope? WriteEnvelope(LetterDocument document, HandwritingStyle style)
    {
        if (document.Envelope is not { } envelope || document.AddressPlacement != AddressPlacement.Envelope)
        {
            return null;
        }

        var (ink, _, letterSize) = Catalogue.Materials(document);
        var rng = Rng.Envelope(document.Seed);
        var addressStyle = Catalogue.AddressStyleFor(style, envelope);
        var font = StrokeFont.Load(addressStyle.FontFile);
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

    public static PenLetter Render(LetterDocument document, HandwritingStyle style)
    {
        LetterRenderer.EnsureInitialized();
        var (laidOut, written, hand, size, paper, ink, nib) = Write(document, style);

        var textStyle = Catalogue.FindStyle(Catalogue.TextLayerStyle)!;
        var textMetrics = FontMetrics.For(textStyle);
        using var pdf = new PdfDocument();
        pdf.Options.CompressContentStreams = true;
        pdf.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        LetterRenderer.SetMetadata(pdf, document);
        var xfont = new XFont(textStyle.Name, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var textFont = LetterRenderer.RegisterGlyphs(pdf, xfont, laidOut, document.Envelope);
        var inkState = new PdfDictionary(pdf);
        inkState.Elements.SetName("/Type", "/ExtGState");
        inkState.Elements.SetReal("/ca", Ribbon.Opacity);
        var tones = Tones(pdf, ink);

        for (var i = 0; i < laidOut.Count; i++)
        {
            var pdfPage = pdf.AddPage();
            pdfPage.Width = XUnit.FromPoint(size.Width);
            pdfPage.Height = XUnit.FromPoint(size.Height);
            PaperPainter.Paint(pdfPage, paper, size, hand, laidOut[i], document.Seed);

            Ink(pdfPage, written[i], size.Height, nib);
            if (document.Proof)
            {
                using var overlay = XGraphics.FromPdfPage(pdfPage, XGraphicsPdfPageOptions.Append);
                PaperPainter.Watermark(overlay, size);
            }
        }

        if (WriteEnvelope(document, style) is { } envelope)
        {
            var envelopePage = EnvelopePainter.AddPage(pdf, envelope.Size, paper, envelope.Hand, document.Seed);
            Ink(envelopePage, envelope.Page, envelope.Size.Height, envelope.Nib);
            EnvelopePainter.Finish(envelopePage, envelope.Size, document.Proof);
        }

        void Ink(PdfPage pdfPage, WrittenPage page, double pageHeight, double pen)
        {
            var states = pdfPage.Resources.Elements.GetDictionary(PdfResources.Keys.ExtGState);
            if (states is null)
            {
                states = new PdfDictionary(pdf);
                pdfPage.Resources.Elements[PdfResources.Keys.ExtGState] = states;
            }

            states.Elements[Ribbon.InkState] = inkState;
            pdfPage.Resources.Elements["/Shading"] = tones;
            var fontName = pdfPage.Resources.AddFont(textFont);
            var content = new ContentBuffer(page.Strokes.Sum(s => s.Points.Length) * 26);
            var text = new StringBuilder(4096);
            TextLayer(text, page, textMetrics, fontName, pageHeight);
            content.Append(text.ToString());
            Ribbon.Write(content, page.Strokes, ink, pen, pageHeight);
            LetterRenderer.AppendDeflated(pdfPage, content.Written, Level);
        }

        var pageCount = pdf.PageCount;
        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        var bytes = stream.ToArray();
        LetterRenderer.FixXmpIds(bytes, pdf.Internals.FirstDocumentID + pdf.Internals.SecondDocumentID);
        return new PenLetter(new RenderedLetter(bytes, pageCount), written, size, nib);
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
    private static void TextLayer(StringBuilder content, WrittenPage page, FontMetrics metrics, string fontName, double pageHeight)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var line in page.Lines)
        {
            if (line.Words.Count == 0)
            {
                continue;
            }

            content.Append("/Span<</ActualText<FEFF");
            foreach (var ch in line.Text)
            {
                content.Append(((int)ch).ToString("X4", c));
            }

            content.Append(">>>BDC\nBT 3 Tr\n");
            foreach (var word in line.Words)
            {
                var natural = metrics.Measure(word.Text) * word.Size;
                var stretch = natural > 0 ? Math.Clamp((word.Right - word.Left) / natural * 100, 20, 500) : 100;
                content.Append(fontName).Append(' ').Append(word.Size.ToString("0.#", c)).Append(" Tf ")
                    .Append(stretch.ToString("0", c)).Append(" Tz 1 0 0 1 ")
                    .Append(word.Left.ToString("0.#", c)).Append(' ').Append((pageHeight - word.Baseline).ToString("0.#", c)).Append(" Tm <");
                foreach (var rune in word.Text.EnumerateRunes())
                {
                    if (metrics.TryGetGlyph(rune.Value, out var glyph))
                    {
                        content.Append(glyph.ToString("X4", c));
                    }
                }

                content.Append(">Tj\n");
            }

            content.Append("ET\nEMC\n");
        }
    }
}
