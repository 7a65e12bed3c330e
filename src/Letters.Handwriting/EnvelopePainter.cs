using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Handwriting;

/// <summary>
/// The envelope page: the return address small at the top left, the recipient larger in the lower right half on one
/// left edge (USPS Publication 28 and the UPU ask for a uniform left edge), clear of the bottom strip the post's
/// barcode printers use, on the letter's paper.
/// </summary>
internal static class EnvelopePainter
{
    /// <summary>Half an inch: the margin every envelope keeps clear at its edges.</summary>
    private const double Margin = 36;

    /// <summary>The width an address line may take on this envelope: edge to edge less the margins.</summary>
    public static double Room(PageSize envelope) => envelope.Width - (2 * Margin);

    /// <summary>The bottom 5/8 in is the post's barcode clear zone; the address stays above it with room to spare.</summary>
    private const double BarcodeClearance = 54;

    public static PageSize SizeOf(Envelope envelope) =>
        Catalogue.FindEnvelope(envelope.Size) ?? throw new ArgumentException($"Unknown envelope '{envelope.Size}'.", nameof(envelope));

    /// <summary>The writer's hand at the envelope's size: writing is sized to the envelope, as it is to the page.</summary>
    public static Hand HandFor(HandwritingStyle style, Envelope envelope, ref Rng rng) => Hand.For(style, SizeOf(envelope), ref rng);

    /// <summary>Every line written on the envelope.</summary>
    public static IEnumerable<string> Texts(Envelope? envelope) => (envelope?.Recipient ?? []).Concat(envelope?.ReturnAddress ?? []);

    /// <summary>Where the address lines go.</summary>
    public static LaidOutPage Lay(Envelope envelope, HandwritingStyle style, ITextMeasure metrics, Hand hand, ref Rng rng)
    {
        var size = SizeOf(envelope);
        var lines = new List<LaidOutLine>();
        var returnManner = Manner.Of(LineKind.ReturnAddress);
        var returnPitch = hand.FontSize * returnManner.Scale * style.LineHeightEm * 0.85;
        var y = Margin * 0.8 + (hand.FontSize * returnManner.Scale);
        var left = Margin * 0.8 + rng.Range(-2, 2);
        foreach (var text in envelope.ReturnAddress ?? [])
        {
            var width = metrics.Measure(text) * hand.FontSize * hand.WidthFactor * returnManner.Scale;
            lines.Add(new LaidOutLine(LineKind.ReturnAddress, text, left + rng.Range(-0.6, 0.6), y, rng.Gaussian(0.003), 0, width));
            y += returnPitch;
        }

        var returnBottom = y;
        var pitch = hand.FontSize * style.LineHeightEm * 0.95;
        var em = hand.FontSize * hand.WidthFactor;
        var widths = envelope.Recipient.Select(t => metrics.Measure(t) * em).ToList();
        var widest = widths.Count == 0 ? 0 : widths.Max();

        // Right of centre where it fits; further left for a long line, never past the margin.
        var x = Math.Clamp(Math.Min(size.Width * 0.42, size.Width - Margin - widest), Margin, size.Width * 0.42) + rng.Range(-4, 4);
        var n = envelope.Recipient.Count;
        var first = (size.Height * 0.56) - ((n - 1) * pitch / 2);
        first = Math.Min(first, size.Height - BarcodeClearance - ((n - 1) * pitch) - (hand.FontSize * 0.3));
        first = Math.Max(first, returnBottom + pitch);
        var slope = rng.Gaussian(0.004);
        for (var i = 0; i < n; i++)
        {
            // One left edge: a hand keeps it to within a point, and the whole block leans a hair.
            var lineX = x + rng.Range(-0.8, 0.8);
            var baseline = first + (i * pitch) + (slope * (lineX - x));
            lines.Add(new LaidOutLine(LineKind.Recipient, envelope.Recipient[i], lineX, baseline, slope, rng.Gaussian(0.4), widths[i]));
        }

        return new LaidOutPage(0, lines, []);
    }

    /// <summary>
    /// The Intelligent Mail barcode, printed (not written: black, machine-straight) in the clear zone at the bottom
    /// right, to USPS-B-3200's dimensions: 22 bars an inch, bars 0.02 in wide, full bars 0.145 in, ascenders and
    /// descenders 0.095 in, trackers 0.045 in, centred 5/16 in above the bottom edge and 1/2 in from the right.
    /// </summary>
    public static void PrintBarcode(PdfPage page, PageSize size, string bars)
    {
        const double pitch = 72.0 / 22, width = 0.02 * 72, full = 0.145 * 72, half = 0.095 * 72, tracker = 0.045 * 72;
        if (bars.Length != IntelligentMailBarcode.Bars || bars.Any(b => b is not ('T' or 'A' or 'D' or 'F')))
        {
            throw new ArgumentException("An Intelligent Mail barcode is 65 bars of T, A, D and F.", nameof(bars));
        }

        using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
        var centre = size.Height - (0.3125 * 72);
        var left = size.Width - (0.5 * 72) - ((IntelligentMailBarcode.Bars - 1) * pitch) - width;
        for (var i = 0; i < bars.Length; i++)
        {
            var (top, bottom) = bars[i] switch
            {
                'F' => (centre - (full / 2), centre + (full / 2)),
                'A' => (centre - (full / 2), centre - (full / 2) + half),
                'D' => (centre + (full / 2) - half, centre + (full / 2)),
                _ => (centre - (tracker / 2), centre + (tracker / 2)),
            };
            graphics.DrawRectangle(XBrushes.Black, left + (i * pitch), top, width, bottom - top);
        }
    }

    /// <summary>A blank envelope on the letter's paper (never ruled: envelopes are not).</summary>
    public static PdfPage AddPage(PdfDocument pdf, PageSize size, Paper paper, Hand hand, ulong seed)
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(size.Width);
        page.Height = XUnit.FromPoint(size.Height);
        PaperPainter.Paint(page, paper with { Ruled = false }, size, hand, new LaidOutPage(0, [], []), seed);
        return page;
    }
}
