namespace Letters.Handwriting.Tests;

/// <summary>The Intelligent Mail barcode against the encodings USPS publishes for known inputs.</summary>
public sealed class IntelligentMailBarcodeTests
{
    /// <summary>USPS-B-3200's examples: one tracking code with each length of routing code.</summary>
    [Theory]
    [InlineData("01234567094987654321", "", "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT")]
    [InlineData("01234567094987654321", "01234", "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT")]
    [InlineData("01234567094987654321", "012345678", "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA")]
    [InlineData("01234567094987654321", "01234567891", "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA")]
    public void The_specifications_examples_encode_bar_for_bar(string tracking, string routing, string bars) =>
        Assert.Equal(bars, IntelligentMailBarcode.Letters(tracking, routing));

    /// <summary>An encoding from USPS's own online encoder: barcode ID 23, service type 270, a 6-digit mailer ID.</summary>
    [Fact]
    public void An_encoding_from_the_USPS_encoder_matches() =>
        Assert.Equal("DDADATADTAATDTTTDFDTTFTFFADTFTDFTATAAFTTFATDAATATDATATFADAADDTFDT", IntelligentMailBarcode.Letters("23270592831482031240", "96713024817"));

    [Theory]
    [InlineData("0123456709498765432", "", "20 digits")]
    [InlineData("05234567094987654321", "", "0 to 4")]
    [InlineData("01234567094987654321", "1234", "5, 9 or 11")]
    [InlineData("0123456709498765432x", "", "20 digits")]
    public void Digits_it_cannot_encode_are_refused_saying_why(string tracking, string routing, string why) =>
        Assert.Contains(why, IntelligentMailBarcode.Problem(tracking, routing), StringComparison.Ordinal);
}
