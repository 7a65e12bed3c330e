using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Letters.Handwriting.Pen;

/// <summary>
/// A single-stroke (plotter) font: each glyph is a set of centre-lines, the path a pen follows, read from an SVG
/// font (<c>&lt;glyph unicode d="M x y L x y …"&gt;</c>, y up, in font units). Loaded once per font from this
/// assembly.
/// </summary>
internal sealed partial class StrokeFont : ITextMeasure
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
                font = Parse(XDocument.Load(stream));
                Loaded[file] = font;
            }

            return font;
        }
    }

    public bool TryGet(int codePoint, out Glyph glyph) =>
        glyphs.TryGetValue(codePoint, out glyph!) || (StandIns.TryGetValue(codePoint, out var standIn) && glyphs.TryGetValue(standIn, out glyph!));

    /// <summary>
    /// Typographic marks a plotter font may lack, written the way a hand writes them anyway: a curly apostrophe
    /// is a straight one in handwriting, a dash a longer stroke.
    /// </summary>
    private static readonly Dictionary<int, int> StandIns = new()
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

    private static StrokeFont Parse(XDocument svg)
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

            var strokes = Strokes(element.Attribute("d")?.Value ?? string.Empty);
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
