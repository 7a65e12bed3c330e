using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// Writes a page's handwriting as one PDF text object: <c>BT</c>, then per glyph a text matrix and a
/// two-byte glyph id, then <c>ET</c>. Each line is one marked-content span carrying its real text
/// (<c>ActualText</c>), so search and copy give exactly the words whatever the transforms do to glyph
/// positions. This is the hot path: it formats straight into one pre-sized byte array.
/// </summary>
internal static class GlyphWriter
{
    // Published ranges for programmatic handwriting: rotation ±2.3°, scale 0.94–1.06, drift smoothed ≈ 0.65
    // from one letter to the next (a random walk, not white noise).
    private const double Smoothing = 0.65;
    private const double MaxRotation = 2.3 * Math.PI / 180;
    private const double RotationSigma = 1.5 * Math.PI / 180;
    private const double ScaleSigma = 0.012;
    private const double MinRepeatRotation = 0.7 * Math.PI / 180;

    // A word's ink is up to 8% lighter or darker than the ink itself, in steps of 1%.
    private const double MaxTone = 0.08;
    private const int ToneSteps = 16;

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
            var shade = 1 + (step / 100.0) - MaxTone;
            foreach (var channel in (ReadOnlySpan<double>)[ink.R, ink.G, ink.B])
            {
                palette.Append(((int)Math.Round(Math.Clamp(channel * shade, 0, 1) * 255)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return palette.Append(">]").ToString();
    }

    public static byte[] WritePage(LaidOutPage page, FontMetrics metrics, Hand hand, Ink ink, string fontName, double pageHeight, ref Rng rng)
    {
        // Upper bound: about 50 bytes a glyph plus the line's text (up to 4 hex digits a character) and
        // per-word ink; a little over-allocation is cheaper than growing and copying.
        // The buffer is rented: at this size a fresh array lands on the large object heap, and those cost a
        // full collection every few dozen letters.
        var characters = page.Lines.Sum(l => l.Text.Length);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((characters * 90) + (page.Lines.Count * 64) + 256);
        try
        {
            return Write(new ContentWriter(buffer), page, metrics, hand, ink, fontName, pageHeight, ref rng);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Write(ContentWriter w, LaidOutPage page, FontMetrics metrics, Hand hand, Ink ink, string fontName, double pageHeight, ref Rng rng)
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

        var rotation = 0.0;
        var scale = 0.0;
        var baseOffset = 0.0;
        var shearDrift = 0.0;
        var tone = 0.0;
        var pressure = 0.0;
        var wordScale = 0.0;
        foreach (var line in page.Lines)
        {
            var signature = line.Kind == LineKind.Signature;
            var size = hand.FontSize * (signature ? Hand.SignatureScale : line.Kind == LineKind.PageNumber ? 0.8 : 1);
            var looseness = signature ? 1.7 : 1;
            var x = line.X;
            var x0 = line.X;
            var width = Math.Max(line.Width, 1);
            var cosSlope = Math.Cos(line.Slope);
            var previousRune = default(Rune);
            var previousRotation = double.NaN;
            var previousScale = double.NaN;
            var wordStart = true;
            var text = line.Text;
            w.ActualText(text);

            var rune = default(Rune);
            for (var i = 0; i < text.Length; i += rune.Utf16SequenceLength)
            {
                Rune.DecodeFromUtf16(text.AsSpan(i), out rune, out _);
                if (!metrics.TryGetGlyph(rune.Value, out var glyph))
                {
                    continue;
                }

                if (rune.Value == ' ')
                {
                    // Uneven word spacing: people do not space words with a ruler. No glyph is drawn for a
                    // space: the line carries its text, and the gap shows where the space is.
                    x += metrics.Advance(glyph) * size * hand.WidthFactor * rng.Range(0.85, 1.45);
                    wordStart = true;
                    previousRune = rune;
                    continue;
                }

                if (wordStart)
                {
                    // Ink and pressure drift from word to word: a touch lighter or heavier, a hair thicker where
                    // the pen pressed (fill-and-stroke with a varying line width). A walk, so no word jumps out.
                    tone = Math.Clamp((0.7 * tone) + rng.Gaussian(0.03), -MaxTone, MaxTone);
                    pressure = Math.Clamp((0.7 * pressure) + rng.Gaussian(0.025), -0.05, 0.06);
                    w.Integer((int)Math.Round((tone + MaxTone) * 100));
                    w.Raw("sc "u8);
                    w.Hundredths(Math.Max((0.05 + pressure) * size / 20, 0.01));
                    w.Raw("w\n"u8);

                    // Size drifts word by word across the published 0.94–1.06; inside a word letters vary only
                    // ±1.5% around it, because text extractors split a word whose letters change size by 5%.
                    wordScale = Math.Clamp((0.6 * wordScale) + rng.Gaussian(0.03), -0.045, 0.045);
                    wordStart = false;
                }

                rotation = Math.Clamp((Smoothing * rotation) + ((1 - Smoothing) * rng.Gaussian(RotationSigma * looseness)), -MaxRotation * looseness, MaxRotation * looseness);
                scale = Math.Clamp((Smoothing * scale) + ((1 - Smoothing) * rng.Gaussian(ScaleSigma)), -0.015, 0.015);
                baseOffset = Math.Clamp((Smoothing * baseOffset) + ((1 - Smoothing) * rng.Gaussian(0.045 * size * looseness)), -0.07 * size, 0.07 * size);
                shearDrift = Math.Clamp((0.8 * shearDrift) + (0.2 * rng.Gaussian(0.05)), -0.08, 0.08);

                var glyphRotation = rotation;
                var glyphScale = 1 + wordScale + scale;
                if (rune == previousRune)
                {
                    // Two identical letters side by side must never share a transform: that is the tell of a
                    // font. Push the second one visibly away from the first.
                    if (Math.Abs(glyphRotation - previousRotation) < MinRepeatRotation)
                    {
                        glyphRotation = previousRotation + (glyphRotation >= previousRotation ? MinRepeatRotation : -MinRepeatRotation);
                    }

                    if (Math.Abs(glyphScale - previousScale) < 0.012)
                    {
                        glyphScale = previousScale + (glyphScale >= previousScale ? 0.015 : -0.015);
                    }
                }

                var t = (x - x0) / width;
                var y = line.Baseline + (line.Slope * (x - x0)) - (line.Bow * 4 * t * (1 - t)) + baseOffset;
                var (sin, cos) = Math.SinCos(-(line.Slope + glyphRotation));
                var sx = size * hand.WidthFactor * glyphScale;
                var sy = size * hand.HeightFactor * glyphScale;
                var k = hand.Shear + shearDrift;

                // Matrix entries carry the font size (≈ 10–30). The rotation term gets hundredths (about 0.05°);
                // scale and shear get tenths, steps of under 0.7% that no eye sees, a byte less each to write
                // and to deflate. Positions in tenths of a point (0.035 mm) are below what a printer resolves.
                w.Tenths(cos * sx);
                w.Hundredths(sin * sx);
                w.Tenths(sy * ((k * cos) - sin));
                w.Tenths(sy * ((k * sin) + cos));
                w.Tenths(x);
                w.Tenths(pageHeight - y);
                w.Raw("Tm"u8);
                w.GlyphId(glyph);
                w.Raw("Tj\n"u8);

                x += (metrics.Advance(glyph) * sx * cosSlope) + hand.Tracking;
                previousRune = rune;
                previousRotation = glyphRotation;
                previousScale = glyphScale;
            }

            w.Raw("EMC\n"u8);
        }

        w.Raw("ET\nQ\n"u8);
        return w.ToArray();
    }

    private ref struct ContentWriter(byte[] buffer)
    {
        private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;
        private readonly Span<byte> span = buffer;
        private int position;

        public readonly byte[] ToArray() => span[..position].ToArray();

        public void Raw(ReadOnlySpan<byte> utf8)
        {
            utf8.CopyTo(span[position..]);
            position += utf8.Length;
        }

        public void Raw(string ascii)
        {
            position += Encoding.ASCII.GetBytes(ascii, span[position..]);
        }

        /// <summary>
        /// Fixed-point in tenths, no trailing zero ("12.5", "-.7", "3"): integer formatting by hand, with a
        /// constant divisor the JIT turns into a multiply, is several times faster than a format string, and
        /// this runs six times a glyph.
        /// </summary>
        public void Tenths(double value)
        {
            var scaled = (int)Math.Round(value * 10);
            if (scaled < 0)
            {
                span[position++] = (byte)'-';
                scaled = -scaled;
            }

            Whole(scaled / 10, scaled != 0);
            var fraction = scaled % 10;
            if (fraction != 0)
            {
                span[position++] = (byte)'.';
                span[position++] = (byte)('0' + fraction);
            }

            span[position++] = (byte)' ';
        }

        /// <summary>Fixed-point in hundredths, no trailing zeros ("1.25", "-.07", ".3").</summary>
        public void Hundredths(double value)
        {
            var scaled = (int)Math.Round(value * 100);
            if (scaled < 0)
            {
                span[position++] = (byte)'-';
                scaled = -scaled;
            }

            Whole(scaled / 100, scaled != 0);
            var fraction = scaled % 100;
            if (fraction != 0)
            {
                span[position++] = (byte)'.';
                span[position++] = (byte)('0' + (fraction / 10));
                if (fraction % 10 != 0)
                {
                    span[position++] = (byte)('0' + (fraction % 10));
                }
            }

            span[position++] = (byte)' ';
        }

        /// <summary>A small non-negative integer.</summary>
        public void Integer(int value)
        {
            Whole(value, hasFraction: false);
            span[position++] = (byte)' ';
        }

        /// <summary>
        /// The digits before the point. PDF numbers may start at the point (".42", "-.07"): a byte saved on
        /// most matrix entries, so a zero whole part is left out unless the number is zero.
        /// </summary>
        private void Whole(int whole, bool hasFraction)
        {
            if (whole == 0)
            {
                if (!hasFraction)
                {
                    span[position++] = (byte)'0';
                }
            }
            else if (whole < 10)
            {
                span[position++] = (byte)('0' + whole);
            }
            else if (whole < 1000)
            {
                if (whole >= 100)
                {
                    span[position++] = (byte)('0' + (whole / 100));
                }

                span[position++] = (byte)('0' + (whole / 10 % 10));
                span[position++] = (byte)('0' + (whole % 10));
            }
            else
            {
                System.Buffers.Text.Utf8Formatter.TryFormat(whole, span[position..], out var digits);
                position += digits;
            }
        }

        /// <summary>
        /// A two-byte glyph id as a literal string: two bytes instead of a hex string's four digits. The
        /// string's delimiters and backslash are escaped, and so is a carriage return, which a reader would
        /// otherwise take for an end of line.
        /// </summary>
        public void GlyphId(ushort glyph)
        {
            span[position++] = (byte)'(';
            Literal((byte)(glyph >> 8));
            Literal((byte)glyph);
            span[position++] = (byte)')';
        }

        private void Literal(byte value)
        {
            switch (value)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    span[position++] = (byte)'\\';
                    span[position++] = value;
                    break;
                case (byte)'\r':
                    span[position++] = (byte)'\\';
                    span[position++] = (byte)'r';
                    break;
                default:
                    span[position++] = value;
                    break;
            }
        }

        public void Hex(ushort value)
        {
            span[position++] = HexDigits[value >> 12];
            span[position++] = HexDigits[(value >> 8) & 0xF];
            span[position++] = HexDigits[(value >> 4) & 0xF];
            span[position++] = HexDigits[value & 0xF];
        }

        /// <summary>
        /// Opens a span whose ActualText is <paramref name="text"/>: a literal string when every character is
        /// printable ASCII or Latin-1 (PDFDocEncoding agrees with Latin-1 there), else UTF-16BE in hex.
        /// </summary>
        public void ActualText(string text)
        {
            Raw("/Span<</ActualText"u8);
            if (IsPdfDocLatin1(text))
            {
                span[position++] = (byte)'(';
                foreach (var c in text)
                {
                    if (c is '(' or ')' or '\\')
                    {
                        span[position++] = (byte)'\\';
                    }

                    span[position++] = (byte)c;
                }

                span[position++] = (byte)')';
            }
            else
            {
                Raw("<FEFF"u8);
                foreach (var c in text)
                {
                    Hex(c);
                }

                span[position++] = (byte)'>';
            }

            Raw(">>BDC\n"u8);
        }

        private static bool IsPdfDocLatin1(string text)
        {
            foreach (var c in text)
            {
                if (c is < ' ' or > 'ÿ' or (>= '\u007F' and < '\u00A1'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
