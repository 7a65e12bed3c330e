using System.Diagnostics;
using Letters.Handwriting;

namespace Letters.Benchmarks;

/// <summary>
/// ./dev.sh gallery: a sample letter for every style × paper, as PDF and (with pdftoppm) PNG; and for every style
/// one word written ten times (ten-times-STYLE), at 300 dpi, to see that no two are alike up close.
/// </summary>
public static class Gallery
{
    public static int Run(string directory)
    {
        Directory.CreateDirectory(directory);
        var inks = Catalogue.Inks.Select(i => i.Id).ToArray();
        var n = 0;
        foreach (var style in Catalogue.Styles)
        {
            foreach (var paper in Catalogue.Papers)
            {
                var document = SampleLetter.Document(style: style.Id, paper: paper.Id, seed: (ulong)(7 + n)) with { Ink = inks[n % inks.Length] };
                var rendered = LetterRenderer.Render(document);
                var name = Path.Combine(directory, $"{style.Id}-{paper.Id}");
                File.WriteAllBytes(name + ".pdf", rendered.Pdf);
                ToPng(name + ".pdf", name);
                Console.WriteLine($"{name}.pdf  {rendered.PageCount} page(s), {rendered.Pdf.Length / 1024} KB");
                n++;
            }
        }

        foreach (var style in Catalogue.Styles)
        {
            var word = string.Join('\n', Enumerable.Repeat("minimum almond", 10));
            var document = new LetterDocument
            {
                Salutation = "Ten times:", Body = word, Closing = "", Signature = "", Style = style.Id, Paper = "white", PageSize = "a5", Seed = 2026,
            };
            var name = Path.Combine(directory, $"ten-times-{style.Id}");
            File.WriteAllBytes(name + ".pdf", LetterRenderer.Render(document).Pdf);
            ToPng(name + ".pdf", name, dpi: 300);
            Console.WriteLine($"{name}.pdf  one word ten times");
        }

        return 0;
    }

    private static void ToPng(string pdf, string prefix, int dpi = 90)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", pdf, prefix]) { RedirectStandardError = true });
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pdftoppm (poppler-utils) is optional here: the PDFs are the gallery, PNGs a convenience.
        }
    }
}
