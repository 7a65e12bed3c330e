using System.Globalization;
using System.Text.RegularExpressions;

namespace Letters.Handwriting.Tests;

/// <summary>The tells of a font that a handwriting robot must avoid, checked on the glyph matrices we emit.</summary>
public sealed partial class RealismTests
{
    [Fact]
    public void Repeated_letters_in_a_word_never_share_a_transform()
    {
        // Patrick Hand has one form per letter, so doubled letters are the same glyph and only the hand tells them apart.
        var glyphs = Glyphs("Committee, bookkeeper, Mississippi, balloon, coffee, llama, Aaron.", "patrick_hand");

        var pairs = 0;
        for (var i = 1; i < glyphs.Count; i++)
        {
            if (glyphs[i].Glyph == glyphs[i - 1].Glyph && glyphs[i].Glyph != Space)
            {
                pairs++;
                Assert.NotEqual(glyphs[i - 1].Shape, glyphs[i].Shape);
                var angle = Math.Abs(Math.Atan2(glyphs[i].B, glyphs[i].A) - Math.Atan2(glyphs[i - 1].B, glyphs[i - 1].A));
                Assert.True(angle > 0.5 * Math.PI / 180, $"Adjacent '{glyphs[i].Glyph}' glyphs differ by only {angle * 180 / Math.PI:F2}°.");
            }
        }

        Assert.True(pairs >= 10, $"Expected doubled letters in the sample, found {pairs}.");
    }

    [Fact]
    public void Caveat_writes_a_doubled_letter_in_another_of_its_forms()
    {
        // Caveat ships alternates and contextual rules that swap them in when a letter repeats; shaping applies them.
        const string Doubled = "balloon coffee llama committee bookkeeper";
        static int AdjacentSame(string style)
        {
            var glyphs = Glyphs(Doubled, style).Select(g => g.Glyph).ToList();
            return glyphs.Zip(glyphs.Skip(1)).Count(p => p.First == p.Second && p.First != Space);
        }

        Assert.Equal(0, AdjacentSame("caveat"));

        // A font without alternates draws the same glyph twice: the count above is a real measurement.
        Assert.True(AdjacentSame("patrick_hand") >= 8);
    }

    [Fact]
    public void Glyph_rotation_and_scale_stay_within_the_published_handwriting_ranges()
    {
        // The signature is written larger on purpose; the ranges are about the body's letters.
        var glyphs = Glyphs(Letters.Body);
        var signatureLine = glyphs.Min(g => Math.Round(g.F / 10));
        var letters = glyphs.Where(g => g.Glyph != Space && Math.Round(g.F / 10) != signatureLine).ToList();
        var angles = letters.Select(g => Math.Atan2(g.B, g.A) * 180 / Math.PI).ToList();
        var scales = letters.Select(g => Math.Sqrt((g.A * g.A) + (g.B * g.B))).ToList();
        var median = scales.Order().ElementAt(scales.Count / 2);

        Assert.All(angles, a => Assert.InRange(Math.Abs(a), 0, 3.5));
        Assert.True(angles.Max() - angles.Min() > 2, "Letters should lean a little differently.");
        Assert.All(scales, s => Assert.InRange(s / median, 0.88, 1.12));
    }

    [Fact]
    public void The_signature_is_written_in_its_own_faster_hand_leaning_further_and_drawn_out()
    {
        var glyphs = Glyphs(Letters.Body);
        var signatureLine = glyphs.Min(g => Math.Round(g.F / 10));
        static (double Lean, double Stretch) Hand(IEnumerable<(string Glyph, double A, double B, double E, double F, string Shape)> letters)
        {
            var shapes = letters.Select(g => g.Shape.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();

            // The angle between a glyph's horizontal axis (a, b) and its vertical one (c, d): 90° upright, less when it leans.
            var lean = shapes.Average(m => 90 - (Math.Acos(((m[0] * m[2]) + (m[1] * m[3])) / (Math.Sqrt((m[0] * m[0]) + (m[1] * m[1])) * Math.Sqrt((m[2] * m[2]) + (m[3] * m[3])))) * 180 / Math.PI));
            var stretch = shapes.Average(m => Math.Sqrt((m[0] * m[0]) + (m[1] * m[1])) / Math.Sqrt((m[2] * m[2]) + (m[3] * m[3])));
            return (lean, stretch);
        }

        var body = Hand(glyphs.Where(g => g.Glyph != Space && Math.Round(g.F / 10) != signatureLine));
        var signature = Hand(glyphs.Where(g => g.Glyph != Space && Math.Round(g.F / 10) == signatureLine));

        Assert.True(signature.Lean > body.Lean + 6, $"signature leans {signature.Lean:F1}°, body {body.Lean:F1}°");
        Assert.True(signature.Stretch > body.Stretch * 1.08, $"signature width/height {signature.Stretch:F2}, body {body.Stretch:F2}");
    }

    [Fact]
    public void Rotation_drifts_smoothly_from_letter_to_letter_rather_than_jumping()
    {
        var angles = Glyphs(Letters.Body).Where(g => g.Glyph != Space).Select(g => Math.Atan2(g.B, g.A)).ToList();

        // A random walk has strong lag-1 correlation; independent noise has none.
        var mean = angles.Average();
        var numerator = angles.Zip(angles.Skip(1)).Sum(p => (p.First - mean) * (p.Second - mean));
        var denominator = angles.Sum(a => (a - mean) * (a - mean));
        Assert.True(numerator / denominator > 0.3, $"lag-1 autocorrelation {numerator / denominator:F2}");
    }

    [Fact]
    public void Left_margins_are_not_ruler_straight()
    {
        var lineStarts = Glyphs(string.Join("\n\n", Enumerable.Range(0, 3).Select(_ => Letters.Body)))
            .GroupBy(g => Math.Round(g.F / 10))
            .Select(line => line.Min(g => g.E))
            .ToList();

        Assert.True(lineStarts.Distinct().Count() > lineStarts.Count / 2, "Most lines should start at their own x.");
    }

    [Fact]
    public void Ink_shade_drifts_from_word_to_word_within_a_few_percent_of_the_ink()
    {
        var content = Content(Letters.Body);
        var shades = ShadeOp().Matches(content).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

        Assert.Contains(GlyphWriter.ToneSpace + " cs", content, StringComparison.Ordinal);
        Assert.True(shades.Count > 50, $"Every word sets its shade; found {shades.Count}.");
        Assert.True(shades.Distinct().Count() >= 6, "Words should not all share one shade.");
        Assert.All(shades, s => Assert.InRange(s, 0, 16));

        // The palette: 17 shades from 8% lighter to 8% darker than the ink, the middle one the ink itself.
        var ink = Catalogue.Inks[0];
        var palette = Convert.FromHexString(PaletteOp().Match(GlyphWriter.TonePalette(ink)).Groups[1].Value);
        Assert.Equal(17 * 3, palette.Length);
        Assert.Equal((int)Math.Round(ink.R * 255), palette[8 * 3]);
        Assert.InRange(palette[16 * 3 + 2] / (ink.B * 255), 1.05, 1.10);
        Assert.InRange(palette[2] / (ink.B * 255), 0.90, 0.95);
    }

    private const string Space = "0003";

    private static List<(string Glyph, double A, double B, double E, double F, string Shape)> Glyphs(string body, string style = "caveat") =>
        GlyphOp().Matches(Content(body, style))
            .Select(m => (
                GlyphId(m.Groups[7].Value),
                double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture),
                $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value}"))
            .ToList();

    private static string Content(string body, string styleId = "caveat")
    {
        var document = Letters.Standard(styleId) with { Body = body };
        var style = Catalogue.FindStyle(document.Style)!;
        var size = Catalogue.FindPageSize(document.PageSize)!;
        var rng = new Rng(99);
        var hand = Hand.For(style, size, ref rng);
        var metrics = FontMetrics.For(style);
        var pages = Layout.Paginate(document, style, metrics, size, Catalogue.FindPaper(document.Paper)!, hand);
        return System.Text.Encoding.Latin1.GetString(GlyphWriter.WritePage(pages[0], new ShapedText(Shaper.For(style), style, document.Language), hand, Catalogue.Inks[0], "/F0", size.Height, ref rng));
    }

    /// <summary>The glyph id of a literal string operand, as four hex digits: the two bytes, unescaped.</summary>
    private static string GlyphId(string literal)
    {
        var bytes = Regex.Replace(literal, @"\\(.)", m => m.Groups[1].Value == "r" ? "\r" : m.Groups[1].Value);
        Assert.Equal(2, bytes.Length);
        return $"{(int)bytes[0]:X2}{(int)bytes[1]:X2}";
    }

    [GeneratedRegex(@"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) Tm\(((?:\\.|[^\\)])*)\)Tj", RegexOptions.Singleline)]
    private static partial Regex GlyphOp();

    [GeneratedRegex(@"\n(\d+) sc\n")]
    private static partial Regex ShadeOp();

    [GeneratedRegex("<([0-9A-F]+)>")]
    private static partial Regex PaletteOp();
}
