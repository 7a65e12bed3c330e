namespace Letters.Handwriting.Tests;

/// <summary>Envelopes people can post, and letters whose address shows through a window envelope.</summary>
public sealed class EnvelopeTests
{
    private const double Inch = 72;
    private const double Mm = 72 / 25.4;

    private static readonly string[] Recipient = ["MARGARET O'BRIEN", "1600 PENNSYLVANIA AVE NW", "APT 12", "WASHINGTON DC 20500"];
    private static readonly string[] ReturnAddress = ["Henri Dubois", "12 Rue Cler", "75007 Paris"];

    public static TheoryData<string, string> EnvelopesAndHands()
    {
        var data = new TheoryData<string, string>();
        foreach (var envelope in Catalogue.Envelopes)
        {
            data.Add(envelope.Id, "caveat");
            data.Add(envelope.Id, "allure");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnvelopesAndHands))]
    public void Each_envelope_is_its_own_size_with_the_recipient_written_larger_than_the_return_address(string envelope, string style)
    {
        var pdf = Render(style, "a4", AddressPlacement.Envelope, envelope);
        var pages = Pages(pdf);
        var size = Catalogue.FindEnvelope(envelope)!;

        var (width, height) = Poppler.PageSize(pdf, pages);
        Assert.Equal(size.Width, width, 0.5);
        Assert.Equal(size.Height, height, 0.5);

        // Each written line carries its text as one span, so poppler reads a line as one "word".
        var words = Poppler.Words(pdf, pages);
        var recipient = words.Where(w => Recipient.Contains(w.Text)).ToList();
        var sender = words.Where(w => ReturnAddress.Contains(w.Text)).ToList();
        Assert.Equal(Recipient.Length, recipient.Count);
        Assert.Equal(ReturnAddress.Length, sender.Count);
        var recipientHeight = recipient.Average(w => w.YMax - w.YMin);
        var senderHeight = sender.Average(w => w.YMax - w.YMin);
        Assert.True(recipientHeight > senderHeight * 1.2, $"Recipient words {recipientHeight:F1} pt tall, return address {senderHeight:F1} pt.");

        // Clear of the post's barcode strip (the bottom 5/8 in) and of every edge.
        Assert.All(recipient, w => Assert.InRange(w.YMax, 0, height - (0.625 * Inch)));
        Assert.All(words, w => Assert.True(w.XMin >= 18 && w.XMax <= width - 18, $"'{w.Text}' runs to the envelope's edge."));
    }

    [Fact]
    public void The_recipient_lines_share_one_left_edge()
    {
        var pdf = Render("caveat", "a4", AddressPlacement.Envelope, "dl");
        var words = Poppler.Words(pdf, Pages(pdf));
        var firsts = Recipient.Select(line => words.Single(w => w.Text == line).XMin).ToList();
        Assert.InRange(firsts.Max() - firsts.Min(), 0, 4);
    }

    [Theory]
    [InlineData("us_letter", "caveat")]
    [InlineData("us_letter", "allure")]
    [InlineData("a4", "kalam")]
    [InlineData("a4", "tech")]
    public void Window_placement_writes_the_address_on_page_one_where_the_window_shows_it(string pageSize, string style)
    {
        var withEnvelope = Render(style, pageSize, AddressPlacement.Envelope, Catalogue.EnvelopeFor(pageSize));
        var pdf = Render(style, pageSize, AddressPlacement.Window, Catalogue.EnvelopeFor(pageSize));

        // No envelope page: the window envelope is not written on.
        Assert.Equal(Pages(withEnvelope) - 1, Pages(pdf));

        // The window, with the folded letter anywhere it can sit in the envelope: #10 (1 × 4 in, 5/8 in from the left)
        // shows 2 1/8–2 7/8 in of the page; DL (90 × 45 mm, 20 mm from the left) shows 50–84 mm.
        var (left, right, top, bottom) = pageSize == "us_letter"
            ? (0.625 * Inch, 4.625 * Inch, 2.125 * Inch, 2.875 * Inch)
            : (20 * Mm, 110 * Mm, 50 * Mm, 84 * Mm);
        var words = Poppler.Words(pdf, 1);
        var recipient = words.Where(w => Recipient.Contains(w.Text)).ToList();
        Assert.Equal(Recipient.Length, recipient.Count);
        Assert.All(recipient, w =>
        {
            Assert.InRange(w.XMin, left, right);
            Assert.InRange(w.XMax, left, right);
            Assert.InRange(w.YMin, top, bottom);
            Assert.InRange(w.YMax, top, bottom);
        });

        // The letter itself starts below the window.
        var salutation = words.Single(w => w.Text == "My dearest Claire,");
        Assert.True(salutation.YMin > bottom, "The salutation is written below the address window.");
    }

    [Fact]
    public void A_font_style_whose_one_reads_as_I_writes_an_address_one_with_a_flag_and_a_foot()
    {
        static int Marks(string style)
        {
            var pdf = LetterRenderer.Render(Letters.Standard(style) with { Envelope = new Envelope(["Anna Müller", "Lindenstraße 11", "10115 Berlin"], Size: "dl") }).Pdf;
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            return document.GetPage(document.NumberOfPages).Paths.Count(p => p.IsStroked && !p.IsFilled && p.StrokeColor is { } c && c.ToRGBValues().r < 0.5);
        }

        // Five ones in the address, two marks each; Caveat's own 1 already has its flag.
        Assert.Equal(10, Marks("kalam"));
        Assert.Equal(0, Marks("caveat"));
    }

    [Fact]
    public void A_pen_style_whose_one_reads_as_l_writes_an_address_one_as_flag_stem_and_foot()
    {
        var tech = Catalogue.FindStyle("tech")!;
        var document = Letters.Standard("tech") with { PageSize = "a4", AddressPlacement = AddressPlacement.Window, Envelope = new Envelope(["1111"], Size: "dl") };
        int Strokes(HandwritingStyle style) => Pen.PenRenderer.Write(document, style).Pages[0].Strokes.Count;

        Assert.Equal(4, Strokes(tech) - Strokes(tech with { PlainOne = false }));
    }

    [Fact]
    public void A_window_needs_a_page_a_window_envelope_takes()
    {
        var error = Assert.Throws<ArgumentException>(() => Render("caveat", "a5", AddressPlacement.Window, "c6"));
        Assert.Contains("us_letter or a4", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Render(string style, string pageSize, AddressPlacement placement, string envelope) =>
        LetterRenderer.Render(Letters.Standard(style) with
        {
            PageSize = pageSize,
            AddressPlacement = placement,
            Envelope = new Envelope(Recipient, ReturnAddress, envelope),
        }).Pdf;

    private static int Pages(byte[] pdf) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(Poppler.Info(pdf), @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
