namespace Letters.Handwriting;

internal enum LineKind
{
    Date,
    Salutation,
    Body,
    Closing,
    Signature,
    PageNumber,
    Recipient,
    ReturnAddress,
}

/// <summary>
/// How a kind of line is written, against the body: the signature is the hand's own fast mark (larger, looser,
/// leaning further and drawn out), a page number and a return address are small.
/// </summary>
/// <param name="Scale">Size against the body.</param>
/// <param name="Looseness">How far rotation and baseline wander, against the body.</param>
/// <param name="Slant">Extra forward lean (a shear).</param>
/// <param name="Width">Horizontal stretch: a signature is written fast, so drawn out.</param>
internal readonly record struct Manner(double Scale, double Looseness, double Slant, double Width)
{
    public static readonly Manner Body = new(1, 1, 0, 1);

    public static Manner Of(LineKind kind) => kind switch
    {
        LineKind.Signature => new(1.2, 2.1, 0.17, 1.14),
        LineKind.PageNumber => new(0.8, 1, 0, 1),
        LineKind.ReturnAddress => new(0.7, 1, 0, 1),
        _ => Body,
    };
}

/// <summary>A line placed on a page: where its baseline starts, top-down, in points.</summary>
/// <param name="Scale">Size against the line kind's own (<see cref="Manner"/>): an address shrunk to fit its window.</param>
internal sealed record LaidOutLine(LineKind Kind, string Text, double X, double Baseline, double Slope, double Bow, double Width, double Scale = 1);

internal sealed record LaidOutPage(int Number, IReadOnlyList<LaidOutLine> Lines, IReadOnlyList<double> RuleBaselines);

/// <summary>
/// One writer's hand for one letter: size, spacing and slant with a little per-document variation, as a
/// person writes a touch larger or tighter on a different day.
/// </summary>
internal sealed record Hand(
    double FontSize,
    double Pitch,
    double WidthFactor,
    double HeightFactor,
    double Shear,
    double Tracking,
    double LeftMargin,
    double RightMargin,
    double TopMargin,
    double BottomMargin)
{
    /// <summary>How much wider or narrower than the style's own a day's writing runs.</summary>
    private const double WidthLow = 0.96, WidthHigh = 1.04;

    /// <summary>The left margin, as a share of the page's width: a hand does not start every letter at one place.</summary>
    private const double LeftLow = 0.105, LeftHigh = 0.125;

    private const double RightShare = 0.09;

    public static Hand For(HandwritingStyle style, PageSize size, ref Rng rng)
    {
        var fontSize = FontSizeFor(style, size);
        var slant = (style.SlantDegrees + rng.Range(-1.5, 1.5)) * Math.PI / 180;
        return new Hand(
            FontSize: fontSize,
            Pitch: fontSize * style.LineHeightEm * rng.Range(0.98, 1.03),
            WidthFactor: rng.Range(WidthLow, WidthHigh),
            HeightFactor: rng.Range(0.97, 1.03),
            Shear: Math.Tan(slant),
            Tracking: style.Tracking * fontSize,
            LeftMargin: size.Width * rng.Range(LeftLow, LeftHigh),
            RightMargin: size.Width * RightShare,
            TopMargin: size.Height * 0.085,
            BottomMargin: size.Height * 0.085);
    }

    /// <summary>
    /// The widest this style ever writes on this page (the widest day, the deepest left margin): what a line must
    /// fit whatever the seed, so a letter that fits when it is checked fits when it is drawn.
    /// </summary>
    public static Hand Widest(HandwritingStyle style, PageSize size)
    {
        var fontSize = FontSizeFor(style, size);
        return new Hand(fontSize, fontSize * style.LineHeightEm, WidthHigh, 1, 0, style.Tracking * fontSize,
            size.Width * LeftHigh, size.Width * RightShare, size.Height * 0.085, size.Height * 0.085);
    }

    /// <summary>Smaller pages get smaller writing, but less than proportionally: people don't write tiny on A5.</summary>
    private static double FontSizeFor(HandwritingStyle style, PageSize size) => style.SizeA4 * Math.Sqrt(size.Width / 595.28);

    /// <summary>The room a line has between the margins.</summary>
    public double Usable(PageSize size) => size.Width - LeftMargin - RightMargin;
}

internal static class Layout
{
    private sealed record Line(LineKind Kind, string Text, double Indent, double GapBefore, int Paragraph, bool First, bool Last);

    public static List<LaidOutPage> Paginate(LetterDocument document, HandwritingStyle style, ITextMeasure metrics, PageSize size, Paper paper, Hand hand)
    {
        var rng = Rng.Layout(document.Seed);
        var usable = size.Width - hand.LeftMargin - hand.RightMargin;
        var em = hand.FontSize * hand.WidthFactor;
        var lines = new List<Line>();
        var paragraphGap = paper.Ruled ? 0 : 0.3;
        var paragraph = 0;

        if (!string.IsNullOrWhiteSpace(document.DateLine))
        {
            lines.Add(new Line(LineKind.Date, Clean(document.DateLine), 0, 0, paragraph++, true, true));
        }

        string Set(string text) => Typography.Set(text, document.Language, metrics);
        lines.Add(new Line(LineKind.Salutation, Set(Clean(document.Salutation)), 0, lines.Count > 0 ? 1 : 0, paragraph++, true, true));

        var body = Set(TextNormalizer.Normalize(document.Body).Trim());
        var first = true;
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var wrapped = new List<(string Text, double Indent)>();
            var indent = em * rng.Range(1.2, 2.0);
            var firstOfBlock = true;
            foreach (var hardLine in block.Split('\n', StringSplitOptions.TrimEntries))
            {
                foreach (var text in Wrap(hardLine, metrics, em, style.Tracking, usable - (firstOfBlock ? indent : 0), usable))
                {
                    wrapped.Add((text, firstOfBlock ? indent : 0));
                    firstOfBlock = false;
                }
            }

            for (var i = 0; i < wrapped.Count; i++)
            {
                var gap = i == 0 ? (first ? 0.5 : paragraphGap) : 0;
                lines.Add(new Line(LineKind.Body, wrapped[i].Text, wrapped[i].Indent, paper.Ruled ? Math.Ceiling(gap) : gap, paragraph, i == 0, i == wrapped.Count - 1));
            }

            paragraph++;
            first = false;
        }

        // The closing and signature sit right of centre; a long one starts further left, as a hand makes room for it.
        var closing = Set(Clean(document.Closing));
        var signature = Set(Clean(document.Signature));
        var closingIndent = Math.Max(0, Math.Min(usable * rng.Range(0.42, 0.5), Room(usable) - LineWidth(LineKind.Closing, closing, metrics, hand)));
        var signatureIndent = Math.Max(0, Math.Min(closingIndent + (em * rng.Range(0.3, 1.2)), Room(usable) - LineWidth(LineKind.Signature, signature, metrics, hand)));
        lines.Add(new Line(LineKind.Closing, closing, closingIndent, 1, paragraph, true, false));
        lines.Add(new Line(LineKind.Signature, signature, signatureIndent, 0.35, paragraph, false, true));
        if (document.AddressPlacement != AddressPlacement.Window)
        {
            return Place(lines, metrics, size, paper, hand, hand.TopMargin, ref rng);
        }

        // Behind a window the address is written on page 1, and the letter starts below it.
        var panels = WindowPanels.For(size.Id)
            ?? throw new ArgumentException($"Window envelopes take {string.Join(" or ", WindowPanels.PageSizes)} pages, not {size.Id}.", nameof(document));
        var envelope = document.Envelope ?? throw new ArgumentException("A window placement needs the address (the envelope's lines).", nameof(document));
        var pages = Place(lines, metrics, size, paper, hand, panels.BodyTop, ref rng);
        pages[0] = pages[0] with { Lines = [.. panels.Lay(envelope, style, metrics, hand, ref rng), .. pages[0].Lines] };
        return pages;
    }

    internal static string Clean(string text) => TextNormalizer.Normalize(text).Replace('\n', ' ').Trim();

    /// <summary>
    /// What a line may fill of the room between the margins: a little slack, since per-glyph scale drifts by a few
    /// percent and a real writer leaves a ragged right edge.
    /// </summary>
    internal static double Room(double usable) => usable * 0.96;

    /// <summary>How wide a line of this kind is written in this hand, before the glyphs' own drift.</summary>
    internal static double LineWidth(LineKind kind, string text, ITextMeasure metrics, Hand hand)
    {
        var manner = Manner.Of(kind);
        var stretch = hand.WidthFactor * manner.Scale * manner.Width;
        return ((metrics.Measure(text) * hand.FontSize) + (hand.Tracking * text.Length)) * stretch;
    }

    /// <summary>Greedy line breaking by measured widths; a word longer than a line is split rather than overflowing.</summary>
    private static IEnumerable<string> Wrap(string text, ITextMeasure metrics, double em, double tracking, double firstWidth, double width)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        // A little slack: per-glyph scale drifts by a few percent, and real writers leave a ragged right edge.
        var limit = Room(firstWidth);
        var current = new System.Text.StringBuilder();
        var currentWidth = 0.0;
        var spaceWidth = metrics.Measure(" ") * em * 1.1;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var wordWidth = (metrics.Measure(word) + (tracking * word.Length)) * em;
            var candidate = current.Length == 0 ? wordWidth : currentWidth + spaceWidth + wordWidth;
            if (candidate <= limit || current.Length == 0 && wordWidth <= limit)
            {
                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(word);
                currentWidth = candidate;
                continue;
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
                limit = Room(width);
                current.Clear();
                currentWidth = 0;
            }

            var rest = word;
            while ((metrics.Measure(rest) * em) > limit)
            {
                var take = rest.Length - 1;
                while (take > 1 && (metrics.Measure(rest.AsSpan(0, take)) * em) > limit)
                {
                    take--;
                }

                yield return rest[..take];
                limit = Room(width);
                rest = rest[take..];
            }

            current.Append(rest);
            currentWidth = metrics.Measure(rest) * em;
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>How far a baseline wanders from the even pitch on unruled paper: a standard deviation of 5 % of the pitch, at most 10 %.</summary>
    internal const double PitchWander = 0.05;

    private static List<LaidOutPage> Place(List<Line> lines, ITextMeasure metrics, PageSize size, Paper paper, Hand hand, double firstPageTop, ref Rng rng)
    {
        // A person writes down to the bottom margin and turns the page: a paragraph may start at the foot of a
        // page and end overleaf after one line; there are no typesetter's widow rules. Only the closing and the
        // signature go together, and a person squeezes them onto the last page (lines up to 12% closer) rather
        // than turn over for them alone.
        const double Squeeze = 1.12;
        double Top(int page) => page == 0 ? firstPageTop : hand.TopMargin;
        double Capacity(int page) => Math.Floor((size.Height - Top(page) - hand.BottomMargin) / hand.Pitch);
        var pages = new List<List<(Line Line, double Slot)>> { new() };
        var slot = 0.0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var page = pages[^1];
            var capacity = Capacity(pages.Count - 1);
            var gap = page.Count == 0 ? 0 : line.GapBefore;
            var ending = line.Kind is LineKind.Closing or LineKind.Signature;
            var needed = line.Kind == LineKind.Closing && i + 1 < lines.Count ? gap + 1 + lines[i + 1].GapBefore + 1 : gap + 1;
            var fits = slot + needed <= capacity || (ending && slot + needed <= capacity * Squeeze);
            if (page.Count > 0 && !fits)
            {
                var next = new List<(Line Line, double Slot)>();
                pages.Add(next);
                slot = 0;

                // The signature never starts a page without its closing, and the closing never starts a page alone:
                // a person who sees the end coming carries the letter's last line over with it.
                if (line.Kind == LineKind.Signature && page.Count > 1 && page[^1].Line.Kind == LineKind.Closing)
                {
                    var previous = page[^1].Line;
                    page.RemoveAt(page.Count - 1);
                    next.Add((previous, 0));
                    slot = 1;
                }

                if (next.Count > 0 ? page.Count > 1 && page[^1].Line.Kind == LineKind.Body : line.Kind == LineKind.Closing && page.Count > 1 && page[^1].Line.Kind == LineKind.Body)
                {
                    var carried = page[^1].Line;
                    page.RemoveAt(page.Count - 1);
                    var closing = next.Count > 0 ? next[0].Line : null;
                    next.Clear();
                    next.Add((carried, 0));
                    slot = 1;
                    if (closing is not null)
                    {
                        next.Add((closing, slot + closing.GapBefore));
                        slot += closing.GapBefore + 1;
                    }
                }

                gap = next.Count == 0 ? 0 : line.GapBefore;
                page = next;
            }

            page.Add((line, slot + gap));
            slot += gap + 1;
        }

        var result = new List<LaidOutPage>();
        var wobble = 0.0;
        var slopeDrift = 0.0;
        var pitchDrift = 0.0;
        for (var p = 0; p < pages.Count; p++)
        {
            var placed = new List<LaidOutLine>();
            var capacity = Capacity(p);
            var firstBaseline = Top(p) + (hand.Pitch * 0.8);
            var used = pages[p].Count == 0 ? 0 : pages[p][^1].Slot + 1;
            var pitch = used > capacity ? hand.Pitch * capacity / used : hand.Pitch;
            foreach (var (line, lineSlot) in pages[p])
            {
                // Without rules to sit on, the lines wander: a baseline a little high or low of where the last pitch
                // puts it, pulled back towards the even pitch (a hand keeps its spacing on average).
                pitchDrift = paper.Ruled ? 0 : Math.Clamp((0.7 * pitchDrift) + rng.Gaussian(PitchWander * pitch), -2 * PitchWander * pitch, 2 * PitchWander * pitch);
                var baseline = firstBaseline + (lineSlot * pitch) + pitchDrift;
                var manner = Manner.Of(line.Kind);
                var em = hand.FontSize * hand.WidthFactor * manner.Scale * manner.Width;
                var width = metrics.Measure(line.Text) * em;

                // The left edge drifts as a hand does down a page; lines slope a little and bow a little.
                wobble = Math.Clamp((0.7 * wobble) + rng.Gaussian(1.4), -4, 4);
                slopeDrift = Math.Clamp((0.6 * slopeDrift) + rng.Gaussian(0.0035), -0.009, 0.009);
                var slope = line.Kind == LineKind.Signature ? -rng.Range(0.02, 0.05) : slopeDrift;
                var bow = rng.Gaussian(0.06) * hand.FontSize;
                var x = line.Kind == LineKind.Date
                    ? size.Width - hand.RightMargin - width - rng.Range(0, 6)
                    : hand.LeftMargin + line.Indent + wobble;
                if (paper.Ruled)
                {
                    // On ruled paper the writing sits on the rule, just above it.
                    bow *= 0.4;
                    slope *= line.Kind == LineKind.Signature ? 0.6 : 0.4;
                    baseline -= 0.6;
                }

                placed.Add(new LaidOutLine(line.Kind, line.Text, x, baseline, slope, bow, width));
            }

            if (p > 0)
            {
                var number = (p + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var numberWidth = metrics.Measure(number) * hand.FontSize * 0.8;
                placed.Add(new LaidOutLine(LineKind.PageNumber, number, (size.Width - numberWidth) / 2, size.Height - (hand.BottomMargin * 0.45), 0, 0, numberWidth));
            }

            var rules = new List<double>();
            if (paper.Ruled)
            {
                for (var r = 0; r < capacity; r++)
                {
                    rules.Add(firstBaseline + (r * hand.Pitch));
                }
            }

            result.Add(new LaidOutPage(p + 1, placed, rules));
        }

        return result;
    }
}
