using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// The few TrueType tables layout needs: character to glyph (cmap) and advance widths (hmtx). Read once per
/// font and cached; PDFsharp still does all the embedding, subsetting and ToUnicode mapping.
/// </summary>
internal sealed class FontMetrics : ITextMeasure
{
    private static readonly ConcurrentDictionary<string, FontMetrics> Cache = new();
    private readonly Dictionary<int, ushort> glyphs;

    // Latin (through Latin Extended-B) looked up by index: this runs for every glyph of every letter.
    private readonly ushort[] latin = new ushort[0x250];
    private readonly ushort[] advances;

    private FontMetrics(byte[] font, double wordSpace = 0)
    {
        var tables = ReadTableDirectory(font);
        var head = tables["head"];
        UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(head + 18));
        var hhea = tables["hhea"];
        Ascender = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(hhea + 4)) / (double)UnitsPerEm;
        Descender = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(hhea + 6)) / (double)UnitsPerEm;
        int metricCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(hhea + 34));
        var maxp = tables["maxp"];
        int glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(maxp + 4));

        var hmtx = tables["hmtx"];
        advances = new ushort[glyphCount];
        for (var g = 0; g < glyphCount; g++)
        {
            advances[g] = g < metricCount
                ? BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(hmtx + (g * 4)))
                : advances[metricCount - 1];
        }

        glyphs = ReadCmap(font, tables["cmap"]);
        foreach (var (codePoint, glyph) in glyphs)
        {
            if (codePoint < latin.Length)
            {
                latin[codePoint] = glyph;
            }
        }

        // A style's wider word space is the space glyph's advance, so every measure of a line sees it.
        if (wordSpace > 0 && latin[' '] is var space and not 0)
        {
            advances[space] = (ushort)Math.Max(advances[space], Math.Round(wordSpace * UnitsPerEm));
        }
    }

    public int UnitsPerEm { get; }

    /// <summary>In ems.</summary>
    public double Ascender { get; }

    /// <summary>In ems (negative).</summary>
    public double Descender { get; }

    public static FontMetrics For(HandwritingStyle style) => style.WordSpace > 0
        ? Cache.GetOrAdd($"{style.FontFile}|{style.WordSpace}", _ => new FontMetrics(FontResolver.LoadFontBytes(style.FontFile), style.WordSpace))
        : ForFile(style.FontFile);

    /// <summary>The metrics of one of the assembly's fonts by its file name (the book face's, say).</summary>
    public static FontMetrics ForFile(string fontFile) => Cache.GetOrAdd(fontFile, file => new FontMetrics(FontResolver.LoadFontBytes(file)));

    public bool TryGetGlyph(int codePoint, out ushort glyph)
    {
        if ((uint)codePoint < (uint)latin.Length)
        {
            glyph = latin[codePoint];
            return glyph != 0;
        }

        return glyphs.TryGetValue(codePoint, out glyph) && glyph != 0;
    }

    /// <summary>Advance width of a glyph in ems.</summary>
    public double Advance(ushort glyph) => advances[glyph] / (double)UnitsPerEm;

    /// <summary>Width of a run of text in ems, summing advances as PDFsharp does (no kerning).</summary>
    public double Measure(ReadOnlySpan<char> text)
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (TryGetGlyph(rune.Value, out var glyph))
            {
                width += Advance(glyph);
            }
        }

        return width;
    }

    public IReadOnlyList<string> Unsupported(string text)
    {
        var missing = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\t' || TryGetGlyph(rune.Value, out _))
            {
                continue;
            }

            var s = rune.ToString();
            if (!missing.Contains(s))
            {
                missing.Add(s);
            }
        }

        return missing;
    }

    private static Dictionary<string, int> ReadTableDirectory(byte[] font)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = 12 + (i * 16);
            var tag = Encoding.ASCII.GetString(font, entry, 4);
            tables[tag] = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(entry + 8));
        }

        return tables;
    }

    private static Dictionary<int, ushort> ReadCmap(byte[] font, int cmap)
    {
        int subtableCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(cmap + 2));
        int best = -1, bestFormat = 0;
        for (var i = 0; i < subtableCount; i++)
        {
            var record = cmap + 4 + (i * 8);
            int platform = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(record));
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(record + 2));
            var offset = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 4));
            int format = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(offset));
            var unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if (unicode && (format == 12 || (format == 4 && bestFormat != 12)))
            {
                best = offset;
                bestFormat = format;
            }
        }

        if (best < 0)
        {
            throw new InvalidDataException("The font has no Unicode cmap.");
        }

        var map = new Dictionary<int, ushort>();
        if (bestFormat == 4)
        {
            int segCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(best + 6)) / 2;
            var ends = best + 14;
            var starts = ends + (segCount * 2) + 2;
            var deltas = starts + (segCount * 2);
            var rangeOffsets = deltas + (segCount * 2);
            for (var s = 0; s < segCount; s++)
            {
                int end = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(ends + (s * 2)));
                int start = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(starts + (s * 2)));
                int delta = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(deltas + (s * 2)));
                int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(rangeOffsets + (s * 2)));
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0)
                    {
                        glyph = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        var at = rangeOffsets + (s * 2) + rangeOffset + ((c - start) * 2);
                        glyph = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at));
                        if (glyph != 0)
                        {
                            glyph = (glyph + delta) & 0xFFFF;
                        }
                    }

                    if (glyph != 0)
                    {
                        map[c] = (ushort)glyph;
                    }
                }
            }
        }
        else
        {
            var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(best + 12));
            for (var g = 0; g < groups; g++)
            {
                var group = best + 16 + (g * 12);
                var start = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(group));
                var end = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(group + 4));
                var glyph = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(group + 8));
                for (var c = start; c <= end; c++)
                {
                    map[c] = (ushort)(glyph + (c - start));
                }
            }
        }

        return map;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{glyphs.Count} glyphs, {UnitsPerEm} units/em");
}
