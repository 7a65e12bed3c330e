using System.Text.RegularExpressions;

namespace Letters.Handwriting.Tests;

public sealed partial class RendererTests
{
    [Fact]
    public void Same_document_and_seed_give_a_byte_identical_pdf()
    {
        var first = LetterRenderer.Render(Letters.Standard(seed: 11)).Pdf;
        var second = LetterRenderer.Render(Letters.Standard(seed: 11)).Pdf;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_places_the_glyphs_differently_but_keeps_the_words()
    {
        var a = LetterRenderer.Render(Letters.Standard(seed: 1)).Pdf;
        var b = LetterRenderer.Render(Letters.Standard(seed: 2)).Pdf;

        Assert.NotEqual(a, b);
        var pixelsA = GreyImage.FromPng(Poppler.FirstPagePng(a, 40));
        var pixelsB = GreyImage.FromPng(Poppler.FirstPagePng(b, 40));
        Assert.True(pixelsA.MeanDifference(pixelsB) > 1.0, "Two seeds should look like two sittings, not the same page.");
        Assert.Equal(Letters.Words(Poppler.Text(a)), Letters.Words(Poppler.Text(b)));
    }

    [Theory]
    [MemberData(nameof(StyleIds))]
    public void Extracted_text_equals_the_input_in_every_style(string style)
    {
        var document = Letters.Standard(style);

        var text = Poppler.Text(LetterRenderer.Render(document).Pdf);

        Assert.Equal(Letters.ExpectedWords(document), Letters.Words(text));
    }

    [Fact]
    public void Accented_latin_letters_survive_the_round_trip()
    {
        var document = Letters.Standard("patrick_hand") with
        {
            Salutation = "Droga Małgosiu, querida Begoña,",
            Body = "Große Grüße aus Győr, Łódź, Kraków and Île-de-France: œuvre, façade, naïve, Ærø, Škoda, Čapek.",
        };

        var text = Poppler.Text(LetterRenderer.Render(document).Pdf);

        Assert.Equal(Letters.ExpectedWords(document), Letters.Words(text));
    }

    [Theory]
    [MemberData(nameof(StyleIds))]
    public void Every_font_is_embedded_as_a_subset_with_a_unicode_map(string style)
    {
        var fonts = Poppler.Fonts(LetterRenderer.Render(Letters.Standard(style) with { Proof = true }).Pdf);

        var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            // name, type, encoding, emb, sub, uni, object id
            Assert.Matches(@"^[A-Z]{6}\+.+?\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", row);
        }
    }

    [Fact]
    public void A_long_letter_flows_onto_a_second_page_numbered_2()
    {
        var body = string.Join("\n\n", Enumerable.Range(1, 9).Select(_ => Letters.Body));
        var document = Letters.Standard() with { Body = body };

        var rendered = LetterRenderer.Render(document);

        Assert.True(rendered.PageCount >= 2);
        var page2 = Poppler.Text(rendered.Pdf, page: 2).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("2", page2);
        Assert.DoesNotContain("1", Poppler.Text(rendered.Pdf, page: 1).Split('\n', StringSplitOptions.TrimEntries));
        var all = string.Concat(Enumerable.Range(1, rendered.PageCount).Select(p => Regex.Replace(Poppler.Text(rendered.Pdf, p), @"^\s*\d+\s*$", " ", RegexOptions.Multiline)));
        Assert.Equal(Letters.ExpectedWords(document), Letters.Words(all));
    }

    [Fact]
    public void Characters_a_style_cannot_draw_are_reported_and_never_drawn_blank()
    {
        var unsupported = Catalogue.UnsupportedCharacters("homemade_apple", "Dzień dobry, Łukasz → 漢");

        Assert.Equal(["ń", "→", "漢"], unsupported);
        var error = Assert.Throws<UnsupportedCharactersException>(() => LetterRenderer.Render(Letters.Standard("homemade_apple") with { Body = "Cześć!" }));
        Assert.Equal(["ś", "ć"], error.Characters);
        Assert.Empty(Catalogue.UnsupportedCharacters("caveat", "Cześć, Łukasz! Große Grüße.\nLine two\twith a tab"));
    }

    [Fact]
    public void Proofs_carry_a_watermark_and_finals_do_not()
    {
        var proof = LetterRenderer.Render(Letters.Standard() with { Proof = true }).Pdf;
        var final = LetterRenderer.Render(Letters.Standard()).Pdf;

        // Same letter, same seed: the only visible difference is the diagonal PROOF across the page.
        var proofPixels = GreyImage.FromPng(Poppler.FirstPagePng(proof, 40));
        var finalPixels = GreyImage.FromPng(Poppler.FirstPagePng(final, 40));
        Assert.True(proofPixels.MeanDifference(finalPixels) > 0.5, $"difference {proofPixels.MeanDifference(finalPixels):F2}");
        Assert.Equal(0, finalPixels.MeanDifference(GreyImage.FromPng(Poppler.FirstPagePng(final, 40))));
    }

    [Fact]
    public void The_catalogue_preview_ends_on_a_whole_sentence()
    {
        var text = Poppler.Text(Catalogue.Preview("caveat"));
        var body = text[..text.IndexOf("With all my love,", StringComparison.Ordinal)].TrimEnd();

        Assert.EndsWith(".", body, StringComparison.Ordinal);
        Assert.Contains(SampleLetter.FirstSentences(40).Split(' ')[^1], body, StringComparison.Ordinal);
        Assert.True(WordCount(SampleLetter.FirstSentences(40)) is > 10 and <= 40);
    }

    private static int WordCount(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void The_pdf_says_what_it_is()
    {
        var info = Poppler.Info(LetterRenderer.Render(Letters.Standard()).Pdf);

        Assert.Matches(@"Title:\s+For Claire", info);
        Assert.Matches(@"Subject:\s+Anniversary letter", info);
        Assert.Matches(@"Producer:\s+PDFsharp 6\.2\.4", info);
        Assert.Matches(@"Pages:\s+1", info);
    }

    [Fact]
    public void Every_page_size_gives_pages_of_that_size()
    {
        foreach (var size in Catalogue.PageSizes)
        {
            var info = Poppler.Info(LetterRenderer.Render(Letters.Standard() with { PageSize = size.Id }).Pdf);
            var match = PageSizeLine().Match(info);
            Assert.True(match.Success, info);
            Assert.Equal(size.Width, double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0);
            Assert.Equal(size.Height, double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0);
        }
    }

    [Fact]
    public void An_envelope_adds_a_page_with_both_addresses()
    {
        var document = Letters.Standard() with
        {
            Envelope = new Envelope(["Claire Martin", "12 Rue Cler", "75007 Paris", "France"], ["Henri Martin", "3 Quai de Bourbon", "Paris"]),
        };

        var rendered = LetterRenderer.Render(document);

        Assert.Equal(2, rendered.PageCount);
        var envelope = Letters.Words(Poppler.Text(rendered.Pdf, page: 2));
        Assert.Contains("Claire Martin 12 Rue Cler 75007 Paris France", envelope, StringComparison.Ordinal);
        Assert.Contains("Henri Martin 3 Quai de Bourbon Paris", envelope, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalogue_choice_has_a_one_page_preview_of_the_sample_letter()
    {
        foreach (var style in Catalogue.Styles)
        {
            var preview = Catalogue.Preview(style.Id);
            Assert.Matches(@"Pages:\s+1", Poppler.Info(preview));
            Assert.StartsWith("14 June 2026 My dearest Claire, Fifty years ago", Letters.Words(Poppler.Text(preview)), StringComparison.Ordinal);
        }

        Assert.NotEqual(Catalogue.Preview(ink: "sepia"), Catalogue.Preview(ink: "black"));
        Assert.Same(Catalogue.Preview(paper: "ruled"), Catalogue.Preview(paper: "ruled"));
        Assert.Throws<ArgumentException>(() => Catalogue.Preview(style: "comic_sans"));
    }

    public static TheoryData<string> StyleIds() => new(Catalogue.Styles.Select(s => s.Id));

    [GeneratedRegex(@"Page size:\s+([\d.]+) x ([\d.]+) pts")]
    private static partial Regex PageSizeLine();
}
