using Letters.Handwriting.Books;

namespace Letters.Handwriting.Tests;

public sealed class BookTests
{
    [Theory]
    [InlineData(24, 0.375)]
    [InlineData(150, 0.375)]
    [InlineData(151, 0.5)]
    [InlineData(300, 0.5)]
    [InlineData(301, 0.625)]
    [InlineData(500, 0.625)]
    [InlineData(501, 0.75)]
    [InlineData(700, 0.75)]
    [InlineData(701, 0.875)]
    public void The_gutter_widens_with_the_page_count_as_print_on_demand_printers_require(int pages, double inches) =>
        Assert.Equal(inches, PrintRules.GutterInches(pages));

    [Theory]
    [InlineData(1, 24)]
    [InlineData(24, 24)]
    [InlineData(25, 28)]
    [InlineData(101, 104)]
    [InlineData(104, 104)]
    public void A_book_is_padded_to_at_least_24_pages_and_a_multiple_of_4(int pages, int padded) =>
        Assert.Equal(padded, PrintRules.PaddedPageCount(pages));

    [Fact]
    public void The_index_takes_names_inside_sentences_and_the_names_it_is_told_of_but_not_a_capital_that_starts_a_sentence()
    {
        const string page = "14 June 2026\n\nMy dearest Claire,\n\nFifty years ago you walked into the bakery on Rue Cler and asked for\nalmond croissants. " +
            "Claire’s laugh is the same. In June we went to Étretat; Biscuit came too, and “Good,” said Mum.\n\nWith all my love,\n\nHenri";
        var names = NameIndex.Find(page, ["Henri", "Claire"]);
        Assert.Equal(new HashSet<string> { "Claire", "Henri", "Rue Cler", "Étretat", "Biscuit", "Mum" }, names.ToHashSet());
        Assert.DoesNotContain("Fifty", names);
        Assert.DoesNotContain("June", names);
        Assert.DoesNotContain("In", names);
        Assert.DoesNotContain("Good", names);
        Assert.DoesNotContain("With", names);
    }

    [Fact]
    public void A_name_broken_over_a_page_edge_is_one_name_on_the_page_where_it_begins()
    {
        var pages = NameIndex.Find(["We argued about Proust all night at the Café", "Procope, and walked home by the river."], []);
        Assert.Equal(["Proust", "Café Procope"], pages[0]);
        Assert.Empty(pages[1]);
    }

    [Theory]
    [InlineData("allure")]
    [InlineData("caveat")]
    public void The_words_of_each_page_are_the_words_the_letter_shows_on_that_page(string style)
    {
        var document = SampleLetter.Document(400, style, seed: 11) with { Envelope = new Envelope(["Claire Martin", "12 Rue Cler", "75007 Paris", "France"]) };
        var letter = LetterRenderer.Render(document);
        var pages = LetterRenderer.PageTexts(document);

        // The envelope page follows the letter's pages and is not among them.
        Assert.True(pages.Count >= 2, $"{style}: {pages.Count} page(s)");
        Assert.Equal(letter.PageCount - 1, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            // A page after the first carries its number at the foot, which is not the letter's words.
            var words = Letters.Words(pages[i]);
            Assert.Equal(i == 0 ? words : $"{words} {i + 1}", Letters.Words(Poppler.Text(letter.Pdf, i + 1)));
        }
    }

    [Fact]
    public void An_a5_book_has_its_title_dedication_contents_letters_and_index_where_a_reader_expects_them()
    {
        var letters = Enumerable.Range(0, 3).Select(i =>
        {
            var document = SampleLetter.Document(150 + (i * 150), i == 1 ? "caveat" : "allure", seed: (ulong)i + 3);
            return new BookLetter($"{14 + i} June {2024 + i}", "Anniversary", "Paris, France", LetterRenderer.Render(document).Pdf, LetterRenderer.PageTexts(document));
        }).ToList();
        var book = BookComposer.Compose(new BookDocument
        {
            Title = "Fifty Years of Mornings", Subtitle = "3 letters, 2024–2026", Dedication = "For Claire, who kept every one of them.", Trim = BookTrim.A5,
            Letters = letters, Names = ["Claire"], Colophon = ["Letters written by hand for Henri Martin."],
        });

        Assert.Equal(24, book.PageCount);
        Assert.Equal(0.375, book.GutterInches);
        Assert.Contains("Fifty Years of Mornings", Poppler.Text(book.Pdf, 1), StringComparison.Ordinal);
        Assert.Contains("For Claire, who kept every one of them.", Poppler.Text(book.Pdf, 3), StringComparison.Ordinal);
        Assert.StartsWith("Contents", Poppler.Text(book.Pdf, 5).Trim(), StringComparison.Ordinal);

        // Letters begin on the right-hand page after the contents, one after another; each is headed with its date.
        Assert.Equal(7, book.LetterPages[0]);
        for (var i = 0; i < letters.Count; i++)
        {
            Assert.StartsWith($"{14 + i} June {2024 + i}", Poppler.Text(book.Pdf, book.LetterPages[i]).Trim(), StringComparison.Ordinal);
        }

        Assert.Equal([book.LetterPages[0] + letters[0].PageTexts.Count, book.LetterPages[1] + letters[1].PageTexts.Count], book.LetterPages.Skip(1));
        Assert.InRange(book.IndexPage, book.LetterPages[2] + letters[2].PageTexts.Count, book.LetterPages[2] + letters[2].PageTexts.Count + 1);
        Assert.Equal(1, book.IndexPage % 2);

        // The salutation names Claire on the first page of every letter; the index says so.
        Assert.StartsWith("Index of names", Poppler.Text(book.Pdf, book.IndexPage).Trim(), StringComparison.Ordinal);
        var claire = Assert.Single(book.Index, e => e.Name == "Claire");
        Assert.Subset(claire.Pages.ToHashSet(), book.LetterPages.ToHashSet());
        for (var page = 1; page <= book.PageCount; page++)
        {
            var (width, height) = Poppler.PageSize(book.Pdf, page);
            Assert.Equal((419.53, 595.28), (Math.Round(width, 2), Math.Round(height, 2)));
        }

        // Every font embedded (pdffonts' "emb" column), the book face's and the letters' own.
        var fonts = Poppler.Fonts(book.Pdf).Split('\n').Skip(2).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(fonts, f => string.Join(' ', f).Contains("EB Garamond", StringComparison.Ordinal));
        Assert.All(fonts, f => Assert.Equal("yes", f[^5]));
    }
}
