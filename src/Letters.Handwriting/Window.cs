namespace Letters.Handwriting;

/// <summary>Where the recipient's address goes: on an envelope page of its own, or on page 1 behind an envelope's window.</summary>
public enum AddressPlacement
{
    Envelope,
    Window,
}

/// <summary>A rectangle on the page in points, from the top left.</summary>
internal readonly record struct Box(double X, double Top, double Width, double Height)
{
    public double Bottom => Top + Height;
}

/// <summary>
/// The parts of page 1 a double-window envelope shows once the letter is folded in three, with room for the letter
/// to slide in the envelope. US Letter in a #10: the recipient window is 1 × 4 in, 5/8 in from the left and 1 in from
/// the bottom of the 4 1/8 in envelope, the return window 7/8 × 3 1/4 in, 2 3/8 in from the bottom; the folded panel
/// is 3 2/3 in, so it may sit low, and the address keeps to what the window shows with the letter up to 1/4 in low
/// (2 1/8 to 2 7/8 in from the top of the page). A4 in a DL window envelope (window 90 × 45 mm, 20 mm from the left,
/// 15 mm from the bottom) follows DIN 5008 form B: the sender on one small line at the top of the address field, the
/// recipient below it, within what the window shows with the folded 99 mm panel anywhere in the 110 mm envelope
/// (50 to 84 mm from the top of the page).
/// </summary>
internal sealed record WindowPanels(Box Recipient, Box Return, bool ReturnOnOneLine, double BodyTop)
{
    private const double Inch = 72;
    private const double Mm = 72 / 25.4;

    public static readonly string[] PageSizes = ["us_letter", "a4"];

    public static WindowPanels? For(string pageSize) => pageSize switch
    {
        "us_letter" => new(
            Recipient: new(0.75 * Inch, 2.18 * Inch, 3.6 * Inch, 0.6 * Inch),
            Return: new(0.75 * Inch, 0.9 * Inch, 3.0 * Inch, 0.58 * Inch),
            ReturnOnOneLine: false,
            BodyTop: 3.05 * Inch),
        "a4" => new(
            Recipient: new(25 * Mm, 61 * Mm, 75 * Mm, 21 * Mm),
            Return: new(25 * Mm, 52 * Mm, 75 * Mm, 5 * Mm),
            ReturnOnOneLine: true,
            BodyTop: 98 * Mm),
        _ => null,
    };

    /// <summary>
    /// The address lines on page 1, each block written as large as fits its window (never larger than the body),
    /// on one left edge.
    /// </summary>
    public IEnumerable<LaidOutLine> Lay(Envelope envelope, HandwritingStyle style, ITextMeasure metrics, Hand hand, ref Rng rng)
    {
        var lines = new List<LaidOutLine>();
        Block(lines, LineKind.ReturnAddress, ReturnLines(envelope), Return, style, metrics, hand, ref rng);
        Block(lines, LineKind.Recipient, envelope.Recipient, Recipient, style, metrics, hand, ref rng);
        return lines;
    }

    /// <summary>
    /// The smallest a block is written, against the letter's own writing, that is still read through the window at a
    /// glance. A window's address is written as large as the window holds (four lines in a US #10's window come to
    /// about 0.4 of the letter's size); a line so long that the block would be smaller than this is refused when the
    /// order is placed rather than drawn tiny.
    /// </summary>
    public const double SmallestReadable = 0.3;

    /// <summary>How large each block is written, against the letter's body; null for a block with no lines.</summary>
    public (double? Return, double? Recipient) Scales(Envelope envelope, HandwritingStyle style, ITextMeasure metrics, Hand hand)
    {
        var returnLines = ReturnLines(envelope);
        return (
            returnLines.Count == 0 ? null : Scale(LineKind.ReturnAddress, returnLines, Return, style, metrics, hand),
            envelope.Recipient.Count == 0 ? null : Scale(LineKind.Recipient, envelope.Recipient, Recipient, style, metrics, hand));
    }

    private IReadOnlyList<string> ReturnLines(Envelope envelope)
    {
        var returnLines = envelope.ReturnAddress ?? [];
        return ReturnOnOneLine && returnLines.Count > 0 ? [string.Join(", ", returnLines)] : returnLines;
    }

    /// <summary>The natural size is the kind's own; smaller if the lines would not fit the window across or down.</summary>
    private static double Scale(LineKind kind, IReadOnlyList<string> texts, Box box, HandwritingStyle style, ITextMeasure metrics, Hand hand)
    {
        var natural = Manner.Of(kind).Scale;
        var em = hand.FontSize * hand.WidthFactor;
        var widest = texts.Max(t => metrics.Measure(t)) * em;
        // The font's whole height (what a reader of the PDF takes the line to be), not only its ink, stays inside.
        var face = Face(style);
        var tall = (hand.FontSize * (face.Ascender - face.Descender)) + ((texts.Count - 1) * PitchAtOne(style, hand));
        return Math.Min(natural, Math.Min(box.Width / Math.Max(widest, 1), box.Height / tall));
    }

    private static FontMetrics Face(HandwritingStyle style) => FontMetrics.For(style.Kind == StyleKind.Pen ? Catalogue.FindStyle(Catalogue.TextLayerStyle)! : style);

    private static double PitchAtOne(HandwritingStyle style, Hand hand) => hand.FontSize * style.LineHeightEm * 0.9;

    private static void Block(List<LaidOutLine> lines, LineKind kind, IReadOnlyList<string> texts, Box box, HandwritingStyle style, ITextMeasure metrics, Hand hand, ref Rng rng)
    {
        if (texts.Count == 0)
        {
            return;
        }

        var natural = Manner.Of(kind).Scale;
        var em = hand.FontSize * hand.WidthFactor;
        var scale = Scale(kind, texts, box, style, metrics, hand);
        var pitch = PitchAtOne(style, hand) * scale;
        var baseline = box.Top + (hand.FontSize * Face(style).Ascender * scale);
        foreach (var text in texts)
        {
            lines.Add(new LaidOutLine(kind, text, box.X + rng.Range(-0.5, 0.5), baseline, rng.Gaussian(0.002), 0, metrics.Measure(text) * em * scale, scale / natural));
            baseline += pitch;
        }
    }
}
