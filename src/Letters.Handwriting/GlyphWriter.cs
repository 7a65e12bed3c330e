using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// Writes a page's handwriting in a font style as one PDF text object: <c>BT</c>, then per glyph a text matrix and a
/// two-byte glyph id, then <c>ET</c>. Each line is one marked-content span carrying its real text
/// (<c>ActualText</c>), so search and copy give exactly the words whatever the transforms do to glyph
/// positions. This is the hot path: it formats straight into one pre-sized byte array.
/// </summary>
internal static class GlyphWriter
{
    private const int ToneSteps = HandDrift.ToneSteps;

    /// <summary>
    /// The page resource name of the ink's tones. The fill colour is an indexed colour space over the ink's
    /// shades, so a word's shade is written as one small number ("7 sc") rather than three ("0.11 .17 .3 rg"):
    /// a word's worth of bytes less to write and to deflate on every line.
    /// </summary>
    public const string ToneSpace = "/InkTones";

    /// <summary>The <see cref="ToneSpace"/> colour space for <paramref name="ink"/>: <c>[/Indexed /DeviceRGB 16 &lt;…&gt;]</c>.</summary>
    public static string TonePalette(Ink ink)
    {
        var palette = new StringBuilder("[/Indexed/DeviceRGB ").Append(ToneSteps).Append('<');
        for (var step = 0; step <= ToneSteps; step++)
        {
            var shade = 1 + (step / 100.0) - HandDrift.MaxTone;
            foreach (var channel in (ReadOnlySpan<double>)[ink.R, ink.G, ink.B])
            {
                palette.Append(((int)Math.Round(Math.Clamp(channel * shade, 0, 1) * 255)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return palette.Append(">]").ToString();
    }

    /// <summary>
    /// How far a glyph's outline is bent, in ems at full looseness: about a fortieth of an em, a bowl or a stem
    /// visibly not the last one's at reading distance, never enough to change the letter.
    /// </summary>
    internal const double Bend = 0.01;

    /// <summary>One glyph as written: its outline, where it goes (a PDF matrix), how it is bent, and its word's ink.</summary>
    internal readonly record struct Written(int Glyph, GlyphOutlines.Outline Outline, double A, double B, double C, double D, double E, double F, BendField Field, int Tone, double LineWidth, int Word)
    {
        /// <summary>The outline's points as they land on the page, bent and placed (points, y up).</summary>
        public IEnumerable<(double X, double Y)> Ink()
        {
            for (var i = 0; i + 1 < Outline.Points.Length; i += 2)
            {
                var (x, y) = Field.Bend(Outline.Points[i], Outline.Points[i + 1]);
                yield return ((A * x) + (C * y) + E, (B * x) + (D * y) + F);
            }
        }
    }

    /// <summary>A font-style letter's first page as written, glyph by glyph: for measuring what the ink does.</summary>
    internal static List<Written> FirstPage(LetterDocument document)
    {
        var style = Catalogue.FindStyle(document.Style)!;
        var (_, paper, size) = Catalogue.Materials(document);
        var rng = Rng.Hand(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        var page = Layout.Paginate(document, style, FontMetrics.For(style), size, paper, hand)[0];
        var shaping = new ShapedText(Shaper.For(style), style, document.Language);
        var buffer = new byte[(page.Lines.Sum(l => l.Text.Length) * 90) + (page.Lines.Count * 64) + 256];
        var written = new List<Written>();
        Write(new ContentWriter(buffer), page, shaping, hand, Catalogue.Inks[0], "/F0", size.Height, written, ref rng);
        return written;
    }

    public static byte[] WritePage(LaidOutPage page, ShapedText shaping, Hand hand, Ink ink, string fontName, double pageHeight, ref Rng rng)
    {
        // Upper bound: about 50 bytes a glyph plus the line's text (up to 4 hex digits a character) and
        // per-word ink; a little over-allocation is cheaper than growing and copying.
        // The buffer is rented: at this size a fresh array lands on the large object heap, and those cost a
        // full collection every few dozen letters.
        var characters = page.Lines.Sum(l => l.Text.Length);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((characters * 90) + (page.Lines.Count * 64) + 256);
        try
        {
            var written = new List<Written>(characters);
            var text = Write(new ContentWriter(buffer), page, shaping, hand, ink, fontName, pageHeight, written, ref rng);
            return Concat(text, Ink(written, ink));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Concat(byte[] first, byte[] second)
    {
        var all = new byte[first.Length + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all, first.Length);
        return all;
    }

    /// <summary>
    /// The ink: every glyph's outline, bent by its own field and placed by its matrix, filled and stroked (the stroke
    /// a hairline whose width is the pen's pressure) in its word's tone.
    /// </summary>
    private static byte[] Ink(List<Written> written, Ink ink)
    {
        // Each point is at most two numbers of seven bytes; each command a byte and a newline.
        var size = 64 + written.Sum(g => (g.Outline.Points.Length * 7) + (g.Outline.Ops.Length * 2) + 90);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var w = new ContentWriter(buffer);
            w.Raw("q "u8);
            w.Hundredths(ink.R);
            w.Hundredths(ink.G);
            w.Hundredths(ink.B);
            w.Raw("RG "u8);
            w.Raw(ToneSpace);
            w.Raw(" cs\n"u8);
            var tone = -1;
            foreach (var glyph in written)
            {
                if (glyph.Tone != tone)
                {
                    tone = glyph.Tone;
                    w.Integer(tone);
                    w.Raw("sc\n"u8);
                }

                var (ops, points) = (glyph.Outline.Ops, glyph.Outline.Points);
                if (ops.Length == 0)
                {
                    continue;
                }

                // The glyph's own coordinates, in thousandths of an em, placed by its matrix: three or four digits a
                // number instead of a page position's five or six. The hairline's width is in the same units.
                w.Raw("q "u8);
                w.Thousandths(glyph.A / 1000);
                w.Thousandths(glyph.B / 1000);
                w.Thousandths(glyph.C / 1000);
                w.Thousandths(glyph.D / 1000);
                w.Tenths(glyph.E);
                w.Tenths(glyph.F);
                w.Raw("cm "u8);
                w.Integer((int)Math.Round(glyph.LineWidth * 1000 / Math.Max(Math.Abs(glyph.D), 1)));
                w.Raw("w\n"u8);
                var at = 0;
                foreach (var op in ops)
                {
                    var count = op switch { (byte)'c' => 3, (byte)'h' => 0, _ => 1 };
                    for (var i = 0; i < count; i++, at += 2)
                    {
                        var (x, y) = glyph.Field.Bend(points[at], points[at + 1]);
                        w.Integer((int)Math.Round(x * 1000));
                        w.Integer((int)Math.Round(y * 1000));
                    }

                    w.Raw(op switch { (byte)'m' => "m "u8, (byte)'l' => "l "u8, (byte)'c' => "c\n"u8, _ => "h\n"u8 });
                }

                w.Raw("B Q\n"u8);
            }

            w.Raw("Q\n"u8);
            return w.ToArray();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Write(ContentWriter w, LaidOutPage page, ShapedText shaping, Hand hand, Ink ink, string fontName, double pageHeight, List<Written> written, ref Rng rng)
    {
        var outlines = GlyphOutlines.For(shaping.Style);
        w.Raw("q\nBT\n"u8);
        w.Raw(fontName);
        w.Raw(" 1 Tf\n"u8);

        // The text is invisible (render mode 3), there for search, copy and pdftotext, each glyph exactly over its
        // ink; the ink is the glyphs' outlines, each bent its own way (see Ink).
        w.Raw("3 Tr\n"u8);

        var drift = default(HandDrift);
        var word = 0;
        var allMarks = new List<(double X, double Y)[]>();
        foreach (var line in page.Lines)
        {
            var manner = Manner.Of(line.Kind);
            var size = hand.FontSize * manner.Scale * line.Scale;
            var looseness = manner.Looseness;
            var x = line.X;
            var x0 = line.X;
            var width = Math.Max(line.Width, 1);
            var cosSlope = Math.Cos(line.Slope);
            var wordStart = true;
            var text = line.Text;
            w.ActualText(text);

            var previousLetter = -1;
            var cluster = -1;
            var (glyphRotation, glyphScale) = (0.0, 1.0);
            foreach (var shaped in shaping.Of(text))
            {
                if (text[shaped.Cluster] == ' ')
                {
                    // Uneven word spacing: people do not space words with a ruler. No glyph is drawn for a
                    // space: the line carries its text, and the gap shows where the space is.
                    x += Math.Max(shaped.Advance, shaping.Style.WordSpace) * size * hand.WidthFactor * manner.Width * rng.Range(0.85, 1.45);
                    wordStart = true;
                    previousLetter = -1;
                    continue;
                }

                if (wordStart)
                {
                    // Ink and pressure drift from word to word (fill-and-stroke with a varying line width).
                    drift.NextWord(ref rng);
                    wordStart = false;
                    word++;
                }

                // The hand moves on letter by letter; the glyphs of one cluster (a base and its marks, a conjunct and
                // its vowel sign) are one movement and keep one transform, so the marks stay where the font put them.
                if (shaped.Cluster != cluster)
                {
                    var letter = Rune.GetRuneAt(text, shaped.Cluster).Value;
                    (glyphRotation, glyphScale) = drift.NextGlyph(ref rng, size, looseness, letter == previousLetter, glyphRotation, glyphScale);
                    cluster = shaped.Cluster;
                    previousLetter = letter;
                }

                var t = (x - x0) / width;
                var y = line.Baseline + (line.Slope * (x - x0)) - (line.Bow * 4 * t * (1 - t)) + drift.BaselineOffset;
                var (sin, cos) = Math.SinCos(-(line.Slope + glyphRotation));
                var sx = size * hand.WidthFactor * manner.Width * glyphScale;
                var sy = size * hand.HeightFactor * glyphScale;
                var k = hand.Shear + drift.Shear + manner.Slant;

                // Matrix entries carry the font size (≈ 10–30). The rotation term gets hundredths (about 0.05°);
                // scale and shear get tenths, steps of under 0.7% that no eye sees, a byte less each to write
                // and to deflate. Positions in tenths of a point (0.035 mm) are below what a printer resolves.
                w.Tenths(cos * sx);
                w.Hundredths(sin * sx);
                w.Tenths(sy * ((k * cos) - sin));
                w.Tenths(sy * ((k * sin) + cos));
                w.Tenths(x + (shaped.OffsetX * sx));
                w.Tenths(pageHeight - y + (shaped.OffsetY * sy));
                w.Raw("Tm"u8);
                w.GlyphId(shaped.Glyph);
                w.Raw("Tj\n"u8);
                written.Add(new Written(
                    shaped.Glyph,
                    outlines.Of(shaped.Glyph),
                    cos * sx, sin * sx, sy * ((k * cos) - sin), sy * ((k * sin) + cos), x + (shaped.OffsetX * sx), pageHeight - y + (shaped.OffsetY * sy),
                    BendField.Random(ref rng, Bend * looseness, 0.5),
                    drift.ToneIndex,
                    Math.Round(drift.LineWidth(size), 2),
                    word));

                if (Numerals.Clarifies(shaping.Style, line.Kind, text[shaped.Cluster]))
                {
                    // The flag and foot go through the glyph's own matrix, drawn after the text object.
                    var (a, b, c, d, e, f) = (cos * sx, sin * sx, sy * ((k * cos) - sin), sy * ((k * sin) + cos), x + (shaped.OffsetX * sx), pageHeight - y + (shaped.OffsetY * sy));
                    var (left, right, bottom, top) = shaping.Shaper.InkBox(shaped.Glyph);
                    foreach (var mark in Numerals.Marks(left, right, bottom, top))
                    {
                        allMarks.Add([.. mark.Select(p => ((a * p.X) + (c * p.Y) + e, (b * p.X) + (d * p.Y) + f))]);
                    }
                }

                x += (shaped.Advance * sx * cosSlope) + (shaped.Advance > 0 ? hand.Tracking : 0);
            }

            w.Raw("EMC\n"u8);
        }

        w.Raw("ET\n"u8);
        if (allMarks.Count > 0)
        {
            // Strokes in the ink, a little under the font's own stroke weight, round-ended like a pen's.
            w.Hundredths(ink.R);
            w.Hundredths(ink.G);
            w.Hundredths(ink.B);
            w.Raw("RG 1 J 1 j "u8);
            w.Hundredths(hand.FontSize * 0.075);
            w.Raw("w\n"u8);
            foreach (var mark in allMarks)
            {
                for (var i = 0; i < mark.Length; i++)
                {
                    w.Tenths(mark[i].X);
                    w.Tenths(mark[i].Y);
                    w.Raw(i == 0 ? "m "u8 : "l "u8);
                }

                w.Raw("S\n"u8);
            }
        }

        w.Raw("Q\n"u8);
        return w.ToArray();
    }
}
