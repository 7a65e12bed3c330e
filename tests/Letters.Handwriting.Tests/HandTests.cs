using System.Text;
using Letters.Handwriting.Hands;
using Letters.Handwriting.Pen;

namespace Letters.Handwriting.Tests;

/// <summary>The demo writers' hands, generated once for the whole run and shelved, as the app shelves approved hands.</summary>
internal static class DemoHands
{
    private static readonly Lazy<IReadOnlyDictionary<string, (CapturedHand Captured, HandLibrary Library)>> Built = new(() =>
        DemoHand.Writers.Select((w, i) => DemoHand.Generate(w.Slug, w.Name, w.Font, (ulong)(i + 1)))
            .ToDictionary(h => h.Id, h =>
            {
                var library = HandLibrary.Build(h);
                Catalogue.Shelve(library);
                return (h, library);
            }));

    public static HandLibrary Get(string slug) => Built.Value[$"{Catalogue.HandPrefix}{slug}"].Library;

    public static CapturedHand Captured(string slug) => Built.Value[$"{Catalogue.HandPrefix}{slug}"].Captured;
}

/// <summary>
/// A writer's own hand: built from a capture (here the demo hands, generated from the plotter fonts with each writer's
/// own distortions), shelved as a style, and written with a new instance of each letter every time, within the
/// writer's own variation.
/// </summary>
public sealed class HandTests
{
    public static TheoryData<string> Hands => ["margaret", "tomas", "ines"];

    [Fact]
    public void A_hand_holds_every_prompt_of_the_sheet_as_often_as_it_was_written()
    {
        var hand = DemoHands.Get("margaret");

        Assert.Equal(HandPrompts.LowerRepeats, hand.Counts["a"]);
        Assert.Equal(HandPrompts.UpperRepeats, hand.Counts["Q"]);
        Assert.Equal(HandPrompts.PairRepeats, hand.Counts["th"]);
        Assert.Equal(HandPrompts.AccentRepeats, hand.Counts["é"]);
        Assert.Equal(1110 + (29 * 3), HandPrompts.All.Count);
        Assert.True(hand.Joined, "Margaret's demo hand is a joined script");
        Assert.False(DemoHands.Get("tomas").Joined, "Tomás's demo hand is print");
    }

    [Fact]
    public void A_shelved_hand_is_a_pen_style_named_for_its_writer_and_refuses_by_name_what_it_was_never_shown()
    {
        DemoHands.Get("margaret");
        var style = Catalogue.FindStyle("hand:margaret");

        Assert.NotNull(style);
        Assert.Equal(StyleKind.Pen, style.Kind);
        Assert.Equal("Margaret's hand (demo)", style.Name);
        Assert.Equal(["☺", "Ł", "ź"], Catalogue.UnsupportedCharacters("hand:margaret", "Liebe Grüße, Straße ☺ Łódź"));
        Assert.Empty(Catalogue.UnsupportedCharacters("hand:margaret", "Dear Claire, it’s “lovely” — 42!"));
        var refused = Assert.Throws<UnsupportedCharactersException>(() => LetterRenderer.Render(SampleLetter.Document(20, "hand:margaret", "white", "a5", 1) with { Body = "Łódź" }));
        Assert.Equal(["Ł", "ź"], refused.Characters);
    }

    /// <summary>
    /// Every instance of a letter on a page is new: no two of them superimpose (their Procrustes distance, what is
    /// left after the best translation, rotation and scale, is above a floor), while each drawn from the form stays
    /// within the writer's own range: no farther from the form's mean shape than the farthest instance they wrote.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hands))]
    public void No_two_instances_of_a_letter_on_a_page_superimpose_and_each_stays_within_the_writers_range(string slug)
    {
        var hand = DemoHands.Get(slug);
        var instances = Instances($"hand:{slug}", 7);
        var compared = 0;
        var closest = double.MaxValue;
        var close = new List<string>();

        // Letters: a full stop is a dab, the same round mark every time, as a pen's is.
        foreach (var group in instances.GroupBy(i => i.Text).Where(g => g.Count() > 1 && g.Key.All(char.IsLetter)))
        {
            var shapes = group.Where(g => g.StrokeStarts.Length == group.First().StrokeStarts.Length).Select(Shape).ToList();
            for (var a = 0; a < shapes.Count; a++)
            {
                for (var b = a + 1; b < shapes.Count; b++)
                {
                    var d = HandLibrary.ProcrustesDistance(shapes[a], shapes[b]);
                    if (d < 0.012)
                    {
                        close.Add($"'{group.Key}' {d:F4}");
                    }

                    closest = Math.Min(closest, d);
                    compared++;
                }
            }
        }

        Assert.True(compared > 200, $"only {compared} pairs of instances compared");
        TestContext.Current.SendDiagnosticMessage($"{slug}: closest pair of instances {closest:F4} over {compared} pairs");
        Assert.True(closest > 0.01, $"{slug}: two instances of a letter superimpose (Procrustes distance {closest:F4}): {string.Join(", ", close)}");

        foreach (var text in new[] { "a", "e", "g", "th", "M" })
        {
            Assert.True(hand.TryForm(text, out var form) && form.Mean is not null, $"{text} has a model");
            var captured = form.Modelled.Select(i => Distance(i.Resampled, form.Mean)).Max();
            var rng = new Rng(11);
            for (var n = 0; n < 200; n++)
            {
                var from = form.Modelled.ElementAt(n % form.Modelled.Count());
                var drawn = HandLibrary.Form.ShapeOf(form.Draw(from, ref rng));
                Assert.True(Distance(drawn, form.Mean) <= captured * 1.001, $"{slug} '{text}': a drawn instance lies {Distance(drawn, form.Mean):F4} from the mean, beyond the writer's own {captured:F4}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Hands))]
    public void The_ink_swells_and_thins_along_each_stroke_and_strokes_start_and_end_tapered(string slug)
    {
        DemoHands.Get(slug);
        var document = SampleLetter.Document(120, $"hand:{slug}", "white", "a4", 3);
        var writing = PenRenderer.Write(document, Catalogue.FindStyle(document.Style)!);
        var nib = writing.Nib;
        var strokes = writing.Pages.SelectMany(p => p.Strokes).Where(s => !Ribbon.IsDot(s, nib) && s.Length > nib * 8).ToList();
        var widths = strokes.Select(s => Ribbon.Shape(s, nib).Halves).ToList();
        var variation = widths.Select(h => Deviation(h) / h.Average()).Order().ToList();
        var tapered = widths.Count(h => h[0] < 0.75 * h.Max() && h[^1] < 0.75 * h.Max());

        Assert.True(strokes.All(s => s.Pressures is not null), "every stroke carries the writer's pressure");
        Assert.True(variation[variation.Count / 2] > 0.2, $"{slug}: the median stroke's width varies by {variation[variation.Count / 2]:F3} of its mean");
        Assert.True(variation[variation.Count / 10] > 0.1, $"{slug}: a tenth of strokes vary by less than {variation[variation.Count / 10]:F3}");
        Assert.True(tapered >= 0.9 * strokes.Count, $"{slug}: {tapered} of {strokes.Count} strokes taper at both ends");
    }

    [Theory]
    [MemberData(nameof(Hands))]
    public void No_i_dot_or_t_bar_sits_at_the_same_place_twice(string slug)
    {
        DemoHands.Get(slug);
        var offsets = Instances($"hand:{slug}", 9)
            .Where(i => i.Text is "i" or "t" && i.StrokeStarts.Length == 2)
            .Select(i => (i.Text, Offset: Centre(i.Strokes.Last()) - Centre(i.Strokes.First())))
            .ToList();

        Assert.True(offsets.Count >= 4, $"{offsets.Count} dots and bars found");
        foreach (var group in offsets.GroupBy(o => o.Text))
        {
            var list = group.ToList();
            for (var a = 0; a < list.Count; a++)
            {
                for (var b = a + 1; b < list.Count; b++)
                {
                    Assert.True((list[a].Offset - list[b].Offset).Length() > 0.002, $"{slug}: two {group.Key}'s marks at the same offset");
                }
            }
        }
    }

    /// <summary>
    /// What the writer's free sentences say of their rhythm comes back out of the letters written in the hand: the
    /// baseline of words wanders by about what it wandered in the sentences, and a hand's rhythm stays in the ranges
    /// published for handwriting (per-letter scale 0.94–1.06).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hands))]
    public void The_rhythm_measured_on_the_free_sentences_stays_in_a_hands_ranges(string slug)
    {
        var rhythm = DemoHands.Get(slug).Rhythm;

        Assert.InRange(rhythm.WordSpace, 0.5, 1.6);
        Assert.InRange(rhythm.BaselineWander, 0.01, 0.12);
        Assert.InRange(rhythm.SizeDrift, 0.005, 0.03);
        Assert.InRange(rhythm.SlantDrift, 0.005, 0.12);
    }

    /// <summary>
    /// On a written page, words' baselines wander about as they did in the writer's free sentences: measured the same way
    /// (the lower fifth of each word's ink, in x-heights, which a descender moves as much as the hand), less each line's
    /// own slope, their spread lies between half and 1.25 times the sentences'. Measured, seed 3: Margaret 0.12 against
    /// 0.19, Tomás 0.13 against 0.13, Ines 0.12 against 0.15. And the left margin is not a ruler: the body's lines start
    /// within a band of an x-height and a half, no two lines of ten at one place.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hands))]
    public void Word_baselines_wander_as_the_writers_sentences_did_and_the_left_margin_drifts(string slug)
    {
        var hand = DemoHands.Get(slug);
        var document = SampleLetter.Document(200, $"hand:{slug}", "white", "a4", 3);
        var writing = PenRenderer.Write(document, Catalogue.FindStyle(document.Style)!);
        var xHeight = writing.Hand.FontSize * HandLibrary.XHeight / HandLibrary.UnitsPerEm;
        var offsets = new List<double>();
        foreach (var line in writing.Pages.SelectMany(p => p.Strokes.GroupBy(s => s.Origin.Y)))
        {
            var words = line.GroupBy(s => s.Origin.X).Select(word =>
            {
                var heights = word.SelectMany(s => s.Points).Select(p => (word.First().Origin.Y - p.Y) / xHeight).Order().ToList();
                return (X: word.Key / xHeight, Y: heights[(int)(0.2 * (heights.Count - 1))]);
            }).ToList();
            if (words.Count < 3)
            {
                continue;
            }

            var (mx, my) = (words.Average(w => w.X), words.Average(w => w.Y));
            var slope = words.Sum(w => (w.X - mx) * (w.Y - my)) / Math.Max(words.Sum(w => (w.X - mx) * (w.X - mx)), 1e-9);
            offsets.AddRange(words.Select(w => w.Y - my - (slope * (w.X - mx))));
        }

        var spread = Math.Sqrt(offsets.Sum(o => o * o) / (offsets.Count - 1));
        var sentences = hand.Rhythm.SentenceBaselineSpread;
        Assert.InRange(spread, 0.5 * sentences, 1.25 * sentences);

        var margins = writing.Pages.SelectMany(p => p.Lines).Where(l => l.Words.Count > 0).Select(l => l.Words[0].Left / xHeight).ToList();
        var body = margins.Where(m => m < margins.Min() + 1.5).ToList();
        Assert.True(body.Count >= 10, $"{body.Count} body lines");
        Assert.True(body.Max() - body.Min() is > 0.2 and < 1.5, $"{slug}: the margin spans {body.Max() - body.Min():F2} x-heights");
        Assert.True(body.Take(10).Distinct().Count() == 10, $"{slug}: two lines start at one place");
    }

    [Fact]
    public void A_hand_goes_out_as_InkML_and_comes_back_the_same()
    {
        var captured = DemoHands.Captured("tomas");
        var inkml = InkMl.Write(captured);
        var back = InkMl.Read(captured.Id, captured.Name, new MemoryStream(Encoding.UTF8.GetBytes(inkml)));

        Assert.Contains("http://www.w3.org/2003/InkML", inkml, StringComparison.Ordinal);
        Assert.True(back.Demo);
        Assert.Equal(captured.Samples.Count, back.Samples.Count);
        Assert.Equal(captured.Samples.Select(s => (s.Box, s.Prompt, s.Traces.Count)), back.Samples.Select(s => (s.Box, s.Prompt, s.Traces.Count)));
        var (a, b) = (captured.Samples[40].Traces[0].Points, back.Samples[40].Traces[0].Points);
        Assert.Equal(a.Count, b.Count);
        Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First.X - p.Second.X) < 1e-4 && Math.Abs(p.First.T - p.Second.T) < 0.06 && Math.Abs(p.First.Pressure - p.Second.Pressure) < 1e-3));
        Assert.Equal(DemoHands.Get("tomas").Counts, HandLibrary.Build(back with { Id = "hand:tomas-back" }).Counts);
    }

    [Theory]
    [InlineData("<ink xmlns=\"http://www.w3.org/2003/InkML\"><traceGroup><trace>0 0, 1 1</trace></traceGroup></ink>", "no truth annotation")]
    [InlineData("<ink xmlns=\"http://www.w3.org/2003/InkML\"><traceGroup><annotation type=\"truth\">a</annotation><trace>0 x, 1 1</trace></traceGroup></ink>", "not a number")]
    [InlineData("<svg/>", "not InkML")]
    [InlineData("<ink", "Not well-formed")]
    [InlineData("<!DOCTYPE ink [<!ENTITY x \"y\">]><ink xmlns=\"http://www.w3.org/2003/InkML\"/>", "Not well-formed")]
    public void InkML_it_cannot_read_is_refused_saying_why(string inkml, string why)
    {
        var refused = Assert.Throws<FormatException>(() => InkMl.Read("hand:x", "X", new MemoryStream(Encoding.UTF8.GetBytes(inkml))));
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_writes_the_same_letter_in_a_hand_and_another_seed_another()
    {
        DemoHands.Get("ines");
        var document = SampleLetter.Document(60, "hand:ines", "cream", "a5", 4);

        Assert.Equal(LetterRenderer.Render(document).Pdf, LetterRenderer.Render(document).Pdf);
        Assert.NotEqual(LetterRenderer.Render(document).Pdf, LetterRenderer.Render(document with { Seed = 5 }).Pdf);
        Assert.Contains("<path", PlotterFiles.Svg(document, 1), StringComparison.Ordinal);
        Assert.Contains("Fifty years", Poppler.Text(LetterRenderer.Render(document).Pdf).ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    /// <summary>
    /// Legibility, read back by Tesseract from a 300 dpi render as <see cref="LegibilityTests"/> reads the styles, within
    /// a stated margin of the same text in Allure (the default pen) read in the same run. Measured, seeds 5, 6 and 7:
    /// Allure 0.71, 0.67, 0.76; Margaret's hand (from Allure) 0.68, 0.79, 0.63; Tomás's (from Tech) 0.54, 0.48, 0.56;
    /// Ines's (from Hershey Script, which itself reads 0.76, 0.77, 0.74) 0.71, 0.94, 0.88. Tech alone reads 0.19: the
    /// demo writer's slant, wobble and new shapes cost Tesseract (trained on print) far more than they cost a person,
    /// and it loses whole lines of a joined script when its layout analysis misjudges the spacing (Ines's hand with a
    /// little wider word spaces read as an empty page). The test averages seeds 5 and 6.
    /// </summary>
    [Theory]
    [InlineData("margaret", 0.2)]
    [InlineData("tomas", 0.0)]
    [InlineData("ines", 0.25)]
    public void A_letter_in_a_hand_reads_back_with_ocr_within_a_stated_margin_of_Allure(string slug, double margin)
    {
        DemoHands.Get(slug);
        var text = SampleLetter.FirstWords(90);
        double Rate(string style) => new ulong[] { 5, 6 }.Average(seed =>
            LegibilityTests.WordErrorRate(text, Tesseract.Read(Poppler.FirstPagePng(LetterRenderer.Render(SampleLetter.Document(90, style, "white", "a4", seed) with { Body = text }).Pdf, 300))));
        var (hand, allure) = (Rate($"hand:{slug}"), Rate("allure"));

        Assert.True(hand <= allure + margin, $"{slug}: word error rate {hand:F3}, Allure {allure:F3}: more than {margin} worse");
    }

    private static List<GlyphInstance> Instances(string styleId, ulong seed)
    {
        var document = SampleLetter.Document(160, styleId, "white", "a4", seed);
        var style = Catalogue.FindStyle(styleId)!;
        var size = Catalogue.FindPageSize(document.PageSize)!;
        var rng = new Rng(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        var glyphs = IPenGlyphs.For(style);
        var instances = new List<GlyphInstance>();
        foreach (var page in Layout.Paginate(document, style, glyphs, size, Catalogue.FindPaper(document.Paper)!, hand))
        {
            PenHand.Write(page, glyphs, style, hand, ref rng, instances);
        }

        return instances;
    }

    private static List<(double X, double Y)> Shape(GlyphInstance instance) =>
        [.. instance.Strokes.SelectMany(s => Geometry.Resample([.. s.Select(p => new InkPoint(p.X, p.Y, 0, 0.5))], HandLibrary.PointsPerTrace)).Select(p => (p.X, p.Y))];

    private static double Distance(System.Numerics.Complex[] shape, System.Numerics.Complex[] mean) =>
        HandLibrary.ProcrustesDistance([.. shape.Select(c => (c.Real, c.Imaginary))], [.. mean.Select(c => (c.Real, c.Imaginary))]);

    private static System.Numerics.Vector2 Centre(PenPoint[] stroke) => new((float)stroke.Average(p => p.X), (float)stroke.Average(p => p.Y));

    private static double Deviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
