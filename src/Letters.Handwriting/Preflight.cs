using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using UglyToad.PdfPig.Content;

namespace Letters.Handwriting;

/// <summary>What a print file was found to break, page by page; empty when it can go to the printer.</summary>
public sealed record PreflightReport(IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public override string ToString() => Passed ? "passed" : string.Join("; ", Problems);
}

/// <summary>
/// Checks a final letter against what print-and-mail printers take: no bleed (every page exactly its trim size, no
/// bleed box beyond it), no writing within 1/16 in of any edge, every font embedded, under 5 MB. The file is read
/// back, not trusted from the renderer: PDFsharp reads the page boxes and fonts, PdfPig finds where the ink is.
/// The paper itself (its colour, grain and printed rules) is the stationery, not ink: it is light, and left out.
/// </summary>
public static class Preflight
{
    /// <summary>1/16 in, in points.</summary>
    public const double EdgeClearance = 72.0 / 16;

    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Ink is darker than this (relative luminance, 0–1); paper tints, rules and grain are lighter.</summary>
    private const double InkLuminance = 0.6;

    private static readonly string[] FontFiles = ["/FontFile", "/FontFile2", "/FontFile3"];

    /// <param name="pageSize">The letter's page size (a catalogue id); envelope pages may be any catalogue envelope.</param>
    public static PreflightReport Check(byte[] pdf, string pageSize)
    {
        var problems = new List<string>();
        if (pdf.Length > MaxBytes)
        {
            problems.Add($"The file is {pdf.Length / 1048576.0:F1} MB; printers take at most {MaxBytes / 1048576} MB.");
        }

        var trim = Catalogue.FindPageSize(pageSize) ?? throw new ArgumentException($"Unknown page size '{pageSize}'.", nameof(pageSize));
        using (var stream = new MemoryStream(pdf, writable: false))
        using (var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import))
        {
            for (var i = 0; i < document.PageCount; i++)
            {
                CheckBoxesAndFonts(document.Pages[i], i + 1, trim, problems);
            }
        }

        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            foreach (var page in document.GetPages())
            {
                CheckClearance(page, problems);
            }
        }

        return new PreflightReport(problems);
    }

    private static void CheckBoxesAndFonts(PdfPage page, int number, PageSize trim, List<string> problems)
    {
        var media = page.MediaBox;
        bool Is(PageSize size) => Math.Abs(media.Width - size.Width) < 0.5 && Math.Abs(media.Height - size.Height) < 0.5;
        if (!Is(trim) && !Catalogue.Envelopes.Any(Is))
        {
            problems.Add($"Page {number} is {media.Width:F1} × {media.Height:F1} pt, not {trim.Name} ({trim.Width:F1} × {trim.Height:F1}) or an envelope: a bleed or a wrong size.");
        }

        foreach (var box in new[] { "/BleedBox", "/TrimBox" })
        {
            if (page.Elements.GetRectangle(box) is { IsZero: false } rectangle && (Math.Abs(rectangle.Width - media.Width) > 0.5 || Math.Abs(rectangle.Height - media.Height) > 0.5))
            {
                problems.Add($"Page {number} has a {box[1..]} other than its page: print files here have no bleed.");
            }
        }

        var fonts = page.Resources.Elements.GetDictionary("/Font");
        foreach (var name in fonts?.Elements.Keys ?? [])
        {
            var font = fonts!.Elements.GetDictionary(name);
            var descriptor = (font?.Elements.GetArray("/DescendantFonts")?.Elements.GetDictionary(0) ?? font)?.Elements.GetDictionary("/FontDescriptor");
            var embedded = descriptor is not null && FontFiles.Any(descriptor.Elements.ContainsKey);
            if (!embedded)
            {
                problems.Add($"Page {number}: the font {font?.Elements.GetName("/BaseFont") ?? name} is not embedded.");
            }
        }
    }

    /// <summary>Where the ink is on a page, in points from the bottom left (PDF's way up); null on a blank page.</summary>
    internal static (double Left, double Bottom, double Width, double Height)? InkBox(byte[] pdf, int pageNumber)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return Ink(document.GetPage(pageNumber)) is var (left, bottom, right, top) ? (left, bottom, right - left, top - bottom) : null;
    }

    private static (double Left, double Bottom, double Right, double Top)? Ink(Page page)
    {
        double left = double.MaxValue, bottom = double.MaxValue, right = double.MinValue, top = double.MinValue;
        void Add(UglyToad.PdfPig.Core.PdfRectangle box)
        {
            left = Math.Min(left, box.Left);
            right = Math.Max(right, box.Right);
            bottom = Math.Min(bottom, box.Bottom);
            top = Math.Max(top, box.Top);
        }

        foreach (var letter in page.Letters)
        {
            // Render mode 3 is the invisible text layer over the ink: it is searched, never printed.
            if (letter.RenderingMode != UglyToad.PdfPig.Core.TextRenderingMode.Neither && !string.IsNullOrWhiteSpace(letter.Value))
            {
                Add(letter.BoundingBox);
            }
        }

        foreach (var path in page.Paths)
        {
            // A pen stroke is a clip its ink's shading fills; a font style's letter a filled outline.
            var color = path.IsFilled ? path.FillColor : path.IsStroked ? path.StrokeColor : null;
            var ink = path.IsClipping || (color is not null && Luminance(color) < InkLuminance);
            if (ink && path.GetBoundingRectangle() is { } box)
            {
                Add(box);
            }
        }

        return left == double.MaxValue ? null : (left, bottom, right, top);
    }

    private static void CheckClearance(Page page, List<string> problems)
    {
        if (Ink(page) is not var (left, bottom, right, top))
        {
            return;
        }

        var clear = new[] { ("left", left), ("bottom", bottom), ("right", page.Width - right), ("top", page.Height - top) };
        foreach (var (edge, distance) in clear.Where(c => c.Item2 < EdgeClearance))
        {
            problems.Add($"Page {page.Number}: writing comes {Math.Max(distance, 0) / 72:F3} in from the {edge} edge; print needs {EdgeClearance / 72:F4} in (1/16 in) clear.");
        }
    }

    private static double Luminance(UglyToad.PdfPig.Graphics.Colors.IColor color)
    {
        // Patterns here are only the paper's grain.
        if (color.ColorSpace == UglyToad.PdfPig.Graphics.Colors.ColorSpace.Pattern)
        {
            return 1;
        }

        var (r, g, b) = color.ToRGBValues();
        return (0.2126 * r) + (0.7152 * g) + (0.0722 * b);
    }
}
