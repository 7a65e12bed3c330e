using System.Buffers;
using System.Globalization;
using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// Writes a page's handwriting as one PDF text object: <c>BT</c>, then per glyph a text matrix and a
/// two-byte glyph id, then <c>ET</c>. This is the hot path, so it formats straight into UTF-8 bytes.
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

    public static byte[] WritePage(LaidOutPage page, FontMetrics metrics, Hand hand, Ink ink, string fontName, double pageHeight, ref Rng rng)
    {
        var buffer = new ArrayBufferWriter<byte>(page.Lines.Sum(l => l.Text.Length) * 56 + 256);
        var w = new ContentWriter(buffer);
        w.Raw("q\nBT\n");
        w.Raw(fontName);
        w.Raw(" 1 Tf\n");

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
            var pageNumber = line.Kind == LineKind.PageNumber;
            var size = hand.FontSize * (signature ? Hand.SignatureScale : pageNumber ? 0.8 : 1);
            var looseness = signature ? 1.7 : 1;
            var x = line.X;
            var x0 = line.X;
            var width = Math.Max(line.Width, 1);
            var previousRune = default(Rune);
            var rune = default(Rune);
            var previousRotation = double.NaN;
            var previousScale = double.NaN;
            var wordStart = true;

            var text = line.Text;
            var inWord = false;
            for (var i = 0; i < text.Length; i += rune.Utf16SequenceLength)
            {
                Rune.DecodeFromUtf16(text.AsSpan(i), out rune, out _);
                if (!metrics.TryGetGlyph(rune.Value, out var glyph))
                {
                    continue;
                }

                if (rune.Value == ' ')
                {
                    if (inWord)
                    {
                        w.Raw("EMC\n");
                        inWord = false;
                    }

                    // Uneven word spacing: people do not space words with a ruler.
                    var advance = metrics.Advance(glyph) * size * hand.WidthFactor * rng.Range(0.85, 1.45);
                    WriteGlyph(ref w, glyph, 1, 0, 0, 1, x, pageHeight - (line.Baseline + (line.Slope * (x - x0))), size);
                    x += advance;
                    wordStart = true;
                    previousRune = rune;
                    continue;
                }

                if (!inWord)
                {
                    // Each word is marked with its real text (ActualText), so search and copy give the words
                    // exactly, whatever the transforms make of the glyph positions.
                    var end = text.IndexOf(' ', i);
                    w.ActualText(text.AsSpan(i, (end < 0 ? text.Length : end) - i));
                    inWord = true;
                }

                if (wordStart)
                {
                    // Ink and pressure drift from word to word: a touch lighter or heavier, a hair thicker where
                    // the pen pressed (fill-and-stroke with a varying line width). A walk, so no word jumps out.
                    tone = Math.Clamp((0.7 * tone) + rng.Gaussian(0.03), -0.08, 0.08);
                    pressure = Math.Clamp((0.7 * pressure) + rng.Gaussian(0.025), -0.05, 0.06);
                    var shade = 1 + tone;
                    w.Color(Math.Clamp(ink.R * shade, 0, 1), Math.Clamp(ink.G * shade, 0, 1), Math.Clamp(ink.B * shade, 0, 1), (0.05 + pressure) * size / 20);

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
                var angle = line.Slope + glyphRotation;
                var (sin, cos) = Math.SinCos(-angle);
                var sx = size * hand.WidthFactor * glyphScale;
                var sy = size * hand.HeightFactor * glyphScale;
                var k = hand.Shear + shearDrift;
                WriteGlyph(ref w, glyph, cos * sx / size, sin * sx / size, sy * ((k * cos) - sin) / size, sy * ((k * sin) + cos) / size, x, pageHeight - y, size);

                x += (metrics.Advance(glyph) * sx * Math.Cos(line.Slope)) + hand.Tracking;
                previousRune = rune;
                previousRotation = glyphRotation;
                previousScale = glyphScale;
            }

            if (inWord)
            {
                w.Raw("EMC\n");
            }
        }

        w.Raw("ET\nQ\n");
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteGlyph(ref ContentWriter w, ushort glyph, double a, double b, double c, double d, double e, double f, double size)
    {
        w.Number(a * size, 3);
        w.Number(b * size, 3);
        w.Number(c * size, 3);
        w.Number(d * size, 3);
        w.Number(e, 2);
        w.Number(f, 2);
        w.Raw("Tm<");
        w.Hex(glyph);
        w.Raw(">Tj\n");
    }

    private ref struct ContentWriter(ArrayBufferWriter<byte> buffer)
    {
        private static readonly byte[] HexDigits = "0123456789ABCDEF"u8.ToArray();

        public readonly void Raw(string text)
        {
            var span = buffer.GetSpan(text.Length * 3);
            var written = Encoding.UTF8.GetBytes(text, span);
            buffer.Advance(written);
        }

        public readonly void Number(double value, int decimals)
        {
            var span = buffer.GetSpan(32);
            var rounded = Math.Round(value, decimals);
            if (rounded == 0)
            {
                rounded = 0; // no "-0"
            }

            rounded.TryFormat(span, out var written, decimals == 3 ? "0.###" : "0.##", CultureInfo.InvariantCulture);
            span[written++] = (byte)' ';
            buffer.Advance(written);
        }

        public readonly void Hex(ushort glyph)
        {
            var span = buffer.GetSpan(4);
            span[0] = HexDigits[glyph >> 12];
            span[1] = HexDigits[(glyph >> 8) & 0xF];
            span[2] = HexDigits[(glyph >> 4) & 0xF];
            span[3] = HexDigits[glyph & 0xF];
            buffer.Advance(4);
        }

        public readonly void ActualText(ReadOnlySpan<char> text)
        {
            Raw("/Span<</ActualText<FEFF");
            var span = buffer.GetSpan(text.Length * 4);
            for (var i = 0; i < text.Length; i++)
            {
                span[(i * 4) + 0] = HexDigits[text[i] >> 12];
                span[(i * 4) + 1] = HexDigits[(text[i] >> 8) & 0xF];
                span[(i * 4) + 2] = HexDigits[(text[i] >> 4) & 0xF];
                span[(i * 4) + 3] = HexDigits[text[i] & 0xF];
            }

            buffer.Advance(text.Length * 4);
            Raw(">>>BDC\n");
        }

        public readonly void Color(double r, double g, double b, double lineWidth)
        {
            Number(r, 3);
            Number(g, 3);
            Number(b, 3);
            Raw("rg ");
            Number(r, 3);
            Number(g, 3);
            Number(b, 3);
            Raw("RG ");
            if (lineWidth < 0.015)
            {
                Raw("0 Tr\n");
            }
            else
            {
                Number(lineWidth, 2);
                Raw("w 2 Tr\n");
            }
        }
    }
}
