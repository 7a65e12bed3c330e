using System.Diagnostics;
using Letters.Handwriting;

namespace Letters.Benchmarks;

/// <summary>./dev.sh gallery: a sample letter for every style × paper, as PDF and (with pdftoppm) PNG.</summary>
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

        return 0;
    }

    private static void ToPng(string pdf, string prefix)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdf, prefix]) { RedirectStandardError = true });
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pdftoppm (poppler-utils) is optional here: the PDFs are the gallery, PNGs a convenience.
        }
    }
}
