namespace Letters.Handwriting.Tests;

public sealed class LayoutTests
{
    [Fact]
    public void No_page_starts_with_the_lone_last_line_of_a_paragraph()
    {
        // Paragraphs of many lengths, each distinct, across many seeds: page breaks land everywhere.
        var paragraphs = Enumerable.Range(0, 14)
            .Select(i => $"Paragraph {i}: " + SampleLetter.FirstWords(12 + (i * 7 % 45)).Replace("\n\n", " ", StringComparison.Ordinal))
            .ToList();
        var breaksInsideParagraphs = 0;

        for (ulong seed = 1; seed <= 40; seed++)
        {
            var document = SampleLetter.Document(seed: seed) with { Body = string.Join("\n\n", paragraphs) };
            // Walk the body lines in order against the paragraphs to know where each line sits in its paragraph.
            var pages = Lay(document);
            var (index, rest) = (0, paragraphs[0]);
            foreach (var page in pages)
            {
                var firstOnPage = true;
                foreach (var line in page.Lines.Where(l => l.Kind == LineKind.Body))
                {
                    var startsParagraph = rest.Length == paragraphs[index].Length;
                    Assert.StartsWith(line.Text, rest, StringComparison.Ordinal);
                    rest = rest[line.Text.Length..].TrimStart();
                    var endsParagraph = rest.Length == 0;
                    if (firstOnPage && page.Number > 1)
                    {
                        Assert.False(endsParagraph && !startsParagraph, $"seed {seed}, page {page.Number} starts with the widow \"{line.Text}\"");
                        breaksInsideParagraphs += startsParagraph ? 0 : 1;
                    }

                    firstOnPage = false;
                    if (endsParagraph && ++index < paragraphs.Count)
                    {
                        rest = paragraphs[index];
                    }
                }
            }

            Assert.Equal(paragraphs.Count, index);
        }

        Assert.True(breaksInsideParagraphs > 20, "The sample should break pages inside paragraphs often enough to test the rule.");
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

    private static List<LaidOutPage> Lay(LetterDocument document)
    {
        var style = Catalogue.FindStyle(document.Style)!;
        var size = Catalogue.FindPageSize(document.PageSize)!;
        var rng = new Rng(document.Seed);
        var hand = Hand.For(style, size, ref rng);
        return Layout.Paginate(document, style, FontMetrics.For(style), size, Catalogue.FindPaper(document.Paper)!, hand);
    }
}
