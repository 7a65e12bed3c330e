namespace Letters.Handwriting.Tests;

public sealed class LayoutTests
{
    [Fact]
    public void Every_page_but_the_last_is_written_down_to_the_bottom_margin()
    {
        // One long paragraph (no paragraph gaps), cut at many lengths, so page breaks fall on every line of it,
        // including the paragraph's last: no line is held back for a widow rule.
        var paragraph = (SampleLetter.Body + " " + SampleLetter.Body).Replace("\n\n", " ", StringComparison.Ordinal);
        var words = paragraph.Split(' ');
        foreach (var style in new[] { "caveat", "allure", "tech" })
        {
            for (var count = 150; count <= 400; count += 7)
            {
                var document = SampleLetter.Document(style: style, seed: (ulong)count) with { Body = string.Join(' ', words.Take(count)) };
                var (pages, hand, size) = LayWithHand(document);
                var capacity = Math.Floor((size.Height - hand.TopMargin - hand.BottomMargin) / hand.Pitch);
                var lowest = hand.TopMargin + (hand.Pitch * 0.8) + ((capacity - 1) * hand.Pitch);
                // The one line a writer carries over so the closing does not stand alone on the last page is not held back.
                var carried = pages[^1].Lines.Count(l => l.Kind == LineKind.Body) == 1 && pages.Count > 1 ? 1 : 0;
                var wander = 2 * Layout.PitchWander * hand.Pitch;
                foreach (var page in pages.SkipLast(1 + carried).Where(p => p.Lines.Any(l => l.Kind == LineKind.Body)))
                {
                    var last = page.Lines.Where(l => l.Kind != LineKind.PageNumber).Max(l => l.Baseline);
                    // No room was left for one more line: the page was written to its foot (give or take the lines' wander).
                    Assert.True(last <= lowest + wander + 1 && lowest - last < hand.Pitch + wander - 0.5, $"{style}, {count} words: page {page.Number} stops at {last:F0}; its lowest line is at {lowest:F0}");
                }
            }
        }
    }

    [Fact]
    public void The_closing_and_signature_squeeze_onto_the_last_page_rather_than_stand_alone()
    {
        var alone = 0;
        for (var words = 60; words <= 330; words += 3)
        {
            var pages = Lay(SampleLetter.Document(words, seed: (ulong)words));
            var last = pages[^1].Lines.Where(l => l.Kind is not LineKind.PageNumber).ToList();
            alone += last.All(l => l.Kind is LineKind.Closing or LineKind.Signature) ? 1 : 0;
        }

        // Where even 12% tighter lines cannot hold them, the letter's last line goes over with them.
        Assert.Equal(0, alone);
    }

    [Theory]
    [InlineData("patrick_hand", "a5")]
    [InlineData("caveat", "a5")]
    [InlineData("allure", "a4")]
    public void The_closing_never_stands_alone_on_a_page_at_any_length(string style, string pageSize)
    {
        for (var words = 40; words <= 420; words += 2)
        {
            var pages = Lay(SampleLetter.Document(words, style, "cream", pageSize, (ulong)words));
            var closingPage = pages.Single(p => p.Lines.Any(l => l.Kind == LineKind.Closing));
            Assert.True(closingPage.Lines.Any(l => l.Kind is LineKind.Body or LineKind.Salutation or LineKind.Date), $"{style}, {pageSize}, {words} words: page {closingPage.Number} holds only the closing and signature");
        }
    }

    /// <summary>
    /// On unruled paper a hand's lines wander: the space from one baseline to the next varies (a standard deviation of
    /// 3–9 % of the pitch, no gap under 70 % or over 130 % of it), and the lines' slopes differ (within half a
    /// degree). On ruled paper the writing sits on the rules, one pitch apart.
    /// </summary>
    [Fact]
    public void Lines_wander_in_spacing_and_slope_on_unruled_paper_and_sit_on_the_rules_on_ruled()
    {
        var document = SampleLetter.Document(300, "allure", "cream", "a4", 9) with { Body = SampleLetter.FirstWords(300).Replace("\n\n", " ", StringComparison.Ordinal) };
        var (unruled, hand, _) = LayWithHand(document);
        var (ruled, ruledHand, _) = LayWithHand(document with { Paper = "ruled" });

        var body = unruled[0].Lines.Where(l => l.Kind == LineKind.Body).ToList();
        var gaps = body.Zip(body.Skip(1)).Select(p => (p.Second.Baseline - p.First.Baseline) / hand.Pitch).ToList();
        var deviation = Math.Sqrt(gaps.Average(g => (g - gaps.Average()) * (g - gaps.Average())));
        Assert.True(gaps.Count > 15);
        Assert.InRange(deviation, 0.03, 0.09);
        Assert.All(gaps, g => Assert.InRange(g, 0.7, 1.3));
        Assert.True(body.Select(l => Math.Round(l.Slope, 4)).Distinct().Count() > gaps.Count / 2);
        Assert.All(body, l => Assert.InRange(l.Slope, -0.0091, 0.0091));

        var onRules = ruled[0].Lines.Where(l => l.Kind == LineKind.Body).ToList();
        Assert.All(onRules.Zip(onRules.Skip(1)), p => Assert.Equal(ruledHand.Pitch, p.Second.Baseline - p.First.Baseline, 0.01));
    }

    [Fact]
    public void The_signature_never_starts_a_page_without_its_closing()
    {
        for (var words = 60; words <= 330; words += 3)
        {
            var pages = Lay(SampleLetter.Document(words, seed: (ulong)words));
            var signaturePage = pages.Single(p => p.Lines.Any(l => l.Kind == LineKind.Signature));
            Assert.Contains(signaturePage.Lines, l => l.Kind == LineKind.Closing);
        }
    }

    [Fact]
    public void Lines_stay_inside_the_page_margins()
    {
        var document = SampleLetter.Document(style: "dancing_script", pageSize: "a4");
        var size = Catalogue.FindPageSize("a4")!;

        foreach (var line in Lay(document).SelectMany(p => p.Lines))
        {
            Assert.InRange(line.X, size.Width * 0.05, size.Width * 0.9);
            Assert.InRange(line.X + line.Width, 0, size.Width * 0.97);
            Assert.InRange(line.Baseline, size.Height * 0.05, size.Height * 0.98);
        }
    }

    public static TheoryData<string, string> StylesAndPageSizes()
    {
        var data = new TheoryData<string, string>();
        foreach (var style in Catalogue.Styles)
        {
            foreach (var size in Catalogue.PageSizes)
            {
                data.Add(style.Id, size.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StylesAndPageSizes))]
    public void A_long_signature_starts_further_left_and_the_final_passes_preflight(string style, string pageSize)
    {
        var document = SampleLetter.Document(60, style, pageSize: pageSize, seed: 31) with { Closing = "With warm thanks from all of us,", Signature = "The Friends of Bath Library" };

        Assert.Empty(LetterFit.Check(document));
        var report = Preflight.Check(LetterRenderer.Render(document).Pdf, pageSize);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Whatever_the_seed_a_signature_the_check_passes_ends_inside_the_right_margin()
    {
        foreach (var style in Catalogue.Styles.Select(s => s.Id))
        {
            var size = Catalogue.FindPageSize("a5")!;
            var signature = "The Friends of the Bath Royal Literary and Scientific Institution";
            var document = SampleLetter.Document(40, style, pageSize: "a5");
            // The longest head of the signature the check lets through.
            var fits = LetterFit.Check(document with { Signature = signature }).Single(p => p.Field == "signature").Fits;
            var longest = signature[..fits].TrimEnd();
            Assert.Empty(LetterFit.Check(document with { Signature = longest }));
            for (ulong seed = 1; seed <= 40; seed++)
            {
                var (pages, hand, _) = LayWithHand(document with { Signature = longest, Seed = seed });
                var line = pages.SelectMany(p => p.Lines).Single(l => l.Kind == LineKind.Signature);
                Assert.True(line.X + line.Width <= size.Width - (hand.RightMargin * 0.5), $"{style}, seed {seed}: the signature ends at {line.X + line.Width:F0} of {size.Width:F0}");
                Assert.True(line.X >= hand.LeftMargin - 5, $"{style}, seed {seed}: the signature starts at {line.X:F0}, left of the margin");
            }
        }
    }

    [Fact]
    public void A_signature_too_wide_for_any_line_is_named_with_how_much_fits()
    {
        var document = SampleLetter.Document(40, "allure", pageSize: "a5") with { Signature = "The Friends of the Bath Royal Literary and Scientific Institution" };

        var problem = Assert.Single(LetterFit.Check(document));

        Assert.Equal("signature", problem.Field);
        Assert.InRange(problem.Fits, 10, document.Signature.Length - 1);
        Assert.Contains("Shorten it", problem.Message, StringComparison.Ordinal);
        Assert.Contains("A5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_line_too_wide_for_its_envelope_is_named()
    {
        var document = SampleLetter.Document(40, "caveat", pageSize: "a5") with
        {
            Envelope = new Envelope(["Margaret O'Brien", "The Old Rectory at the End of the Long Lane Behind the Church of St Mary", "Bath BA1 1AA"], null, "c6"),
        };

        var problem = Assert.Single(LetterFit.Check(document));

        Assert.Equal("recipient", problem.Field);
        Assert.StartsWith("The Old Rectory", problem.Text, StringComparison.Ordinal);
        Assert.Contains("envelope", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_too_long_for_the_window_is_refused_rather_than_written_tiny()
    {
        var document = SampleLetter.Document(40, "allure", pageSize: "a4") with
        {
            AddressPlacement = AddressPlacement.Window,
            Envelope = new Envelope(["Margaret O'Brien", "The Old Rectory at the End of the Long Lane Behind the Church of St Mary and the Green", "Bath BA1 1AA"], null, "dl"),
        };

        var problem = Assert.Single(LetterFit.Check(document));

        Assert.Equal("recipient", problem.Field);
        Assert.Contains("window", problem.Message, StringComparison.Ordinal);
        Assert.Empty(LetterFit.Check(document with { Envelope = new Envelope(["Margaret O'Brien", "12 Green Park", "Bath BA1 1AA"], null, "dl") }));
    }

    private static List<LaidOutPage> Lay(LetterDocument document) => LayWithHand(document).Pages;

    private static (List<LaidOutPage> Pages, Hand Hand, PageSize Size) LayWithHand(LetterDocument document)
    {
        var style = Catalogue.FindStyle(document.Style)!;
        var size = Catalogue.FindPageSize(document.PageSize)!;
        var rng = new Rng(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        return (Layout.Paginate(document, style, Catalogue.Measure(style), size, Catalogue.FindPaper(document.Paper)!, hand), hand, size);
    }
}
