using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Letters.Handwriting;

/// <summary>
/// A font style's writing on <see cref="LetterPdf"/>'s pages: every line shaped before the first page (the font
/// subset must hold every glyph the shaping chose), then a text matrix per glyph drifting from the last
/// (<see cref="GlyphWriter"/>). An envelope in a script hand is addressed in the style's print companion, with a
/// font of its own.
/// </summary>
internal sealed class FontCanvas : ILetterCanvas
{
    private readonly HandwritingStyle style;
    private readonly FontMetrics metrics;
    private readonly Ink ink;
    private readonly PageSize size;
    private readonly ShapedText shaping;
    private readonly Envelope? envelope;
    private readonly string? language;
    private readonly HandwritingStyle addressStyle;
    private Rng rng;
    private PdfFont? font;
    private (LaidOutPage Page, ShapedText Shaping, PdfFont Font, Hand Hand, PageSize Size)? address;

    public FontCanvas(LetterDocument document, HandwritingStyle style)
    {
        this.style = style;
        (ink, var paper, size) = Catalogue.Materials(document);
        metrics = FontMetrics.For(style);
        Catalogue.EnsureWritable(style, metrics, document);

        rng = Rng.Hand(document.Seed);
        Hand = Hand.For(style, size, ref rng);
        Pages = Layout.Paginate(document, style, metrics, size, paper, Hand);

        envelope = document.AddressPlacement == AddressPlacement.Envelope ? document.Envelope : null;
        addressStyle = envelope is null ? style : Catalogue.AddressStyleFor(style, envelope);
        language = document.Language;
        shaping = new ShapedText(Shaper.For(style), style, language);
        foreach (var text in Pages.SelectMany(p => p.Lines).Select(l => l.Text).Concat(EnvelopePainter.Texts(OwnEnvelope)))
        {
            shaping.Of(text);
        }
    }

    public IReadOnlyList<LaidOutPage> Pages { get; }

    public Hand Hand { get; }

    /// <summary>The envelope when it is written in the letter's own font, whose subset must then hold its glyphs.</summary>
    private Envelope? OwnEnvelope => addressStyle == style ? envelope : null;

    public void Begin(PdfDocument pdf)
    {
        var xfont = new XFont(style.Name, Hand.FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        font = LetterRenderer.RegisterGlyphs(pdf, xfont, Pages, OwnEnvelope, shaping.Glyphs());
    }

    public void Write(PdfPage page, int index) =>
        LetterRenderer.AppendHandwriting(page, font!, Pages[index], shaping, Hand, ink, size.Height, ref rng);

    public (PageSize Size, Hand Hand)? BeginEnvelope(PdfDocument pdf)
    {
        if (envelope is null)
        {
            return null;
        }

        var (envelopeShaping, envelopeFont, envelopeMetrics) = (shaping, font!, metrics);
        if (addressStyle != style)
        {
            envelopeShaping = new ShapedText(Shaper.For(addressStyle), addressStyle, language);
            foreach (var text in EnvelopePainter.Texts(envelope))
            {
                envelopeShaping.Of(text);
            }

            var xfont = new XFont(addressStyle.Name, Hand.FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            envelopeFont = LetterRenderer.RegisterGlyphs(pdf, xfont, [], envelope, envelopeShaping.Glyphs());
            envelopeMetrics = FontMetrics.For(addressStyle);
        }

        var envelopeSize = EnvelopePainter.SizeOf(envelope);
        var hand = EnvelopePainter.HandFor(addressStyle, envelope, ref rng);
        var laid = EnvelopePainter.Lay(envelope, addressStyle, envelopeMetrics, hand, ref rng);
        address = (laid, envelopeShaping, envelopeFont, hand, envelopeSize);
        return (envelopeSize, hand);
    }

    public void WriteEnvelope(PdfPage page)
    {
        var (laid, envelopeShaping, envelopeFont, hand, envelopeSize) = address!.Value;
        LetterRenderer.AppendHandwriting(page, envelopeFont, laid, envelopeShaping, hand, ink, envelopeSize.Height, ref rng);
    }
}
