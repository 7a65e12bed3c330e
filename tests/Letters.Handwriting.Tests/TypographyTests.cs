namespace Letters.Handwriting.Tests;

public sealed class TypographyTests
{
    /// <summary>A hand that writes everything but the characters named.</summary>
    private sealed class Hand(string lacks = "") : ITextMeasure
    {
        public double Measure(ReadOnlySpan<char> text) => text.Length;

        public IReadOnlyList<string> Unsupported(string text) => [.. text.Where(c => lacks.Contains(c, StringComparison.Ordinal)).Select(c => c.ToString())];
    }

    [Theory]
    [InlineData("en", "She said \"yes\" - and it's been fifty years--all of them 'ours'.", "She said \u201Cyes\u201D \u2013 and it\u2019s been fifty years\u2014all of them \u2018ours\u2019.")]
    [InlineData("en-GB", "The '90s, \"the best\".", "The \u201990s, \u201Cthe best\u201D.")]
    [InlineData("fr", "Tu as dit \"oui\" et c'est tout.", "Tu as dit \u00AB\u00A0oui\u00A0\u00BB et c\u2019est tout.")]
    [InlineData("fr", "Tu as dit \" oui \" !", "Tu as dit \u00AB\u00A0oui\u00A0\u00BB !")]
    [InlineData("de", "Du sagtest \"ja\" - für immer.", "Du sagtest \u201Eja\u201C \u2013 für immer.")]
    [InlineData("es", "Dijiste \"sí\".", "Dijiste \u00ABsí\u00BB.")]
    public void Straight_quotes_apostrophes_and_hyphens_become_the_languages_own(string language, string typed, string written) =>
        Assert.Equal(written, Typography.Set(typed, language, new Hand()));

    [Fact]
    public void Hyphenated_words_dates_and_numbers_keep_their_hyphens() =>
        Assert.Equal("A well-known 2026-11-30 call to 555-0100.", Typography.Set("A well-known 2026-11-30 call to 555-0100.", "en", new Hand()));

    [Fact]
    public void A_mark_the_hand_cannot_write_stays_as_typed()
    {
        Assert.Equal("Tu as dit \"oui\".", Typography.Set("Tu as dit \"oui\".", "fr", new Hand(lacks: "\u00AB")));
        Assert.Equal("Tu as dit \u00ABoui\u00BB.", Typography.Set("Tu as dit \"oui\".", "fr", new Hand(lacks: "\u00A0")));
        Assert.Equal("it's - so", Typography.Set("it's - so", "en", new Hand(lacks: "\u2019\u2018\u2013")));
    }

    [Fact]
    public void The_written_letter_carries_the_marks_and_its_text_layer_says_so()
    {
        var letter = Letters.Standard("caveat") with { Language = "en", Body = "You said \"yes\" - and it's been fifty years." };

        var text = Poppler.Text(LetterRenderer.Render(letter).Pdf);

        Assert.Contains("You said \u201Cyes\u201D \u2013 and it\u2019s been fifty years.", Letters.Words(text), StringComparison.Ordinal);
    }
}
