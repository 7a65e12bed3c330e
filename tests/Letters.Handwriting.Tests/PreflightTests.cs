using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Letters.Handwriting.Tests;

/// <summary>Every final the renderer makes is a file a print-and-mail printer takes; the preflight says so, and says why when not.</summary>
public sealed class PreflightTests
{
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
    public void Every_style_and_page_size_passes_preflight(string style, string pageSize)
    {
        var index = Catalogue.Styles.ToList().FindIndex(s => s.Id == style) + Catalogue.PageSizes.ToList().FindIndex(p => p.Id == pageSize);
        var paper = Catalogue.Papers[index % Catalogue.Papers.Count].Id;
        var document = Letters.Standard(style) with
        {
            PageSize = pageSize,
            Paper = paper,
            Envelope = new Envelope(["Margaret O'Brien", "1600 Pennsylvania Ave NW", "Washington DC 20500"], ["Henri Dubois", "12 Rue Cler", "75007 Paris"], Catalogue.EnvelopeFor(pageSize)),
            AddressPlacement = Catalogue.WindowPageSizes.Contains(pageSize) && style.Length % 2 == 0 ? AddressPlacement.Window : AddressPlacement.Envelope,
        };

        var report = Preflight.Check(LetterRenderer.Render(document).Pdf, pageSize);

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Writing_at_the_edge_is_named_with_its_page_and_edge()
    {
        var report = Preflight.Check(Drawn(gfx => gfx.DrawRectangle(XBrushes.Black, 1, 300, 40, 2)), "a4");

        Assert.False(report.Passed);
        Assert.Contains(report.Problems, p => p.Contains("Page 1", StringComparison.Ordinal) && p.Contains("left edge", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_of_the_wrong_size_is_refused_as_a_bleed()
    {
        var report = Preflight.Check(Drawn(_ => { }, width: 612 + 18, height: 792 + 18), "us_letter");

        Assert.Contains(report.Problems, p => p.Contains("bleed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_over_five_megabytes_is_refused()
    {
        var pdf = Drawn(_ => { });
        var padded = pdf.Concat(new byte[Preflight.MaxBytes]).ToArray();

        Assert.Contains(Preflight.Check(padded, "a4").Problems, p => p.Contains("MB", StringComparison.Ordinal));
    }

    [Fact]
    public void Pale_paper_to_the_edge_is_stationery_not_writing()
    {
        var report = Preflight.Check(Drawn(gfx => gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(250, 244, 230)), 0, 0, 595.28, 841.89)), "a4");

        Assert.True(report.Passed, report.ToString());
    }

    private static byte[] Drawn(Action<XGraphics> draw, double width = 595.28, double height = 841.89)
    {
        using var pdf = new PdfDocument();
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(width);
        page.Height = XUnit.FromPoint(height);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            draw(gfx);
        }

        using var stream = new MemoryStream();
        pdf.Save(stream);
        return stream.ToArray();
    }
}
