using System.Diagnostics;
using Letters.Handwriting;
using Letters.Handwriting.Hands;

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

        // The demo writers' hands, shelved as the app shelves an approved hand, beside the catalogue's styles.
        foreach (var (slug, name, font) in DemoHand.Writers)
        {
            Catalogue.Shelve(HandLibrary.Build(DemoHand.Generate(slug, name, font, (ulong)(n++ + 1))));
        }

        n = 0;
        var styles = Catalogue.Styles.Concat(Catalogue.ShelvedHands.Select(h => h.Style)).ToList();
        foreach (var style in styles)
        {
            foreach (var paper in Catalogue.Papers)
            {
                var document = SampleLetter.Document(style: style.Id, paper: paper.Id, seed: (ulong)(7 + n)) with { Ink = inks[n % inks.Length] };
                var rendered = LetterRenderer.Render(document);
                var name = Path.Combine(directory, $"{style.Id.Replace(':', '-')}-{paper.Id}");
                File.WriteAllBytes(name + ".pdf", rendered.Pdf);
                ToPng(name + ".pdf", name);
                Console.WriteLine($"{name}.pdf  {rendered.PageCount} page(s), {rendered.Pdf.Length / 1024} KB");
                n++;
            }
        }

        foreach (var style in styles)
        {
            var word = string.Join('\n', Enumerable.Repeat("minimum almond", 10));
            var document = new LetterDocument
            {
                Salutation = "Ten times:", Body = word, Closing = "", Signature = "", Style = style.Id, Paper = "white", PageSize = "a5", Seed = 2026,
            };
            var name = Path.Combine(directory, $"ten-times-{style.Id.Replace(':', '-')}");
            File.WriteAllBytes(name + ".pdf", LetterRenderer.Render(document).Pdf);
            ToPng(name + ".pdf", name, dpi: 300);
            Console.WriteLine($"{name}.pdf  one word ten times");
        }

        // Every envelope with a US, a UK, a German and a Japanese address, and the letters behind window envelopes.
        string[] from = ["Henri Dubois", "12 Rue Cler", "75007 Paris", "FRANCE"];
        var addresses = new (string Country, string[] Lines)[]
        {
            ("us", ["MARGARET O'BRIEN", "1600 PENNSYLVANIA AVE NW", "APT 12", "WASHINGTON DC 20500"]),
            ("uk", ["Mr Alistair Hughes", "27 Fore Street", "PENZANCE", "TR18 4AA", "UNITED KINGDOM"]),
            ("de", ["Frau Anna Müller", "Lindenstraße 12", "10115 Berlin", "GERMANY"]),
            ("jp", ["Ms Yuki Tanaka", "3-2-1 Marunouchi", "Chiyoda-ku, Tokyo 100-0005", "JAPAN"]),
        };
        var e = 0;
        foreach (var envelope in Catalogue.Envelopes)
        {
            foreach (var (country, lines) in addresses)
            {
                var style = Catalogue.Styles[e % Catalogue.Styles.Count].Id;
                var paper = Catalogue.Papers[e % Catalogue.Papers.Count].Id;
                var document = SampleLetter.Document(style: style, paper: paper, seed: (ulong)(100 + e)) with { Envelope = new Envelope(lines, from, envelope.Id) };
                var rendered = LetterRenderer.Render(document);
                var name = Path.Combine(directory, $"envelope-{envelope.Id}-{country}");
                File.WriteAllBytes(name + ".pdf", rendered.Pdf);
                ToPng(name + ".pdf", name, page: rendered.PageCount);
                Console.WriteLine($"{name}.pdf  {style} on {paper}, envelope page {rendered.PageCount}");
                e++;
            }
        }

        foreach (var (pageSize, style) in new[] { ("us_letter", "allure"), ("a4", "caveat") })
        {
            var document = SampleLetter.Document(style: style, pageSize: pageSize, seed: 31) with { AddressPlacement = AddressPlacement.Window, Envelope = new Envelope(addresses[0].Lines, from) };
            var name = Path.Combine(directory, $"window-{pageSize}");
            File.WriteAllBytes(name + ".pdf", LetterRenderer.Render(document).Pdf);
            ToPng(name + ".pdf", name);
            Console.WriteLine($"{name}.pdf  address behind a window envelope");
        }

        // Shaped type: a Hindi name in Kalam (conjuncts, the i-sign before its consonant), and Caveat's alternates
        // for repeated letters.
        foreach (var (style, salutation, body) in new[]
        {
            ("kalam", "प्रिय अनिता शर्मा,", "Anita, for the letters of the years, thank you. अनिता शर्मा, कृष्ण, स्त्री, क्षमा."),
            ("caveat", "Dear Ella,", "Little llamas sleep soon; the apple tree's three green bees buzz off. Committee, balloon, coffee."),
        })
        {
            var document = new LetterDocument { Salutation = salutation, Body = body, Closing = "With love,", Signature = "Anne", Style = style, Paper = "white", PageSize = "a5", Seed = 2026 };
            var name = Path.Combine(directory, $"shaped-{style}");
            File.WriteAllBytes(name + ".pdf", LetterRenderer.Render(document).Pdf);
            ToPng(name + ".pdf", name, dpi: 200);
            Console.WriteLine($"{name}.pdf  shaped text");
        }

        return 0;
    }

    private static void ToPng(string pdf, string prefix, int dpi = 90, int page = 1)
    {
        try
        {
            var p = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", p, "-l", p, "-singlefile", pdf, prefix]) { RedirectStandardError = true });
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pdftoppm (poppler-utils) is optional here: the PDFs are the gallery, PNGs a convenience.
        }
    }
}
