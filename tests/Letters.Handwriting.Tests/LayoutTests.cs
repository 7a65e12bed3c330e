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
                foreach (var page in pages.SkipLast(1).Where(p => p.Lines.Any(l => l.Kind == LineKind.Body)))
                {
                    var last = page.Lines.Where(l => l.Kind != LineKind.PageNumber).Max(l => l.Baseline);
                    // No room was left for one more line: the page was written to its foot.
                    Assert.True(last <= lowest + 1 && lowest - last < hand.Pitch - 0.5, $"{style}, {count} words: page {page.Number} stops at {last:F0}; its lowest line is at {lowest:F0}");
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

        // Only where even 12% tighter lines cannot hold them may they turn the page on their own.
        Assert.InRange(alone, 0, 3);
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
