using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Letters.Handwriting.Pen;

/// <summary>
/// A single-stroke (plotter) font: each glyph is a set of centre-lines, the path a pen follows, read from an SVG
/// font (<c>&lt;glyph unicode d="M x y L x y …"&gt;</c>, y up, in font units). Loaded once per font from this
/// assembly.
/// </summary>
internal sealed partial class StrokeFont : IPenGlyphs
{
    private static readonly Dictionary<string, StrokeFont> Loaded = [];
    private static readonly Lock Gate = new();
    private readonly Dictionary<int, Glyph> glyphs;

    /// <summary>A glyph: its strokes (each a polyline in font units, y up) and its advance.</summary>
    public sealed record Glyph(IReadOnlyList<Point[]> Strokes, double Advance, double MinX, double MaxX);

    public readonly record struct Point(double X, double Y);

    private StrokeFont(Dictionary<int, Glyph> glyphs, double unitsPerEm, double xHeight, double spaceAdvance)
    {
        this.glyphs = glyphs;
        UnitsPerEm = unitsPerEm;
        XHeight = xHeight;
        SpaceAdvance = spaceAdvance;
    }

    public double UnitsPerEm { get; }

    public double XHeight { get; }

    public double SpaceAdvance { get; }

    public static StrokeFont Load(string file)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(file, out var font))
            {
                using var stream = typeof(StrokeFont).Assembly.GetManifestResourceStream($"Letters.Handwriting.Pen.Fonts.{file}")
                    ?? throw new InvalidOperationException($"The stroke font {file} is not embedded.");
                font = Parse(XDocument.Load(stream), Redrawn.GetValueOrDefault(file));
                Loaded[file] = font;
            }

            return font;
        }
    }

    /// <summary>A plotter font keeps the drift the pen styles have always drawn.</summary>
    public Hands.HandRhythm? Rhythm => null;

    /// <summary>Each letter the font has, its one outline (<see cref="PenHand"/> bends it), the dots and bars marked.</summary>
    public void Spell(string word, ref Rng rng, List<PenGlyph> into)
    {
        foreach (var rune in word.EnumerateRunes())
        {
            if (TryGet(rune.Value, out var glyph))
            {
                into.Add(new PenGlyph(rune.ToString(), glyph, PenHand.DotsAndBars(rune, glyph), null));
            }
        }
    }

    public bool TryGet(int codePoint, out Glyph glyph) =>
        glyphs.TryGetValue(codePoint, out glyph!) || (StandIns.TryGetValue(codePoint, out var standIn) && glyphs.TryGetValue(standIn, out glyph!));

    /// <summary>
    /// Typographic marks a plotter font may lack, written the way a hand writes them anyway: a curly apostrophe
    /// is a straight one in handwriting, a dash a longer stroke.
    /// </summary>
    internal static readonly Dictionary<int, int> StandIns = new()
    {
        ['\u2019'] = '\'', ['\u2018'] = '\'', ['\u201A'] = ',', ['\u201C'] = '"', ['\u201D'] = '"', ['\u201E'] = '"',
        ['\u2013'] = '-', ['\u2014'] = '-', ['\u2212'] = '-', ['\u00AD'] = '-',
    };

    /// <summary>Advance widths in ems, for line breaking; spaces between words are set from inked extents later.</summary>
    public double Measure(ReadOnlySpan<char> text)
    {
        var width = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += rune.Value == ' ' ? SpaceAdvance : TryGet(rune.Value, out var g) ? g.Advance : 0;
        }

        return width / UnitsPerEm;
    }

    /// <summary>The characters this font has no strokes for, each once, in order of first appearance.</summary>
    public IReadOnlyList<string> Unsupported(string text)
    {
        var missing = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is not ('\n' or '\r' or '\t' or ' ') && !TryGet(rune.Value, out _) && !missing.Contains(rune.ToString()))
            {
                missing.Add(rune.ToString());
            }
        }

        return missing;
    }

    /// <summary>
    /// Glyphs redrawn for legibility (the font is OFL; the files stay as published, the changes live here). Allure's
    /// a closed at its stem, written in the order a hand writes it (it was stored backwards, so it never joined);
    /// its o closed and leaving from the top, not from inside the bowl (it read as a); its d with an upright stem
    /// ending on the line, not a looped stroke leaning right and down below it (it read as ∂).
    /// </summary>
    private static readonly Dictionary<string, Dictionary<char, string>> Redrawn = new()
    {
        ["EMSAllure.svg"] = new()
        {
            ['a'] = "M 324 343 L 312 356 L 230 356 L 148 331 L 34.6 261 L -56.7 154 L -63 66.1 L -18.9 18.9 L 69.3 56.7 L 176 145 L 277 243 L 326 346 L 300 280 L 255 142 L 243 63 L 271 18.9 L 331 31.5 L 406 78.8 L 457 132 L 495 183",
            ['o'] = "M 195 337 L 142 365 L 66.1 315 L -6.3 233 L -40.9 161 L -56.7 75.6 L 12.6 9.45 L 101 40.9 L 183 110 L 230 208 L 239 246 L 239 284 L 218 322 L 196 340 L 232 336 L 296 314 L 359 300",
            ['d'] = "M 328 312 L 302 356 L 258 369 L 151 334 L 47.2 265 L -37.8 176 L -63 107 L -56.7 50.4 L 12.6 15.8 L 78.8 40 L 176 110 L 270 220 L 330 330 L 380 480 L 420 620 L 442 700 L 432 722 L 405 702 L 380 600 L 340 420 L 300 250 L 272 100 L 268 30 L 290 5 L 340 30 L 400 90",
        },
    };

    private static StrokeFont Parse(XDocument svg, Dictionary<char, string>? redrawn)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var font = svg.Descendants(ns + "font").Single();
        var face = font.Element(ns + "font-face")!;
        var defaultAdvance = Number(font.Attribute("horiz-adv-x")?.Value ?? "500");
        var glyphs = new Dictionary<int, Glyph>();
        foreach (var element in font.Elements(ns + "glyph"))
        {
            var unicode = element.Attribute("unicode")?.Value;
            if (string.IsNullOrEmpty(unicode) || !Rune.TryGetRuneAt(unicode, 0, out var rune) || rune.Utf16SequenceLength != unicode.Length)
            {
                continue;
            }

            var strokes = Strokes(rune.IsBmp && redrawn?.GetValueOrDefault((char)rune.Value) is { } better ? better : element.Attribute("d")?.Value ?? string.Empty);
            var points = strokes.SelectMany(s => s).ToList();
            var advance = Number(element.Attribute("horiz-adv-x")?.Value ?? defaultAdvance.ToString(CultureInfo.InvariantCulture));
            glyphs[rune.Value] = new Glyph(strokes, advance, points.Count == 0 ? 0 : points.Min(p => p.X), points.Count == 0 ? 0 : points.Max(p => p.X));
        }

        var space = glyphs.TryGetValue(' ', out var s) ? s.Advance : defaultAdvance;
        return new StrokeFont(glyphs, Number(face.Attribute("units-per-em")?.Value ?? "1000"), Number(face.Attribute("x-height")?.Value ?? "300"), space);
    }

    /// <summary>The glyph's path: absolute move-to and line-to only, as plotter fonts are written.</summary>
    private static List<Point[]> Strokes(string d)
    {
        var strokes = new List<Point[]>();
        var current = new List<Point>();
        var tokens = PathToken().Matches(d).Select(m => m.Value).ToArray();
        var command = 'M';
        for (var i = 0; i < tokens.Length;)
        {
            if (tokens[i] is [var c] && char.IsLetter(c))
            {
                command = char.ToUpperInvariant(c);
                i++;
                continue;
            }

            if (i + 1 >= tokens.Length)
            {
                break;
            }

            var point = new Point(Number(tokens[i]), Number(tokens[i + 1]));
            i += 2;
            if (command == 'M')
            {
                if (current.Count > 1)
                {
                    strokes.Add([.. current]);
                }

                current = [point];
                command = 'L';
            }
            else
            {
                current.Add(point);
            }
        }

        if (current.Count > 1)
        {
            strokes.Add([.. current]);
        }

        return strokes;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")]
    private static partial System.Text.RegularExpressions.Regex PathToken();

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
