using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Letters.Handwriting.Tests;

/// <summary>Paper that looks like paper, at a cost a print file can carry.</summary>
public sealed class PaperTests
{
    [Theory]
    [InlineData("white")]
    [InlineData("cream")]
    [InlineData("ruled")]
    [InlineData("parchment")]
    public void The_paper_adds_at_most_60_KB_a_page(string paper)
    {
        var pdf = LetterRenderer.Render(Letters.Standard("caveat") with { Paper = paper, PageSize = "a4" }).Pdf;

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var images = new HashSet<PdfObjectID>();
        var bytes = 0L;
        foreach (var page in document.Pages)
        {
            // The paper is each page's first content stream and the images and pattern it draws.
            bytes += ((PdfReference)page.Contents.Elements[0]).Value is PdfDictionary first ? first.Stream.Length : 0;
            foreach (var key in new[] { "/XObject", "/Pattern" })
            {
                foreach (var reference in page.Resources.Elements.GetDictionary(key)?.Elements.Values.OfType<PdfReference>() ?? [])
                {
                    if (images.Add(reference.ObjectID) && reference.Value is PdfDictionary { Stream: { } stream })
                    {
                        bytes += stream.Length;
                    }
                }
            }
        }

        Assert.InRange(bytes / document.PageCount, 1, 60 * 1024);
    }

    [Fact]
    public void Parchment_darkens_softly_towards_its_edges_and_has_no_hard_blotches()
    {
        var png = Poppler.FirstPagePng(LetterRenderer.Render(Letters.Standard("caveat") with { Paper = "parchment", Body = "x", PageSize = "a4" }).Pdf, 36);
        var image = GreyImage.FromPng(png);
        double Mean(int x0, int y0, int w, int h)
        {
            var sum = 0.0;
            for (var y = y0; y < y0 + h; y++)
            {
                for (var x = x0; x < x0 + w; x++)
                {
                    sum += image.Pixels[(y * image.Width) + x];
                }
            }

            return sum / (w * h);
        }

        // The outermost strip is darker than a strip a little further in, which is darker than the middle of the sheet.
        var edge = Mean(0, image.Height / 3, 2, image.Height / 3);
        var inside = Mean(8, image.Height / 3, 2, image.Height / 3);
        var middle = Mean(image.Width / 2 - 5, image.Height - 40, 10, 10);
        Assert.True(edge < inside - 2 && inside <= middle + 4, $"edge {edge:F1}, a little in {inside:F1}, middle {middle:F1}");

        // No step anywhere on a blank row: neighbouring pixels differ by little (the old blotches had hard edges).
        var row = image.Height - 30;
        var steps = Enumerable.Range(1, image.Width - 1).Max(x => Math.Abs(image.Pixels[(row * image.Width) + x] - image.Pixels[(row * image.Width) + x - 1]));
        Assert.InRange(steps, 0, 12);
    }
}
