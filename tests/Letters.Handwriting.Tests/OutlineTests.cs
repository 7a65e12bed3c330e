namespace Letters.Handwriting.Tests;

/// <summary>The font styles' ink: every letter its own outline, bent as a hand bends it, words apart.</summary>
public sealed class OutlineTests
{
    public static TheoryData<string> FontStyles => [.. Catalogue.Styles.Where(s => s.Kind == StyleKind.Font).Select(s => s.Id)];

    /// <summary>
    /// A font draws one outline per glyph: all 157 e's on a Kalam page were one shape moved, and Caveat's three
    /// alternates repeated exactly. Now each instance is bent by its own field: after the best affine fit of one letter
    /// onto the next, a mean of 0.008–0.013 em is left (measured; the pen styles' is 0.021), the closest pair
    /// 0.002–0.004 em. The test asks a mean above 0.006 em and no pair under 0.0015 em.
    /// </summary>
    [Theory]
    [MemberData(nameof(FontStyles))]
    public void No_two_instances_of_a_glyph_on_a_page_superimpose(string style)
    {
        var written = GlyphWriter.FirstPage(SampleLetter.Document(200, style, "white", "a4", 7));
        var residuals = new List<double>();
        // Letters, not dots and commas: a mark smaller than a third of an em bends almost as a whole.
        static double Extent(GlyphOutlines.Outline o) =>
            Math.Max(Enumerable.Range(0, o.Points.Length / 2).Max(i => o.Points[2 * i]) - Enumerable.Range(0, o.Points.Length / 2).Min(i => o.Points[2 * i]),
                Enumerable.Range(0, o.Points.Length / 2).Max(i => o.Points[(2 * i) + 1]) - Enumerable.Range(0, o.Points.Length / 2).Min(i => o.Points[(2 * i) + 1]));
        foreach (var group in written.Where(g => g.Outline.Points.Length >= 12 && Extent(g.Outline) >= 0.33).GroupBy(g => g.Glyph).Where(g => g.Count() > 1))
        {
            var list = group.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                var size = Math.Abs(list[i].D);
                residuals.Add(Affine.Residual([.. list[i - 1].Ink()], [.. list[i].Ink()]) / size);
            }
        }

        Assert.True(residuals.Count > 200, $"only {residuals.Count} repeated glyphs");
        Assert.True(residuals.Average() > 0.006, $"{style}: mean residual {residuals.Average():F4} em");
        Assert.True(residuals.Min() > 0.0015, $"{style}: two instances differ by only {residuals.Min():F4} em beyond an affine transform");
    }

    /// <summary>
    /// Between two words on a line there is paper: the last letter's ink ends before the next word's begins, by at
    /// least a tenth of an em, in every gap but a rare few where a swash reaches over (Homemade Apple's exit strokes
    /// reach past its narrow space; it now takes 0.62 em between words).
    /// </summary>
    [Theory]
    [MemberData(nameof(FontStyles))]
    public void Words_on_a_line_stand_apart(string style)
    {
        var written = GlyphWriter.FirstPage(SampleLetter.Document(200, style, "white", "a4", 7));
        var words = written.GroupBy(g => g.Word).Select(w => w.ToList()).ToList();
        var gaps = new List<double>();
        for (var i = 1; i < words.Count; i++)
        {
            var (before, after) = (words[i - 1], words[i]);
            var size = Math.Abs(after[0].D);
            if (Math.Abs(before[0].F - after[0].F) > size / 2 || after[0].E < before[^1].E)
            {
                continue; // a new line
            }

            gaps.Add((after.SelectMany(g => g.Ink()).Min(p => p.X) - before.SelectMany(g => g.Ink()).Max(p => p.X)) / size);
        }

        Assert.True(gaps.Count > 100);
        var apart = gaps.Count(g => g > 0.1);
        Assert.True(apart >= gaps.Count * 0.97, $"{style}: only {apart} of {gaps.Count} word gaps show paper (smallest {gaps.Min():F2} em)");
    }

    [Theory]
    [MemberData(nameof(FontStyles))]
    public void The_ink_is_outlines_and_the_text_is_still_there_to_search_and_copy(string style)
    {
        var document = SampleLetter.Document(60, style, "white", "a5", 7);
        var pdf = LetterRenderer.Render(document).Pdf;

        var text = Poppler.Text(pdf);
        Assert.Contains(document.Body.Split(' ')[3], text, StringComparison.Ordinal);
        Assert.True(Preflight.Check(pdf, "a5").Passed);
        Assert.True(Preflight.InkBox(pdf, 1) is { Width: > 200, Height: > 100 }, "preflight sees the ink");
    }
}
