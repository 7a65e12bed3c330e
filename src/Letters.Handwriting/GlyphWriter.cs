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
            return Write(new ContentWriter(buffer), page, shaping, hand, ink, fontName, pageHeight, ref rng);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Write(ContentWriter w, LaidOutPage page, ShapedText shaping, Hand hand, Ink ink, string fontName, double pageHeight, ref Rng rng)
    {
        w.Raw("q\nBT\n"u8);
        w.Raw(fontName);
        w.Raw(" 1 Tf\n"u8);

        // Fill and stroke: the stroke is a hairline whose width is the pen pressure, so its colour stays the
        // ink's and only the fill tone changes from word to word.
        w.Hundredths(ink.R);
        w.Hundredths(ink.G);
        w.Hundredths(ink.B);
        w.Raw("RG 2 Tr "u8);
        w.Raw(ToneSpace);
        w.Raw(" cs\n"u8);

        var drift = default(HandDrift);
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
                    x += shaped.Advance * size * hand.WidthFactor * manner.Width * rng.Range(0.85, 1.45);
                    wordStart = true;
                    previousLetter = -1;
                    continue;
                }

                if (wordStart)
                {
                    // Ink and pressure drift from word to word (fill-and-stroke with a varying line width).
                    drift.NextWord(ref rng);
                    w.Integer(drift.ToneIndex);
                    w.Raw("sc "u8);
                    w.Hundredths(drift.LineWidth(size));
                    w.Raw("w\n"u8);
                    wordStart = false;
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
