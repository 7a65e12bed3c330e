using System.Collections.Concurrent;
using HarfBuzzSharp;
using HbBuffer = HarfBuzzSharp.Buffer;

namespace Letters.Handwriting;

/// <summary>One glyph of a shaped line: the font's glyph id, where it sits, and the text it came from.</summary>
/// <param name="Cluster">Index into the line's UTF-16 text of the first character the glyph draws: marks and
/// conjuncts share their base's cluster, and a reordered vowel sign takes its syllable's.</param>
/// <param name="Advance">In ems.</param>
/// <param name="OffsetX">In ems, from the pen position.</param>
/// <param name="OffsetY">In ems, upwards.</param>
internal readonly record struct ShapedGlyph(ushort Glyph, int Cluster, double Advance, double OffsetX, double OffsetY);

/// <summary>
/// Shapes text with HarfBuzz the way the font intends: kerning, ligatures, contextual alternates (Caveat's repeated
/// letters take their alternate forms), Indic reordering and conjuncts (Kalam's Devanagari), and the stylistic sets a
/// style names. One HarfBuzz font per style file, shared: shaping only reads it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per font file, cached for the life of the process.")]
internal sealed class Shaper
{
    private static readonly ConcurrentDictionary<string, Shaper> Cache = new();

    [ThreadStatic]
    private static HbBuffer? buffer;

    /// <summary>HarfBuzz's language handles live for the process; looking one up costs more than shaping a short word.</summary>
    private static readonly ConcurrentDictionary<string, Language> Languages = new(StringComparer.Ordinal);

    private const int MaxWords = 50_000;

    private readonly Font font;
    private readonly double unitsPerEm;
    private readonly Feature[] features;
    private readonly ushort space;
    private readonly double spaceAdvance;
    private readonly ConcurrentDictionary<(string, string?), ShapedGlyph[]> words = new();
    private int wordCount;

    private Shaper(byte[] bytes, IReadOnlyList<string> styleFeatures)
    {
        // HarfBuzz reads the font in place for as long as the font lives, so it gets memory the GC never moves.
        var data = System.Runtime.InteropServices.Marshal.AllocHGlobal(bytes.Length);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, data, bytes.Length);
        using var blob = new Blob(data, bytes.Length, MemoryMode.ReadOnly, () => System.Runtime.InteropServices.Marshal.FreeHGlobal(data));
        blob.MakeImmutable();
        using var face = new Face(blob, 0);

        // Shared by every rendering thread: HarfBuzz shapes concurrently with a font nobody changes.
        face.MakeImmutable();
        unitsPerEm = face.UnitsPerEm;
        font = new Font(face);
        font.SetScale(face.UnitsPerEm, face.UnitsPerEm);
        font.SetFunctionsOpenType();
        features = [.. styleFeatures.Select(Feature.Parse)];
        font.TryGetGlyph(' ', out var spaceGlyph);
        space = (ushort)spaceGlyph;
        spaceAdvance = font.GetHorizontalGlyphAdvance(spaceGlyph) / unitsPerEm;
    }

    /// <summary>A glyph's ink box in ems, y up.</summary>
    public (double Left, double Right, double Bottom, double Top) InkBox(ushort glyph)
    {
        font.TryGetGlyphExtents(glyph, out var e);
        return (e.XBearing / unitsPerEm, (e.XBearing + e.Width) / unitsPerEm, (e.YBearing + e.Height) / unitsPerEm, e.YBearing / unitsPerEm);
    }

    /// <summary>Forgets the shaped words: for benchmarks that must measure shaping itself.</summary>
    internal void Forget()
    {
        words.Clear();
        Interlocked.Exchange(ref wordCount, 0);
    }

    public static Shaper For(HandwritingStyle style) =>
        Cache.GetOrAdd(style.FontFile + "|" + style.Features, _ => new Shaper(FontResolver.LoadFontBytes(style.FontFile), style.FeatureList));

    /// <summary>
    /// Shapes one line, word by word: a word is shaped once per process and remembered (letters repeat their words,
    /// and so do letters), and the pen lifts between words anyway, so no join or kern runs across a space.
    /// </summary>
    public ShapedGlyph[] Shape(string text, string? language = null)
    {
        var glyphs = new List<ShapedGlyph>(text.Length);
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf(' ', start);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end > start)
            {
                foreach (var glyph in Word(text[start..end], language))
                {
                    glyphs.Add(glyph with { Cluster = glyph.Cluster + start });
                }
            }

            if (end < text.Length)
            {
                glyphs.Add(new ShapedGlyph(space, end, spaceAdvance, 0, 0));
            }

            start = end + 1;
        }

        return [.. glyphs];
    }

    private ShapedGlyph[] Word(string word, string? language)
    {
        var key = (word, language);
        if (words.TryGetValue(key, out var shaped))
        {
            return shaped;
        }

        shaped = ShapeScripts(word, language);

        // A rough bound, not an LRU: the common words come straight back. Counted here because the dictionary's own
        // Count takes every one of its locks.
        if (Interlocked.Increment(ref wordCount) > MaxWords)
        {
            Forget();
        }

        words.TryAdd(key, shaped);
        return shaped;
    }

    /// <summary>
    /// One run per script: a Hindi name inside an English sentence is shaped as Devanagari, not as Latin.
    /// Punctuation belongs to the run it stands in. The language picks a script's local forms where the font has them.
    /// </summary>
    private ShapedGlyph[] ShapeScripts(string text, string? language)
    {
        var glyphs = new List<ShapedGlyph>(text.Length);
        var start = 0;
        var runScript = Script.Common;
        for (var i = 0; i < text.Length;)
        {
            var rune = System.Text.Rune.GetRuneAt(text, i);
            var script = rune.Value < 0x80 ? (char.IsAsciiLetter((char)rune.Value) ? Script.Latin : Script.Common) : UnicodeFunctions.Default.GetScript(rune.Value);
            if (script != Script.Common && script != Script.Inherited)
            {
                if (runScript != Script.Common && script != runScript)
                {
                    ShapeRun(text, start, i - start, language, glyphs);
                    start = i;
                }

                runScript = script;
            }

            i += rune.Utf16SequenceLength;
        }

        ShapeRun(text, start, text.Length - start, language, glyphs);
        return [.. glyphs];
    }

    private void ShapeRun(string text, int start, int length, string? language, List<ShapedGlyph> glyphs)
    {
        if (length == 0)
        {
            return;
        }

        // The whole word goes in as context, so a run's first and last letters join as they would inside it; the
        // clusters count from the start of the word.
        var hb = buffer ??= new HbBuffer();
        hb.ClearContents();
        hb.AddUtf16(text, start, length);
        hb.ClusterLevel = ClusterLevel.MonotoneGraphemes;
        if (!string.IsNullOrEmpty(language))
        {
            hb.Language = Languages.GetOrAdd(language, l => new Language(l));
        }

        hb.GuessSegmentProperties();
        font.Shape(hb, features);
        var infos = hb.GetGlyphInfoSpan();
        var positions = hb.GetGlyphPositionSpan();
        for (var i = 0; i < infos.Length; i++)
        {
            glyphs.Add(new ShapedGlyph(
                (ushort)infos[i].Codepoint,
                (int)infos[i].Cluster,
                positions[i].XAdvance / unitsPerEm,
                positions[i].XOffset / unitsPerEm,
                positions[i].YOffset / unitsPerEm));
        }
    }
}

/// <summary>
/// The shaped lines of one letter, each shaped once: the PDF's font subset is made from them before any page is
/// written, and the pages are written from the same glyphs.
/// </summary>
internal sealed class ShapedText(Shaper shaper, HandwritingStyle style, string? language)
{
    public Shaper Shaper => shaper;

    public HandwritingStyle Style => style;

    /// <summary>Plane 15's private use area: a code point for a glyph that shares its character with another glyph.</summary>
    private const int PrivateUse = 0xF0000;

    private readonly Dictionary<string, ShapedGlyph[]> lines = new(StringComparer.Ordinal);

    public ShapedGlyph[] Of(string text)
    {
        if (!lines.TryGetValue(text, out var glyphs))
        {
            glyphs = shaper.Shape(text, language);
            lines.Add(text, glyphs);
        }

        return glyphs;
    }

    /// <summary>
    /// Every glyph the letter draws, each with a code point for the font's ToUnicode map: its own character where
    /// it is the first glyph drawn for it, else a private-use one. Alternates and conjuncts have no character of
    /// their own, and PDFsharp keeps one glyph per code point in the subset. Search and copy do not depend on the
    /// map: every line carries its text as ActualText.
    /// </summary>
    public PdfSharp.Fonts.CodePointGlyphIndexPair[] Glyphs()
    {
        // This runs on every render over every glyph of the letter: flags indexed by glyph id, not hash sets.
        var seen = new bool[ushort.MaxValue + 1];
        var byCodePoint = new Dictionary<int, ushort>(128);
        var pairs = new List<PdfSharp.Fonts.CodePointGlyphIndexPair>(128);
        foreach (var (text, glyphs) in lines)
        {
            foreach (var glyph in glyphs)
            {
                if (glyph.Glyph == 0 || seen[glyph.Glyph])
                {
                    continue;
                }

                seen[glyph.Glyph] = true;
                var codePoint = System.Text.Rune.GetRuneAt(text, glyph.Cluster).Value;
                if (!byCodePoint.TryAdd(codePoint, glyph.Glyph))
                {
                    codePoint = PrivateUse + glyph.Glyph;
                }

                pairs.Add(new PdfSharp.Fonts.CodePointGlyphIndexPair(codePoint, glyph.Glyph));
            }
        }

        return [.. pairs];
    }
}
